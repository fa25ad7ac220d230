/* viewsmeasure.c - the measures views: measures/index.html (an overview:
 * counts by topic, status and department, and the list of pages),
 * measures/all/<n>/index.html (every measure, VIEWS_PAGE_ROWS a page) and
 * measures/t-<hash>/index.html (one topic, with /<n>/ pages when large);
 * see views.h.
 *
 * The table rows are written by views_html_measure_table (viewshtml.c), for
 * every page they are on (struct rowsrc). */
#include <stdlib.h>
#include <string.h>

#include "memo.h"
#include "viewsint.h"
#include "xalloc.h"

static const enum status statuses[] = {STATUS_CURRENT, STATUS_AMENDED, STATUS_PENDING,
				       STATUS_EXPIRED, STATUS_REPEALED};
static const char *const levels[] = {"国家", "省", "市", "区县", "其他"};

/* One {value, label} option. */
static void option(struct value *list, const char *value, const char *label)
{
	struct value *o = value_push(list, value_map());

	value_set_str(o, "value", value);
	value_set_str(o, "label", label);
}

/* What the filter options of the tables show, from one walk of the
 * measures (not of the lists of every topic: 170,000 measures at 10,000
 * documents, each read from wherever it lies): row t for topic t's
 * measures, row ntopics for every measure; in each, whether one of them
 * names department i (depts), is in a document of statuses[k] (st) or
 * levels[k] (lv); and whether any measure has topic i (topics). */
struct seen {
	size_t nd;
	char *topics, *depts;
	char (*st)[5], (*lv)[5];
};

/* The index of doc's level in levels[]. */
static size_t level_of(const struct doc *doc)
{
	const char *lv = views_doc_level(doc);
	size_t k;

	for (k = 0; k < 4 && strcmp(lv, levels[k]); k++)
		;
	return k;
}

/* Mark what measure i of document di shows in row r of sn; st and lv:
 * the indices of its document's status and level. */
static void seen_measure(struct seen *sn, const struct views *v, size_t r, size_t di, size_t i,
			 size_t st, size_t lv)
{
	const struct measure *m = &v->s->docs[di]->measures[i];
	size_t k;

	for (k = 0; k < m->depts.n; k++)
		sn->depts[r * sn->nd + v->docs[di].mdepts[i][k]] = 1;
	if (st < 5)
		sn->st[r][st] = 1;
	sn->lv[r][lv] = 1;
}

static void seen_init(struct seen *sn, const struct views *v)
{
	size_t nt = v->ntopics, di, i, k, st, lv;

	sn->nd = v->ndepts;
	sn->topics = xcalloc(nt + 1, 1);
	sn->depts = xcalloc((nt + 1) * (sn->nd + 1), 1);
	sn->st = xcalloc(nt + 1, sizeof(*sn->st));
	sn->lv = xcalloc(nt + 1, sizeof(*sn->lv));
	for (di = 0; di < v->s->ndocs; di++) {
		const struct doc *doc = v->s->docs[di];
		if (!doc->nmeasures)
			continue;
		for (st = 0; st < 5 && doc->status != statuses[st]; st++)
			;
		lv = level_of(doc);
		for (i = 0; i < doc->nmeasures; i++) {
			seen_measure(sn, v, nt, di, i, st, lv);
			for (k = 0; k < doc->measures[i].topics.n; k++) {
				size_t t = v->docs[di].mtopics[i][k];
				sn->topics[t] = 1;
				seen_measure(sn, v, t, di, i, st, lv);
			}
		}
	}
}

static void seen_release(struct seen *sn)
{
	free(sn->topics);
	free(sn->depts);
	free(sn->st);
	free(sn->lv);
}

/* The filter options of the measures of row r of sn (a topic's, or all
 * measures' with their topics when with_topics), in index order. */
