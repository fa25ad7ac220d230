/* histpagesint.h - what the parts of histpages (histpages.c: entry, names
 * and the history page; histversion.c: version and diff pages;
 * histchanges.c: changelog and Atom feed) share.  Not for other modules.
 *
 * Ownership: struct hp is made and freed by histpages_write; its arrays
 * are parallel to h->docs.  The pages of different documents are written
 * on several threads (pages.jobs): a document's task writes only its own
 * slots (title[i], rc[i], live[i]'s page text); the changelog is written
 * after all of them.  Strings returned by hp_* are malloc'ed (the caller
 * frees) unless said otherwise.
 */
#ifndef HUIBIAN_HISTPAGESINT_H
#define HUIBIAN_HISTPAGESINT_H

#include <stddef.h>

#include "buf.h"
#include "doc.h"
#include "histpages.h"
#include "history.h"
#include "page.h"
#include "value.h"

/* Longest version name: a full id, '-', a number. */
#define HP_NAME_MAX (GIT_OID_HEXSZ + 24)

struct hp {
	const struct pages *p;
	const struct history *h;
	struct doc **live;    /* per h->docs[i]: the site's document, or NULL;
				 its page text is freed once its pages are written */
	char **title;	      /* per h->docs[i]: the title shown (owned), or NULL */
	unsigned char *paged; /* per h->docs[i]: its history pages are written */
	int *rc;	      /* per h->docs[i]: -1 when writing its pages failed */
};

/* A version of a document read from git for the pages. */
struct hp_text {
	struct buf text;  /* the blob as stored */
	struct doc *doc;  /* parsed, with html; NULL when it does not parse */
	int borrowed;	  /* doc is a copy of the site's document: it owns
			     only its struct and its html */
	struct buf error; /* the messages when it does not parse */
};

/* "demo/a" for "demo/a.md". */
char *hp_slug(const struct history_doc *hd);
/* The folder name of version k of hd (see histpages.h) into out. */
void hp_vername(char out[HP_NAME_MAX], const struct history_doc *hd, size_t k);
/* "<slug>/history.html". */
char *hp_history_href(const struct history_doc *hd);
/* The page of version k: "<slug>/v-<name>.html" (kind "v"), or of its
 * changes: "<slug>/diff-<name>.html" (kind "diff"). */
char *hp_version_href(const struct history_doc *hd, const char *kind, size_t k);
/* Does version k have a page?  Not a deletion.  (The live version has none
 * of its own either: see hp_is_live.) */
int hp_has_pages(const struct history_doc *hd, size_t k);
/* Does version k have a diff page?  Not a deletion, and not the version
 * that added the document (nothing to compare; the oldest version of a
 * shallow clone has one, which says so). */
int hp_has_diff(const struct history_doc *hd, size_t k);
/* Is version k of document i the text the site built (the newest version,
 * with the blob id of the document's file)?  Its page is then the
 * document page itself: no version page is written for it. */
int hp_is_live(const struct hp *hp, size_t i, size_t k);
/* Where version k of document i is shown: the document page for the live
 * version, else hp_version_href(kind "v"). */
char *hp_version_link(const struct hp *hp, size_t i, size_t k);
/* Set date ("YYYY-MM-DD") and datetime (RFC 3339) of a time in map. */
void hp_set_when(struct value *map, long long t, int offset_minutes);
/* RFC 3339 "YYYY-MM-DDTHH:MM:SS+HH:MM" into out (at least 26 bytes). */
void hp_rfc3339(char out[32], long long t, int offset_minutes);
/* A repository path made content-relative (borrowed suffix of path). */
const char *hp_content_path(const struct history *h, const char *path);
/* The compilation of the site named name, or NULL. */
const struct compilation *hp_compilation(const struct pages *p, const char *name);

/* The breadcrumbs of a page about document i: its compilation, the
 * document (hp->title[i] must be set), and 修订历史 when history is set. */
void hp_crumbs(const struct hp *hp, struct value *page, size_t i, int history);

/* Write the version and diff pages of document i (histversion.c), and
 * record its title.  0 / -1. */
int hp_doc_versions(struct hp *hp, size_t i);
/* Only record the title of document i (its pages are reused). */
void hp_doc_title(struct hp *hp, size_t i);
/* Write changes/index.html and changes/feed.xml (histchanges.c).  0 / -1. */
int hp_changes(struct hp *hp);

#endif
