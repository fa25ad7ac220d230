/* site.h - the whole site: settings from site.yaml, the compilations and
 * their documents, and what links them (relations, status on the build
 * day).
 *
 * Ownership: struct site owns its compilations and documents; site_free
 * frees everything (NULL is a no-op).
 */
#ifndef HUIBIAN_SITE_H
#define HUIBIAN_SITE_H

#include "date.h"
#include "diag.h"
#include "doc.h"
#include "strset.h"
#include "value.h"

struct topic {
	char *name;
	char *description; /* NULL when none */
};

/* What is computed from the linked site once and used by two stages:
 * views (views.h) keeps its model here from `check` to `write`.  Filled and
 * emptied through the pointer (the site itself stays const); free(views)
 * is views_free's job, called by site_free if still set. */
struct site_cache {
	void *views;
	void (*views_free)(void *views);
};

struct site {
	char *content_dir;
	char *title, *base_url, *language;
	struct value *departments; /* site.yaml's map: canonical name → aliases */
	struct topic *topics;
	size_t ntopics;
	struct compilation **comps; /* sorted by name */
	size_t ncomps;
	struct doc **docs; /* compilation by compilation, in printed order */
	size_t ndocs;
	size_t nmeasures;
	struct date today;	  /* the build date that status is computed for */
	struct strset by_slug;	  /* "comp/doc" → struct doc * */
	struct strset by_number;  /* normalised 发文字号 → struct doc * */
	struct strset by_title;	  /* title, and title of the text it transmits → doc */
	struct site_cache *cache; /* NULL in a site not made by site_config_load */
};

/* Read content_dir/site.yaml into a new site (a missing file gives the
 * defaults, with a warning).  0 / -1. */
int site_config_load(struct site **out, const char *content_dir, struct diag *d);
/* Take ownership of a loaded compilation / document. */
void site_add_compilation(struct site *s, struct compilation *c);
void site_add_doc(struct site *s, struct doc *doc);
/* Order documents, check sections and relations, compute every status for
 * s->today.  0, or -1 if errors were reported. */
int site_link(struct site *s, struct diag *d);
/* The document a relation target names ("comp/doc" or a 发文字号), or NULL. */
struct doc *site_find(const struct site *s, const char *target);
/* Free what only the document and version pages need: every document's
 * body and html (and their citation tags).  For build, after those pages
 * are written and before the search index (which reads the plain text),
 * to lower the peak memory. */
void site_release_page_text(struct site *s);
void site_free(struct site *s);
/* The same, freeing the documents on up to jobs threads (the 10,000
 * documents of a large site take 0.1 s to free on one). */
void site_free_jobs(struct site *s, int jobs);

#endif