static struct value *table_filter(const struct views *v, const struct seen *sn, size_t r,
				  int with_topics)
{
	struct value *f = value_map(), *l;
	size_t i, k;

	l = value_set(f, "topics", value_list());
	for (i = 0; with_topics && i < v->ntopics; i++)
		if (sn->topics[i])
			option(l, v->topics[i].id, v->topics[i].name);
	value_set_bool(f, "has_topics", l->n > 1);
	l = value_set(f, "depts", value_list());
	for (i = 0; i < v->ndepts; i++)
		if (sn->depts[r * sn->nd + i])
			option(l, v->depts[i].id, v->depts[i].name);
	value_set_bool(f, "has_depts", l->n > 1);
	l = value_set(f, "levels", value_list());
	for (k = 0; k < 5; k++)
		if (sn->lv[r][k])
			option(l, levels[k], levels[k]);
	value_set_bool(f, "has_levels", l->n > 1);
	l = value_set(f, "statuses", value_list());
	for (k = 0; k < 5; k++)
		if (sn->st[r][k])
			option(l, status_class(statuses[k]), status_label(statuses[k]));
	value_set_bool(f, "has_statuses", l->n > 1);
	return f;
}

/* Where the rows of the measures tables come from, for pages at one
 * depth.  A row is written afresh for every page it is on (the all-measures
 * table and each of its topics): keeping the rows of every measure for
 * reuse cost more memory (over 100 MB at 10,000 documents) than writing
 * them again costs time.  Owns root. */
struct rowsrc {
	const struct views *v;
	char *root; /* the `root` of the pages */
};

static void rowsrc_init(struct rowsrc *c, const struct views *v, const char *relpath)
{
	c->v = v;
	c->root = views_root(relpath);
}

static void rowsrc_release(struct rowsrc *c)
{
	free(c->root);
}

/* The table of rows refs[from, to) of a list of n (see
 * _vmeasures.mustache): {rows_html, count (rows here), total, from, to,
 * has_rows, filter (a copy of filter: the options of the whole list, so
 * that a filter carried from page to page stays valid)}. */
static struct value *table(const struct rowsrc *c, const struct vref *refs, size_t n, size_t from,
			   size_t to, const struct value *filter)
{
	struct value *t = value_map();
	struct buf rows = BUF_INIT;
	size_t len;
	char *html;

	views_html_measure_table(&rows, c->v, refs + from, to - from, c->root);
	html = buf_detach(&rows, &len);
	value_set(t, "rows_html", views_html_value(html, len));
	value_set_int(t, "count", (long long)(to - from));
	value_set_int(t, "total", (long long)n);
	value_set_int(t, "from", (long long)from + 1);
	value_set_int(t, "to", (long long)to);
	value_set_bool(t, "has_rows", to > from);
	value_set(t, "filter", value_copy(filter));
	return t;
}

/* Every measure, newest document first (in the order of its document). */
static struct vref *all_measures(const struct views *v, size_t *n)
{
	struct vref *refs = xcalloc(v->s->nmeasures + 1, sizeof(*refs));
	size_t i, k, cap = v->s->nmeasures + 1;

	*n = 0;
	for (i = 0; i < v->s->ndocs; i++) {
		const struct doc *doc = v->s->docs[v->newest[i]];
		for (k = 0; k < doc->nmeasures; k++) {
			if (*n == cap) {
				cap *= 2;
				refs = xreallocarray(refs, cap, sizeof(*refs));
			}
			refs[*n].doc = v->newest[i];
			refs[*n].m = k;
			refs[(*n)++].role = VROLE_SOLE;
		}
	}
	return refs;
}

/* The topic list shown on top of the measures pages. */
static struct value *topic_links(const struct views *v, size_t current)
{
	struct value *list = value_list(), *t;
	size_t i;

	for (i = 0; i < v->ntopics; i++) {
		t = value_push(list, value_map());
		value_set_str(t, "name", v->topics[i].name);
		page_set_owned(t, "href", views_topic_href(&v->topics[i]));
		value_set_int(t, "count", (long long)v->topics[i].nmeasures);
		value_set_bool(t, "current", i == current);
		value_set_bool(t, "undeclared", !v->topics[i].declared);
	}
	return list;
}

/* Page `page` of the all-measures table (measures/all/<n>/index.html);
 * filter: the filter options of all measures. */
