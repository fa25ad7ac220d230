/* viewsint.h - what the view writers (viewsdept.c, viewsmeasure.c,
 * viewstime.c, feeds.c) share: the views model built once from the linked
 * site by views_model.
 *
 * The model resolves every issuer and 责任单位 to a canonical department
 * (dept.h), groups documents and measures by department and by topic, and
 * orders documents newest first.  Ownership: struct views owns everything
 * in it except the site; views_release frees it.
 */
#ifndef HUIBIAN_VIEWSINT_H
#define HUIBIAN_VIEWSINT_H

#include <stddef.h>

#include "buf.h"
#include "dept.h"
#include "diag.h"
#include "hash.h"
#include "page.h"
#include "site.h"
#include "strset.h"
#include "value.h"
#include "viewsfile.h"

#define VIEWS_NONE ((size_t)-1)

enum vrole {
	VROLE_SOLE,  /* the only issuer / responsible unit */
	VROLE_LEAD,  /* 牵头 */
	VROLE_JOINT, /* 联合 (issuers) / 配合 (measures) */
};

struct vref {
	size_t doc; /* index into site->docs */
	size_t m;   /* measure index in that document, or VIEWS_NONE */
	enum vrole role;
};

struct vdept {
	char *name;		      /* canonical */
	char *id;		      /* "d-1a2b3c4d" (unique in the site) */
	const char *level;	      /* 国家, 省, 市, 区县 or 其他 */
	size_t rank;		      /* position in site.yaml's departments, or VIEWS_NONE */
	struct vref *docs, *measures; /* newest document first */
	size_t ndocs, nmeasures;
	size_t nlead; /* documents issued as lead or sole issuer */
};

struct vtopic {
	char *name, *id;	 /* id "t-1a2b3c4d" */
	const char *description; /* borrowed from the site, or NULL */
	int declared;		 /* listed in site.yaml */
	struct vref *measures;	 /* newest document first */
	size_t nmeasures;
	size_t *docs; /* documents with the topic in front matter, newest first */
	size_t ndocs;
};

struct vdoc {
	size_t *issuers;  /* department of each issuer */
	size_t **mdepts;  /* per measure: department of each 责任单位 */
	size_t **mtopics; /* per measure: topic of each topic (both lists in
			     one block per document, from [0]) */
	size_t rank;	  /* position in newest-first order */
};

struct views {
	const struct site *s;
	struct dept_ctx ctx;
	struct vdept *depts; /* in index order: level, site.yaml order, code point */
	size_t ndepts;
	struct vtopic *topics; /* site.yaml order, then undeclared by code point */
	size_t ntopics;
	struct vdoc *docs; /* parallel to site->docs */
	size_t *newest;	   /* document indices, newest first */
};

/* Build the model of s; ambiguous department names and undeclared topics
 * are warned about in d (once per name) when d is not NULL.  0 / -1. */
int views_model(struct views *v, const struct site *s, struct diag *d);
void views_release(struct views *v);

/* The canonical level of a document's `level` ("国家" … or "其他"). */
const char *views_doc_level(const struct doc *doc);
/* Rows per page of the paginated lists: the measures tables and a
 * department's or a topic's documents and measures. */
#define VIEWS_PAGE_ROWS 200

/* Append a measure's summary (its first sentence, else its text) cut to
 * 60 characters with "…", escaped for HTML. */
void views_put_summary(struct buf *out, const struct measure *m);
/* The pages needed to show lists of a and b items side by side,
 * VIEWS_PAGE_ROWS of each per page (at least 1). */
size_t views_npages(size_t a, size_t b);
/* The path of page n (from 1) of a paginated view in folder dir:
 * "<dir>/<n>/index.html", except "<dir>/index.html" for page 1 when not
 * numbered_first (caller frees). */
char *views_paged_href(const char *dir, size_t n, int numbered_first);
/* The page navigation of page n of npages (see _vpager.mustache):
 * {has_pages, page, npages, prev, next, items: [{n, href} | {n, current}
 * | {gap}]}: the first and last pages and two on each side of n. */
struct value *views_pager(const char *dir, size_t n, size_t npages, int numbered_first);
/* "../" once per folder of relpath: the `root` of a page there (caller
 * frees). */
char *views_root(const char *relpath);
/* The HTML of the items the views repeat (viewshtml.c), appended to out;
 * root is the `root` of the page they go on ("../../" …).
 * A document list item (<li class="doc-item">: title, lead issuer
 * (canonical), 发文字号, date, 施行/失效 dates, status, measures count, and
 * the role label 牵头 / 联合 when role is not VROLE_SOLE). */
void views_html_doc_item(struct buf *out, const struct views *v, size_t di, enum vrole role,
			 const char *root);
/* The rows of a measures table (the columns of _vmeasures.mustache) for
 * the measures refs[0, n), one <tbody> per document (consecutive refs of
 * one document): a heading row with the document, its 发文字号 and status,
 * then a row per measure.  The <tbody> carries data-level and data-status,
 * and the rows' topic and department links their ids, for the filter of
 * static/views.js.  The page must be in a folder under measures/. */
