/* doc.h - the documents of a site: one official document per .md file, one
 * compilation per folder (with its optional _index.md).
 *
 * doc_load / compilation_load read and validate one file; every problem is
 * reported to the diag as path:line:col.  Ownership: struct doc and struct
 * compilation own all their strings and arrays; doc_free / compilation_free
 * free them (NULL is a no-op).  compilation->docs borrows the docs, which
 * the site (site.h) owns.
 */
#ifndef HUIBIAN_DOC_H
#define HUIBIAN_DOC_H

#include <stddef.h>

#include "buf.h"
#include "date.h"
#include "diag.h"
#include "hash.h"
#include "status.h"
#include "value.h"

struct strlist {
	char **v;
	size_t n;
};

void strlist_push(struct strlist *l, const char *s);
void strlist_release(struct strlist *l);
/* Join with sep into a new string (caller frees). */
char *strlist_join(const struct strlist *l, const char *sep);
/* The same appended to b. */
void strlist_put_joined(struct buf *b, const struct strlist *l, const char *sep);

struct heading {
	int level;    /* 1..6 */
	char *anchor; /* HTML id */
	char *text;   /* plain text */
};

struct measure {
	char *id; /* stable id: given, or derived from the numbering */
	struct strlist topics, depts;
	char *amount, *beneficiaries, *mode; /* NULL when absent */
	struct date deadline;
	int line, col; /* of the comment in the file */
	char *text;    /* plain text of the annotated block(s) */
	char *summary; /* its first sentence */
	int borrowed;  /* text and summary point into the document cache's
			  mapped file (as struct doc's plain): not freed */
	/* when has_text_hash: memo_text_hash of text and summary, made where
	 * they are made or read back (the memo keys of the views need the
	 * hash of every measure's text; read again later, 37 MB at 10,000
	 * documents, the texts cost more than the rest of those keys) */
	int has_text_hash;
	unsigned char text_hash[HASH_SIZE];
};

struct doc {
	char *path;	   /* relative to the content folder: "demo/a.md" */
	char *file;	   /* the file's path on disk, used in messages */
	char *slug;	   /* URL path: "demo/a" */
	char *compilation; /* "demo" */
	/* front matter (NULL / empty / unset when absent) */
	char *title, *number, *recipients, *level, *kind, *section, *attachment, *source,
	    *index_number;
	struct strlist issuers, topics, supersedes, repeals, amends;
	struct date signed_on, published, effective, expires;
	long order;
	int has_order;
	int has_status; /* status given in front matter */
	enum status status_given;
	struct value *front; /* the parsed front matter, kept for positions */
	/* doc_load only: the git blob id of the file's bytes as read (before
	 * any normalisation), so that a version in git with the same id is
	 * known to be this very text without reading it */
	unsigned char blob_id[20];
	int has_blob_id;
	/* body */
	char *body; /* Markdown after the front matter (owned) */
	size_t body_len;
	int body_line; /* file line where the body starts */
	/* filled by markdown_render */
	char *html;	    /* rendered body */
	char *plain;	    /* plain text of the body */
	size_t plain_len;   /* its bytes */
	int plain_borrowed; /* plain points into a file the document cache
			       mapped (doccache.h: mapped until doccache_free):
			       not freed with the document */
	struct heading *toc;
	size_t ntoc;
	struct measure *measures;
	size_t nmeasures, measures_cap;
	const struct doc **cites; /* documents its text cites (borrowed), by markdown_doc */
	size_t ncites;
	/* the citation links in html: byte ranges {start, length} of their
	 * <a …> and </a> tags, in order (markdown_uncited removes them) */
	size_t (*cite_tags)[2];
	size_t ncite_tags;
	/* computed by site_link */
	enum status status;
};

struct compilation {
	char *name;  /* folder name, also its URL path */
	char *path;  /* "demo/_index.md" (whether or not it exists) */
	char *title; /* from _index.md, else the folder name */
	char *editor;
	struct date date;
	struct strlist sections;
	char *preface; /* Markdown body of _index.md ("" when none) */
	int preface_line;
	char *preface_html; /* filled by the renderer */
	struct doc **docs;  /* borrowed, in printed order */
	size_t ndocs;
};

/* Read and validate content_dir/relpath (a document).  On success *out is
 * set (even when only warnings were reported) and 0 is returned; on error
 * -1 (with *out NULL). */
int doc_load(struct doc **out, const char *content_dir, const char *relpath, struct diag *d);
/* The same from text in memory (an old version from git): relpath gives
 * the names, label is the name used in messages ("a/b.md@1a2b3c4"). */
int doc_parse(struct doc **out, const char *relpath, const char *label, const char *text,
	      size_t len, struct diag *d);
/* The document content_dir/relpath from what doc_load found in it before
 * (the build cache's, doccache.h): its front matter (taken, even on
 * error), the blob id of its bytes and the line its body starts on.  The
 * body is not read (doc_body reads it when needed).  0 / -1 (reported). */
int doc_from_front(struct doc **out, const char *content_dir, const char *relpath,
		   struct value *front, const unsigned char blob_id[20], int body_line,
		   struct diag *d);
/* Make sure doc->body is there: a document made by doc_from_front reads it
 * from its file now, which must still be the text of doc->blob_id (else an
 * error: the file changed during the build).  0 / -1 (reported). */
int doc_body(struct doc *doc, struct diag *d);
/* Free doc's body (left NULL / 0) when doc_body can read it again from
 * the file (the document was read from one: its blob id is known); else
 * keep it.  Returns 1 when freed. */
int doc_release_body(struct doc *doc);
/* Free what only the document's pages read: its body and html (with the
 * citation tags), left NULL / 0. */
void doc_release_page_text(struct doc *doc);
/* Free what markdown_doc fills but the html: plain text, headings,
 * measures and citations, left NULL / 0. */
void doc_release_extract(struct doc *doc);
void doc_free(struct doc *doc);

/* Read content_dir/name/_index.md if it exists (else defaults). 0 / -1. */
int compilation_load(struct compilation **out, const char *content_dir, const char *name,
		     struct diag *d);
void compilation_free(struct compilation *c);

/* Read a whole file into out, normalising CRLF to LF and dropping a UTF-8
 * BOM, and check that it is valid UTF-8 without NUL bytes (reporting the
 * first bad byte as path:line:col).  Files over max_bytes are refused.
 * Returns 0 / -1. */
int doc_read_text(struct buf *out, const char *file, const char *path, size_t max_bytes,
		  struct diag *d);

/* Split text into front matter and body.  A document starts with a line
 * "---" and its front matter ends at the next line "---" (or "...").  Sets
 * *fm and *fm_len (the YAML, may be empty), *body_off and *body_line.  Returns
 * 1 when front matter was found, 0 when the text has none, -1 (reported)
 * when it is not closed. */
int doc_split(const char *text, size_t len, const char *path, const char **fm, size_t *fm_len,
	      size_t *body_off, int *body_line, struct diag *d);

#endif