static int all_page(const struct pages *p, const struct rowsrc *c, const struct vref *refs,
		    size_t n, const struct value *filter, size_t page)
{
	size_t npages = views_npages(n, 0), from = (page - 1) * VIEWS_PAGE_ROWS;
	size_t to = from + VIEWS_PAGE_ROWS < n ? from + VIEWS_PAGE_ROWS : n;
	struct value *pg = page_new(p, "全部政策措施"), *mv;
	char *href = views_paged_href("measures/all", page, 1);
	int rc;

	page_crumb(pg, "政策措施", "measures/index.html");
	page_crumb(pg, "全部政策措施", NULL);
	page_script(pg, "static/views.js");
	mv = value_set(pg, "view", value_map());
	value_set_str(mv, "title", "全部政策措施");
	value_set_int(mv, "total", (long long)n);
	value_set_bool(mv, "empty", n == 0);
	value_set(mv, "topics", topic_links(c->v, VIEWS_NONE));
	value_set(mv, "pager", views_pager("measures/all", page, npages, 1));
	value_set(mv, "table", table(c, refs, n, from, to, filter));
	rc = page_write(p, pg, "measures", href);
	free(href);
	value_free(pg);
	return rc;
}

/* Overview counts: per status of the measures' documents (linking the all
 * pages with the status filter set) and per responsible department. */
static void overview_counts(struct value *mv, const struct views *v, const struct vref *refs,
			    size_t n)
{
	size_t count[5] = {0}, i, k;
	struct value *l, *e;
	struct buf href = BUF_INIT;

	for (i = 0; i < n; i++)
		for (k = 0; k < 5; k++)
			count[k] += v->s->docs[refs[i].doc]->status == statuses[k];
	l = value_set(mv, "statuses", value_list());
	for (k = 0; k < 5; k++) {
		if (!count[k])
			continue;
		e = value_push(l, value_map());
		value_set(e, "status", page_status(statuses[k]));
		value_set_int(e, "count", (long long)count[k]);
		buf_reset(&href);
		buf_printf(&href, "measures/all/1/index.html?status=%s", status_class(statuses[k]));
		value_set_str(e, "href", href.ptr);
	}
	l = value_set(mv, "depts", value_list());
	for (i = 0; i < v->ndepts; i++) {
		if (!v->depts[i].nmeasures)
			continue;
		e = value_push(l, value_map());
		value_set_str(e, "name", v->depts[i].name);
		buf_reset(&href);
		buf_printf(&href, "departments/%s/index.html#dept-measures", v->depts[i].id);
		value_set_str(e, "href", href.ptr);
		value_set_int(e, "count", (long long)v->depts[i].nmeasures);
	}
	value_set_bool(mv, "has_depts", l->n > 0);
	buf_release(&href);
}

/* The page data of measures/index.html, the overview. */
static struct value *measures_index_data(const struct pages *p, const struct views *v,
					 const struct vref *refs, size_t n)
{
	struct value *pg = page_new(p, "政策措施"), *mv, *pages, *e;
	size_t k, npages = views_npages(n, 0);

	page_crumb(pg, "政策措施", NULL);
	mv = value_set(pg, "view", value_map());
	value_set_str(mv, "title", "政策措施");
	value_set_bool(mv, "is_overview", 1);
	value_set_int(mv, "total", (long long)n);
	value_set_int(mv, "npages", (long long)npages);
	value_set_int(mv, "per_page", VIEWS_PAGE_ROWS);
	value_set(mv, "topics", topic_links(v, VIEWS_NONE));
	pages = value_set(mv, "pages", value_list());
	for (k = 1; n && k <= npages; k++) {
		e = value_push(pages, value_map());
		value_set_int(e, "n", (long long)k);
		page_set_owned(e, "href", views_paged_href("measures/all", k, 1));
		value_set_int(e, "from", (long long)(k - 1) * VIEWS_PAGE_ROWS + 1);
		value_set_int(e, "to",
			      (long long)(k * VIEWS_PAGE_ROWS < n ? k * VIEWS_PAGE_ROWS : n));
	}
	value_set_bool(mv, "has_rows", n > 0);
	overview_counts(mv, v, refs, n);
	return pg;
}

/* measures/index.html, unless its key (its page data) is unchanged. */
static int measures_index(const struct pages *p, const struct views *v, const struct vmemo *m,
			  const struct vref *refs, size_t n)
{
	struct value *pg = measures_index_data(p, v, refs, n);
	struct pages q = *p;
	unsigned char key[HASH_SIZE];
	struct buf b;
	int rc = 0;

	if (m) {
		views_memo_begin(&b, m, "measures index");
		memo_value(&b, pg);
		if (views_memo_reuse(m, &b, &q, key))
			goto out;
	}
	rc = page_write(&q, pg, "measures", "measures/index.html");
out:
	value_free(pg);
	return rc;
}