void views_html_measure_table(struct buf *out, const struct views *v, const struct vref *refs,
			      size_t n, const char *root);
/* The measures refs[0, n) grouped by document (consecutive refs of one
 * document form a group): <li class="v-mgroup"> items with the document
 * and its measures, each with its role 牵头 / 配合 unless VROLE_SOLE. */
void views_html_mgroups(struct buf *out, const struct views *v, const struct vref *refs, size_t n,
			const char *root);
/* A string value taking s (len bytes, malloc'ed, NUL-terminated) without
 * copying it: for the HTML above. */
struct value *views_html_value(char *s, size_t len);
/* "departments/d-…/index.html" etc. (caller frees). */
char *views_dept_href(const struct vdept *d);
char *views_topic_href(const struct vtopic *t);

/* The memo keys of the views' groups of pages (memo.h), when the pages
 * are memoised: each group (one page, or a data file, or a page and its
 * data) is keyed by base, its kind and identity, and what it shows: the
 * hashes below of the documents and measures it lists, in order, with
 * their roles, and the figures, lists and options it shows of others.
 * The hash of a document covers what any view shows of it but its
 * measures; that of a measure covers its document's hash, its number in
 * the document, every field of it and the topics and departments (id and
 * name) it resolves to.  The views key, all, covers base and every hash:
 * each group's key is made of what it covers, so when it is the last
 * build's, so is every group's key (viewsfile.h).  Owns its arrays. */
struct vmemo {
	unsigned char base[HASH_SIZE];	     /* the site key and nav_views */
	unsigned char all[HASH_SIZE];	     /* the views key */
	unsigned char (*doc)[HASH_SIZE];     /* per document (site order) */
	unsigned char (*measure)[HASH_SIZE]; /* measure k of document di: mfirst[di] + k */
	size_t *mfirst;
	struct vstate *state; /* what the groups share while they are written
				 (any thread): counts, keys, viewsfile.h's */
};

/* Make m for pages p (p->memo set) of v, on up to p->jobs threads, and
 * read what the last build's views saved (viewsfile.h). */
void views_memo_init(struct vmemo *m, const struct pages *p, const struct views *v);
void views_memo_release(struct vmemo *m);
/* When the views key is the last build's: reuse each of its groups
 * (output_reuse) and return 1 when every one was (nothing to write);
 * else 0 (the groups reused are remembered: views_memo_reuse_key says so
 * again without linking them twice). */
int views_memo_shortcut(const struct vmemo *m, const struct pages *p);
/* Save what the next build reuses (viewsfile.h): every group's key, and
 * the table of data/measures.csv's chunks.  A failure costs the next
 * build time only. */
void views_memo_save(const struct vmemo *m, const struct pages *p);
/* Start the key of a group of kind `kind` in b (ended by views_memo_reuse). */
void views_memo_begin(struct buf *b, const struct vmemo *m, const char *kind);
/* Add the hash of document di. */
void views_memo_doc(struct buf *b, const struct vmemo *m, size_t di);
/* Add refs[0, n): the hash of each measure (of each document when its m
 * is VIEWS_NONE) with its role. */
void views_memo_refs(struct buf *b, const struct vmemo *m, const struct vref *refs, size_t n);
/* End the key in b (released) into key: 1 when the group's files of the
 * published site were linked into the new one (output_reuse: nothing to
 * write), else 0 with q->key = key (q's pages are then recorded with it).
 * Safe to call from several threads at once. */
int views_memo_reuse(const struct vmemo *m, struct buf *b, struct pages *q,
		     unsigned char key[HASH_SIZE]);
/* The same for a key already ended (key must outlive q's use). */
int views_memo_reuse_key(const struct vmemo *m, struct pages *q, const unsigned char *key);
/* The table of data/measures.csv's chunks that the last build saved, or
 * NULL (feedscsv.c). */
const struct chunks *views_memo_saved_csv(const struct vmemo *m);
/* data/measures.csv was written with key key: t, taken, is the table of
 * its chunks, copied of which were copied from the published file (t
 * NULL: the file was reused). */
void views_memo_csv(const struct vmemo *m, const unsigned char key[HASH_SIZE], struct chunks *t,
		    size_t copied);
/* With p->verbose: say on stderr how many groups were reused (and chunks
 * copied). */
void views_memo_report(const struct vmemo *m, const struct pages *p);

/* The parts of the views, each writing its groups of pages through p;
 * with m (NULL: no memo), a group whose key is unchanged is linked from
 * the published site instead. */
int views_write_departments(const struct pages *p, const struct views *v, const struct vmemo *m);
int views_write_measures(const struct pages *p, const struct views *v, const struct vmemo *m);
int views_write_timeline(const struct pages *p, const struct views *v, const struct vmemo *m);

#endif
