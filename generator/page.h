/* page.h - what every page writer shares: the common page data, breadcrumbs,
 * the two-step rendering (page template, then `layout` around it), and the
 * list item of a document.
 *
 * Conventions: every href in page data is relative to the site's top
 * ("demo/a/index.html"); templates write {{root}}{{href}}, where `root`
 * ("", "../", "../../" …) is set by page_write from the page's own path.
 * So one list item serves pages at any depth.
 *
 * Ownership: page values are value trees (value.h) the caller frees;
 * strings returned by page_href_* are malloc'ed, the caller frees them.
 */
#ifndef HUIBIAN_PAGE_H
#define HUIBIAN_PAGE_H

#include "diag.h"
#include "doc.h"
#include "mustache.h"
#include "output.h"
#include "site.h"
#include "value.h"

struct cache;
struct history;

/* Buffers that page_write reuses from page to page (fewer allocations and
 * page faults for large pages).  One writer thread at a time. */
struct page_bufs {
	struct buf content, html;
};

struct pages {
	const struct site *site;
	const struct history *history; /* NULL or empty when there is none */
	const struct mustache *tmpl;
	struct output *out;
	struct diag *d;
	int nav_views; /* the department/measure/timeline/search views exist */
	int jobs;      /* threads for per-document pages (1 = in order, here) */
	/* memo keys (memo.h): the site key, or NULL when pages are always
	 * rendered; and the key of the group of pages being written (NULL:
	 * none), which page_write records with each page */
	const unsigned char *memo, *key;
	/* with the memo, cache_env: the base key of the search index's text
	 * files (which depend on no other page's data) */
	const unsigned char *env;
	/* with the memo, the build cache (the search index saves its postings
	 * there, cache_search_file), else NULL; verbose: -v (a stage may say
	 * on stderr what it did not do again) */
	const struct cache *cache;
	int verbose;
	/* NULL, or buffers for page_write to reuse: only for pages written
	 * one after the other on one thread (owned by whoever set it) */
	struct page_bufs *bufs;
};

/* The data every page has (site, page_title, generator_version, nav_views,
 * empty breadcrumbs and scripts); the caller adds its own keys. */
struct value *page_new(const struct pages *p, const char *title);
/* Append a breadcrumb; href is site-relative (or NULL for the current page). */
void page_crumb(struct value *page, const char *title, const char *href);
/* Add a script (site-relative src) to the page. */
void page_script(struct value *page, const char *src);
/* Render template tmpl with page, wrap it in `layout`, write relpath
 * (setting `root` from relpath's depth).  0 / -1 (reported). */
int page_write(const struct pages *p, struct value *page, const char *tmpl, const char *relpath);

void page_bufs_init(struct page_bufs *b);
void page_bufs_release(struct page_bufs *b);

/* "demo/a/index.html" for a document (caller frees). */
char *page_doc_href(const struct doc *doc);
/* The date a document is listed under: 成文日期, else 发布日期. */
struct date page_doc_date(const struct doc *doc);
/* {label, class, current} of a status. */
struct value *page_status(enum status st);
/* DOC_ITEM: {title, href, number, date, issuer, status, order,
 * measures_count, has_measures} — what lists of documents show. */
struct value *page_doc_item(const struct doc *doc);
/* Set key to s and free s. */
void page_set_owned(struct value *map, const char *key, char *s);

#endif