/* The items of documents list[from, to) (views_html_doc_item) as a value. */
static struct value *doc_items(const struct views *v, const size_t *list, size_t from, size_t to,
			       const char *root)
{
	struct buf b = BUF_INIT;
	size_t k, len;
	char *html;

	for (k = from; k < to; k++)
		views_html_doc_item(&b, v, list[k], VROLE_SOLE, root);
	html = buf_detach(&b, &len);
	return views_html_value(html, len);
}

/* Page `page` of topic i: its measures and the documents with the topic
 * from (page - 1) * VIEWS_PAGE_ROWS on, side by side; filter: the filter
 * options of all its measures; c: the rows for a page at its depth. */
static int topic_page(const struct pages *p, const struct views *v, const struct rowsrc *c,
		      size_t i, const struct value *filter, size_t page)
{
	const struct vtopic *t = &v->topics[i];
	struct value *pg = page_new(p, t->name), *mv;
	char *dir = views_topic_href(t), *href, *root;
	size_t npages = views_npages(t->nmeasures, t->ndocs), from = (page - 1) * VIEWS_PAGE_ROWS;
	size_t mto = from + VIEWS_PAGE_ROWS < t->nmeasures ? from + VIEWS_PAGE_ROWS : t->nmeasures;
	size_t dto = from + VIEWS_PAGE_ROWS < t->ndocs ? from + VIEWS_PAGE_ROWS : t->ndocs;
	int rc;

	dir[strlen(dir) - strlen("/index.html")] = '\0';
	href = views_paged_href(dir, page, 0);
	root = views_root(href);
	page_crumb(pg, "政策措施", "measures/index.html");
	page_crumb(pg, t->name, NULL);
	page_script(pg, "static/views.js");
	mv = value_set(pg, "view", value_map());
	value_set_str(mv, "title", t->name);
	value_set_bool(mv, "is_topic", 1);
	if (t->description)
		value_set_str(mv, "description", t->description);
	value_set_bool(mv, "undeclared", !t->declared);
	value_set_int(mv, "total", (long long)t->nmeasures);
	value_set_bool(mv, "empty", !t->nmeasures && !t->ndocs);
	value_set(mv, "topics", topic_links(v, i));
	value_set(mv, "pager", views_pager(dir, page, npages, 0));
	value_set(mv, "docs_html", doc_items(v, t->docs, from < dto ? from : dto, dto, root));
	value_set_int(mv, "ndocs", (long long)t->ndocs);
	value_set_int(mv, "docs_from", (long long)from + 1);
	value_set_int(mv, "docs_to", (long long)dto);
	value_set_bool(mv, "docs_paged", npages > 1);
	value_set_bool(mv, "has_docs", dto > from);
	value_set(mv, "table",
		  table(c, t->measures, t->nmeasures, from < mto ? from : mto, mto, filter));
	rc = page_write(p, pg, "measures", href);
	free(dir);
	free(href);
	free(root);
	value_free(pg);
	return rc;
}

/* The hash of value v (its own key's part: shared by many groups). */
static void value_key(unsigned char out[HASH_SIZE], const char *kind, const struct value *v)
{
	struct buf b;

	memo_begin(&b, NULL, kind);
	memo_value(&b, v);
	memo_end(out, &b);
}

/* What the keys of a table's pages share: the topic links (as on the
 * overview: each page adds which is current) and the filter options. */
struct tkeys {
	const struct vmemo *m; /* NULL: no memo */
	unsigned char topics[HASH_SIZE], filter[HASH_SIZE];
};

/* Page `page` of the all-measures table, unless its key is unchanged:
 * the shared keys k, the page's number, the number of measures and the
 * measures on the page. */
static int all_group(const struct pages *p, const struct rowsrc *c, const struct tkeys *k,
		     const struct vref *refs, size_t n, const struct value *filter, size_t page)
{
	size_t from = (page - 1) * VIEWS_PAGE_ROWS;
	size_t to = from + VIEWS_PAGE_ROWS < n ? from + VIEWS_PAGE_ROWS : n;
	struct pages q = *p;
	unsigned char key[HASH_SIZE];
	struct buf b;

	if (k->m) {
		views_memo_begin(&b, k->m, "measures all");
		buf_put(&b, k->topics, HASH_SIZE);
		buf_put(&b, k->filter, HASH_SIZE);
		memo_num(&b, (long long)page);
		memo_num(&b, (long long)n);
		views_memo_refs(&b, k->m, refs + from, to - from);
		if (views_memo_reuse(k->m, &b, &q, key))
			return 0;
	}
	return all_page(&q, c, refs, n, filter, page);
}

/* Page `page` of topic i, unless its key is unchanged: the shared keys k
 * (the topic's filter), the topic's id, name, description and counts,
 * the page's number, and the documents and measures on the page. */
static int topic_group(const struct pages *p, const struct views *v, const struct rowsrc *c,
		       const struct tkeys *k, size_t i, const struct value *filter, size_t page)
{
	const struct vtopic *t = &v->topics[i];
	size_t from = (page - 1) * VIEWS_PAGE_ROWS, j;
	size_t mto = from + VIEWS_PAGE_ROWS < t->nmeasures ? from + VIEWS_PAGE_ROWS : t->nmeasures;
	size_t dto = from + VIEWS_PAGE_ROWS < t->ndocs ? from + VIEWS_PAGE_ROWS : t->ndocs;
	struct pages q = *p;
	unsigned char key[HASH_SIZE];
	struct buf b;

	if (k->m) {
		views_memo_begin(&b, k->m, "measures topic");
		buf_put(&b, k->topics, HASH_SIZE);
		buf_put(&b, k->filter, HASH_SIZE);
		memo_num(&b, (long long)i);
		memo_str(&b, t->id);
		memo_str(&b, t->name);
		memo_str(&b, t->description);
		memo_num(&b, t->declared);
		memo_num(&b, (long long)t->nmeasures);
		memo_num(&b, (long long)t->ndocs);
		memo_num(&b, (long long)page);
		for (j = from; j < dto; j++)
			views_memo_doc(&b, k->m, t->docs[j]);
		views_memo_refs(&b, k->m, t->measures + (from < mto ? from : mto),
				from < mto ? mto - from : 0);
		if (views_memo_reuse(k->m, &b, &q, key))
			return 0;
	}
	return topic_page(&q, v, c, i, filter, page);
}

/* The pages of topic i (rows from c1 on its first page, from c on the
 * others); a: the keys of the all-measures table (its topic links); sn:
 * what the filters show. */
static int topic_pages(const struct pages *p, const struct views *v, const struct rowsrc *c1,
		       const struct rowsrc *c, const struct tkeys *a, const struct seen *sn,
		       size_t i)
{
	const struct vtopic *t = &v->topics[i];
	struct value *f = table_filter(v, sn, i, 0);
	struct tkeys k = *a;
	size_t page;
	int rc = 0;

	if (k.m)
		value_key(k.filter, "topic filter", f);
	for (page = 1; page <= views_npages(t->nmeasures, t->ndocs); page++)
		if (topic_group(p, v, page == 1 ? c1 : c, &k, i, f, page) < 0)
			rc = -1;
	value_free(f);
	return rc;
}

int views_write_measures(const struct pages *p, const struct views *v, const struct vmemo *m)
{
	struct rowsrc c1, c;
	struct value *f, *links;
	struct tkeys k = {m, {0}, {0}};
	struct seen sn;
	size_t n, i, page;
	struct vref *refs = all_measures(v, &n);
	int rc = measures_index(p, v, m, refs, n);

	rowsrc_init(&c1, v, "measures/t-1/index.html");
	rowsrc_init(&c, v, "measures/all/1/index.html");
	seen_init(&sn, v);
	f = table_filter(v, &sn, v->ntopics, 1);
	if (m) {
		links = topic_links(v, VIEWS_NONE);
		value_key(k.topics, "topic links", links);
		value_free(links);
		value_key(k.filter, "all filter", f);
	}
	for (page = 1; page <= views_npages(n, 0); page++)
		if (all_group(p, &c, &k, refs, n, f, page) < 0)
			rc = -1;
	value_free(f);
	for (i = 0; i < v->ntopics; i++)
		if (topic_pages(p, v, &c1, &c, &k, &sn, i) < 0)
			rc = -1;
	seen_release(&sn);
	rowsrc_release(&c1);
	rowsrc_release(&c);
	free(refs);
	return rc;
}
