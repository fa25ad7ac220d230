/* views.c - the views model (departments, topics, newest-first order) and
 * the entry points; see views.h and viewsint.h.  The pages themselves are
 * written by viewsdept.c, viewsmeasure.c, viewstime.c and feeds.c. */
#include "views.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "feeds.h"
#include "parallel.h"
#include "viewsint.h"
#include "xalloc.h"

static const char *const level_names[] = {"国家", "省", "市", "区县", "其他"};
#define NLEVELS 5

static size_t level_index(const char *level)
{
	size_t k;

	for (k = 0; k < NLEVELS - 1; k++)
		if (level && !strcmp(level, level_names[k]))
			return k;
	return NLEVELS - 1;
}

const char *views_doc_level(const struct doc *doc)
{
	return level_names[level_index(doc->level)];
}

/* Building state: name → index + 1 maps and the warnings already given. */
struct vbuild {
	struct views *v;
	struct diag *d;
	struct strset dept_index, topic_index, warned;
	struct strset resolved; /* region and printed name → department index + 1 */
	struct buf key;		/* scratch for resolved's keys */
	size_t *level_count;	/* per department: NLEVELS counters */
};

/* The department index of a canonical name, creating it. */
static size_t dept_get(struct vbuild *b, const char *name)
{
	struct views *v = b->v;
	void *found;
	size_t i;

	if (strset_get(&b->dept_index, name, &found))
		return (size_t)(uintptr_t)found - 1;
	i = v->ndepts++;
	v->depts = xreallocarray(v->depts, v->ndepts, sizeof(*v->depts));
	b->level_count = xreallocarray(b->level_count, v->ndepts * NLEVELS, sizeof(size_t));
	memset(b->level_count + i * NLEVELS, 0, NLEVELS * sizeof(size_t));
	memset(&v->depts[i], 0, sizeof(v->depts[i]));
	v->depts[i].name = xstrdup(name);
	v->depts[i].rank = VIEWS_NONE;
	strset_add(&b->dept_index, name, (void *)(uintptr_t)(i + 1));
	return i;
}

/* The topic index of name, creating an undeclared topic (warned about at
 * file:line:col once). */
static size_t topic_get(struct vbuild *b, const char *name, const char *file, int line, int col)
{
	struct views *v = b->v;
	void *found;
	size_t i;

	if (strset_get(&b->topic_index, name, &found))
		return (size_t)(uintptr_t)found - 1;
	i = v->ntopics++;
	v->topics = xreallocarray(v->topics, v->ntopics, sizeof(*v->topics));
	memset(&v->topics[i], 0, sizeof(v->topics[i]));
	v->topics[i].name = xstrdup(name);
	strset_add(&b->topic_index, name, (void *)(uintptr_t)(i + 1));
	if (b->d && file && v->s->ntopics)
		diag_warning(b->d, file, line, col,
			     "topic '%s' is not listed in site.yaml's topics; it gets its own page "
			     "after the listed ones",
			     name);
	return i;
}

/* Where item k of the front-matter list key was written. */
static void front_pos(const struct doc *doc, const char *key, size_t k, int *line, int *col)
{
	const struct value *v = value_get(doc->front, key);

	if (v && v->type == VALUE_LIST && k < v->n)
		v = v->items[k];
	*line = v ? v->line : 1;
	*col = v ? v->col : 1;
}

/* Resolve one printed name in region r to a department index.  The
 * answer for a name and region is remembered: 85,000 measures name some
 * 170,000 departments, mostly the same few hundred (a name met again was
 * warned about, if at all, the first time). */
static size_t resolve(struct vbuild *b, const char *name, const struct dept_region *r,
		      const char *file, int line, int col)
{
	char *canon = NULL;
	enum dept_result res;
	size_t i;
	void *v;

	buf_reset(&b->key);
	buf_puts(&b->key, r->province);
	buf_putc(&b->key, '\x1f');
	buf_puts(&b->key, r->city);
	buf_putc(&b->key, '\x1f');
	buf_puts(&b->key, r->county);
	buf_putc(&b->key, '\x1f');
	buf_puts(&b->key, name);
	if (strset_get(&b->resolved, b->key.ptr, &v))
		return (size_t)(uintptr_t)v - 1;
	res = dept_resolve(&canon, &b->v->ctx, name, r);
	i = dept_get(b, canon);
	strset_add(&b->resolved, b->key.ptr, (void *)(uintptr_t)(i + 1));

	if (res == DEPT_AMBIGUOUS && b->d && strset_add(&b->warned, canon, NULL))
		diag_warning(b->d, file, line, col,
			     "department '%s' is ambiguous: no department of the document's region "
			     "matches it (add it to site.yaml's departments); shown as printed",
			     canon);
	free(canon);
	return i;
}

/* The region short forms of doc resolve against. */
static void doc_region(struct vbuild *b, const struct doc *doc, struct dept_region *r)
{
	char *lead = NULL;

	dept_region_of_doc(r, &b->v->ctx, NULL, doc->level);
	if (!doc->issuers.n)
		return;
	dept_resolve(&lead, &b->v->ctx, doc->issuers.v[0], r);
	dept_region_of_doc(r, &b->v->ctx, lead, doc->level);
	free(lead);
}

/* vd's lists of the departments and topics of each measure of doc, all of
 * a document's in one block each (from mdepts[0] and mtopics[0]): every
 * pass over the measures reads them, and 85,000 measures' lists allocated
 * one by one lay all over the memory. */
static void measure_lists(struct vdoc *vd, const struct doc *doc)
{
	size_t i, nd = 0, nt = 0, *d, *t;

	for (i = 0; i < doc->nmeasures; i++) {
		nd += doc->measures[i].depts.n;
		nt += doc->measures[i].topics.n;
	}
	vd->mdepts = xcalloc(doc->nmeasures + 1, sizeof(*vd->mdepts));
	vd->mtopics = xcalloc(doc->nmeasures + 1, sizeof(*vd->mtopics));
	vd->mdepts[0] = d = xcalloc(nd + 1, sizeof(size_t));
	vd->mtopics[0] = t = xcalloc(nt + 1, sizeof(size_t));
	for (i = 0; i < doc->nmeasures; i++) {
		vd->mdepts[i] = d;
		vd->mtopics[i] = t;
		d += doc->measures[i].depts.n;
		t += doc->measures[i].topics.n;
	}
}

/* Resolve the issuers, measure departments and topics of document di. */
static void resolve_doc(struct vbuild *b, size_t di)
{
	const struct doc *doc = b->v->s->docs[di];
	struct vdoc *vd = &b->v->docs[di];
	struct dept_region r;
	size_t i, k;
	int line, col;

	doc_region(b, doc, &r);
	vd->issuers = xcalloc(doc->issuers.n + 1, sizeof(size_t));
	for (i = 0; i < doc->issuers.n; i++) {
		front_pos(doc, "issuers", i, &line, &col);
		vd->issuers[i] = resolve(b, doc->issuers.v[i], &r, doc->file, line, col);
	}
	for (i = 0; i < doc->topics.n; i++) {
		front_pos(doc, "topics", i, &line, &col);
		topic_get(b, doc->topics.v[i], doc->file, line, col);
	}
	measure_lists(vd, doc);
	for (i = 0; i < doc->nmeasures; i++) {
		const struct measure *m = &doc->measures[i];
		for (k = 0; k < m->depts.n; k++)
			vd->mdepts[i][k] =
			    resolve(b, m->depts.v[k], &r, doc->file, m->line, m->col);
		for (k = 0; k < m->topics.n; k++)
			vd->mtopics[i][k] =
			    topic_get(b, m->topics.v[k], doc->file, m->line, m->col);
	}
}

static enum vrole role_of(size_t k, size_t n)
{
	return n < 2 ? VROLE_SOLE : k == 0 ? VROLE_LEAD : VROLE_JOINT;
}

/* Room for one more item in an array of n: it doubles when n is a power
 * of two (0, 1, 2, 4 …), so the capacity needs no field of its own. */
static void *grow(void *array, size_t n, size_t size)
{
	return n & (n - 1) ? array : xreallocarray(array, n ? 2 * n : 1, size);
}

static void ref_push(struct vref **list, size_t *n, size_t doc, size_t m, enum vrole role)
{
	*list = grow(*list, *n, sizeof(**list));
	(*list)[*n].doc = doc;
	(*list)[*n].m = m;
	(*list)[(*n)++].role = role;
}

/* Append the references of document di to its departments and topics. */
static void collect_doc(struct vbuild *b, size_t di)
{
	struct views *v = b->v;
	const struct doc *doc = v->s->docs[di];
	const struct vdoc *vd = &v->docs[di];
	size_t lv = level_index(doc->level), i, k;
	void *t;

	for (i = 0; i < doc->issuers.n; i++) {
		struct vdept *dp = &v->depts[vd->issuers[i]];
		enum vrole role = role_of(i, doc->issuers.n);
		if (dp->ndocs && dp->docs[dp->ndocs - 1].doc == di)
			continue; /* named twice */
		ref_push(&dp->docs, &dp->ndocs, di, VIEWS_NONE, role);
		dp->nlead += role != VROLE_JOINT;
		b->level_count[vd->issuers[i] * NLEVELS + lv]++;
	}
	for (i = 0; i < doc->topics.n; i++) {
		struct vtopic *tp;
		strset_get(&b->topic_index, doc->topics.v[i], &t);
		tp = &v->topics[(size_t)(uintptr_t)t - 1];
		if (tp->ndocs && tp->docs[tp->ndocs - 1] == di)
			continue;
		tp->docs = grow(tp->docs, tp->ndocs, sizeof(*tp->docs));
		tp->docs[tp->ndocs++] = di;
	}
	for (i = 0; i < doc->nmeasures; i++) {
		const struct measure *m = &doc->measures[i];
		for (k = 0; k < m->depts.n; k++) {
			struct vdept *dp = &v->depts[vd->mdepts[i][k]];
			if (dp->nmeasures && dp->measures[dp->nmeasures - 1].doc == di &&
			    dp->measures[dp->nmeasures - 1].m == i)
				continue;
			ref_push(&dp->measures, &dp->nmeasures, di, i, role_of(k, m->depts.n));
			b->level_count[vd->mdepts[i][k] * NLEVELS + lv]++;
		}
		for (k = 0; k < m->topics.n; k++) {
			struct vtopic *tp = &v->topics[vd->mtopics[i][k]];
			if (tp->nmeasures && tp->measures[tp->nmeasures - 1].doc == di &&
			    tp->measures[tp->nmeasures - 1].m == i)
				continue;
			ref_push(&tp->measures, &tp->nmeasures, di, i, VROLE_SOLE);
		}
	}
}

struct newest_key {
	struct date date;
	const char *slug;
	size_t i;
};

/* Newest first by 成文日期 (else 发布日期), then by path. */
static int cmp_newest(const void *a, const void *b)
{
	const struct newest_key *x = a, *y = b;
	int c = date_cmp(y->date, x->date);

	return c ? c : strcmp(x->slug, y->slug);
}

/* v->newest and every document's rank. */
static void order_newest(struct views *v)
{
	const struct site *s = v->s;
	struct newest_key *keys = xcalloc(s->ndocs + 1, sizeof(*keys));
	size_t i;

	for (i = 0; i < s->ndocs; i++) {
		keys[i].date = page_doc_date(s->docs[i]);
		keys[i].slug = s->docs[i]->slug;
		keys[i].i = i;
	}
	if (s->ndocs)
		qsort(keys, s->ndocs, sizeof(*keys), cmp_newest);
	v->newest = xcalloc(s->ndocs + 1, sizeof(*v->newest));
	for (i = 0; i < s->ndocs; i++) {
		v->newest[i] = keys[i].i;
		v->docs[keys[i].i].rank = i;
	}
	free(keys);
}

/* The level of department i: from its name, else the most frequent level
 * of the documents naming it (the higher level on a tie). */
static const char *dept_level(const struct vbuild *b, size_t i)
{
	const char *lv = dept_level_of_name(b->v->depts[i].name);
	size_t k, best = NLEVELS - 1, most = 0;

	if (lv)
		return level_names[level_index(lv)];
	for (k = 0; k < NLEVELS - 1; k++) {
		if (b->level_count[i * NLEVELS + k] > most) {
			most = b->level_count[i * NLEVELS + k];
			best = k;
		}
	}
	return level_names[best];
}

struct dept_key {
	struct vdept d;
	size_t old;
};

/* Level group, then site.yaml order, then code point. */
static int cmp_dept(const void *a, const void *b)
{
	const struct vdept *x = &((const struct dept_key *)a)->d,
			   *y = &((const struct dept_key *)b)->d;
	size_t lx = level_index(x->level), ly = level_index(y->level);

	if (lx != ly)
		return lx < ly ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Levels and site.yaml ranks of the departments; sort them into index
 * order and renumber the references of every document. */
static void order_depts(struct vbuild *b)
{
	struct views *v = b->v;
	const struct value *map = v->s->departments;
	size_t n = v->ndepts, i, k, j;
	struct dept_key *keys = xcalloc(n + 1, sizeof(*keys));
	size_t *perm = xcalloc(n + 1, sizeof(*perm));
	void *found;

	for (k = 0; map && map->type == VALUE_MAP && k < map->n; k++) {
		struct buf clean = BUF_INIT;
		dept_clean(&clean, map->keys[k]);
		if (strset_get(&b->dept_index, clean.ptr, &found) &&
		    v->depts[(size_t)(uintptr_t)found - 1].rank == VIEWS_NONE)
			v->depts[(size_t)(uintptr_t)found - 1].rank = k;
		buf_release(&clean);
	}
	for (i = 0; i < n; i++) {
		v->depts[i].level = dept_level(b, i);
		keys[i].d = v->depts[i];
		keys[i].old = i;
	}
	if (n)
		qsort(keys, n, sizeof(*keys), cmp_dept);
	for (i = 0; i < n; i++) {
		v->depts[i] = keys[i].d;
		perm[keys[i].old] = i;
	}
	for (i = 0; i < v->s->ndocs; i++) {
		const struct doc *doc = v->s->docs[i];
		for (k = 0; k < doc->issuers.n; k++)
			v->docs[i].issuers[k] = perm[v->docs[i].issuers[k]];
		for (k = 0; k < doc->nmeasures; k++)
			for (j = 0; j < doc->measures[k].depts.n; j++)
				v->docs[i].mdepts[k][j] = perm[v->docs[i].mdepts[k][j]];
	}
	free(keys);
	free(perm);
}

struct topic_key {
	struct vtopic t;
	size_t old;
};

static int cmp_topic(const void *a, const void *b)
{
	return strcmp(((const struct topic_key *)a)->t.name, ((const struct topic_key *)b)->t.name);
}

/* Undeclared topics after the declared ones, by code point; renumber. */
static void order_topics(struct views *v)
{
	size_t n = v->ntopics, first = v->s->ntopics, i, k, j;
	struct topic_key *keys = xcalloc(n + 1, sizeof(*keys));
	size_t *perm = xcalloc(n + 1, sizeof(*perm));

	for (i = 0; i < n; i++) {
		keys[i].t = v->topics[i];
		keys[i].old = i;
	}
	if (n > first)
		qsort(keys + first, n - first, sizeof(*keys), cmp_topic);
	for (i = 0; i < n; i++) {
		v->topics[i] = keys[i].t;
		perm[keys[i].old] = i;
	}
	for (i = 0; i < v->s->ndocs; i++)
		for (k = 0; k < v->s->docs[i]->nmeasures; k++)
			for (j = 0; j < v->s->docs[i]->measures[k].topics.n; j++)
				v->docs[i].mtopics[k][j] = perm[v->docs[i].mtopics[k][j]];
	free(keys);
	free(perm);
}

/* A unique ASCII id "<prefix>-<8 hex of FNV-1a>" for name. */
static char *unique_id(struct strset *ids, const char *prefix, const char *name)
{
	struct buf id = BUF_INIT;
	int n = 1;

	buf_printf(&id, "%s-%08x", prefix, (unsigned)dept_hash(name));
	while (!strset_add(ids, id.ptr, NULL)) { /* a collision: number it */
		buf_reset(&id);
		buf_printf(&id, "%s-%08x-%d", prefix, (unsigned)dept_hash(name), ++n);
	}
	return buf_detach(&id, NULL);
}

static void assign_ids(struct views *v)
{
	struct strset ids = STRSET_INIT;
	size_t i;

	for (i = 0; i < v->ndepts; i++)
		v->depts[i].id = unique_id(&ids, "d", v->depts[i].name);
	for (i = 0; i < v->ntopics; i++)
		v->topics[i].id = unique_id(&ids, "t", v->topics[i].name);
	strset_release(&ids);
}

/* The declared topics first, in site.yaml order. */
static void declare_topics(struct vbuild *b)
{
	const struct site *s = b->v->s;
	size_t i, t;

	for (i = 0; i < s->ntopics; i++) {
		t = topic_get(b, s->topics[i].name, NULL, 0, 0);
		b->v->topics[t].declared = 1;
		b->v->topics[t].description = s->topics[i].description;
	}
}

int views_model(struct views *v, const struct site *s, struct diag *d)
{
	struct vbuild b;
	size_t i, k;

	memset(v, 0, sizeof(*v));
	memset(&b, 0, sizeof(b));
	b.key = (struct buf)BUF_INIT;
	v->s = s;
	b.v = v;
	b.d = d;
	dept_ctx_init(&v->ctx, s->departments);
	for (i = 0; i < s->ndocs; i++)
		if (s->docs[i]->issuers.n)
			dept_ctx_add_issuer(&v->ctx, s->docs[i]->issuers.v[0]);
	for (i = 0; i < s->ndocs; i++) /* co-issuers too: every issuer is known */
		for (k = 1; k < s->docs[i]->issuers.n; k++)
			dept_ctx_add_issuer(&v->ctx, s->docs[i]->issuers.v[k]);
	dept_ctx_finish(&v->ctx);
	declare_topics(&b);
	v->docs = xcalloc(s->ndocs + 1, sizeof(*v->docs));
	for (i = 0; i < s->ndocs; i++)
		resolve_doc(&b, i);
	order_newest(v);
	for (i = 0; i < s->ndocs; i++)
		collect_doc(&b, v->newest[i]);
	order_depts(&b);
	order_topics(v);
	assign_ids(v);
	strset_release(&b.dept_index);
	strset_release(&b.topic_index);
	strset_release(&b.warned);
	strset_release(&b.resolved);
	buf_release(&b.key);
	free(b.level_count);
	return 0;
}

void views_release(struct views *v)
{
	size_t i;

	for (i = 0; v->docs && i < v->s->ndocs; i++) {
		if (v->docs[i].mdepts) /* the blocks of measure_lists */
			free(v->docs[i].mdepts[0]);
		if (v->docs[i].mtopics)
			free(v->docs[i].mtopics[0]);
		free(v->docs[i].mdepts);
		free(v->docs[i].mtopics);
		free(v->docs[i].issuers);
	}
	free(v->docs);
	for (i = 0; i < v->ndepts; i++) {
		free(v->depts[i].name);
		free(v->depts[i].id);
		free(v->depts[i].docs);
		free(v->depts[i].measures);
	}
	free(v->depts);
	for (i = 0; i < v->ntopics; i++) {
		free(v->topics[i].name);
		free(v->topics[i].id);
		free(v->topics[i].measures);
		free(v->topics[i].docs);
	}
	free(v->topics);
	free(v->newest);
	dept_ctx_release(&v->ctx);
	memset(v, 0, sizeof(*v));
}

char *views_dept_href(const struct vdept *d)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "departments/%s/index.html", d->id);
	return buf_detach(&b, NULL);
}

char *views_topic_href(const struct vtopic *t)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "measures/%s/index.html", t->id);
	return buf_detach(&b, NULL);
}

size_t views_npages(size_t a, size_t b)
{
	size_t n = a > b ? a : b;

	return n ? (n + VIEWS_PAGE_ROWS - 1) / VIEWS_PAGE_ROWS : 1;
}

char *views_paged_href(const char *dir, size_t n, int numbered_first)
{
	struct buf b = BUF_INIT;

	if (n == 1 && !numbered_first)
		buf_printf(&b, "%s/index.html", dir);
	else
		buf_printf(&b, "%s/%zu/index.html", dir, n);
	return buf_detach(&b, NULL);
}

/* One entry of the page navigation: page k, linked unless it is n. */
static void pager_item(struct value *items, const char *dir, size_t k, size_t n, int numbered_first)
{
	struct value *it = value_push(items, value_map());

	value_set_int(it, "n", (long long)k);
	if (k == n)
		value_set_bool(it, "current", 1);
	else
		page_set_owned(it, "href", views_paged_href(dir, k, numbered_first));
}

struct value *views_pager(const char *dir, size_t n, size_t npages, int numbered_first)
{
	struct value *pg = value_map(), *items;
	size_t k, lo = n > 3 ? n - 2 : 1, hi = n + 2 < npages ? n + 2 : npages;

	value_set_bool(pg, "has_pages", npages > 1);
	value_set_int(pg, "page", (long long)n);
	value_set_int(pg, "npages", (long long)npages);
	if (n > 1)
		page_set_owned(pg, "prev", views_paged_href(dir, n - 1, numbered_first));
	if (n < npages)
		page_set_owned(pg, "next", views_paged_href(dir, n + 1, numbered_first));
	items = value_set(pg, "items", value_list());
	if (lo > 1)
		pager_item(items, dir, 1, n, numbered_first);
	if (lo > 2)
		value_set_bool(value_push(items, value_map()), "gap", 1);
	for (k = lo; k <= hi; k++)
		pager_item(items, dir, k, n, numbered_first);
	if (hi + 1 < npages)
		value_set_bool(value_push(items, value_map()), "gap", 1);
	if (hi < npages)
		pager_item(items, dir, npages, n, numbered_first);
	return pg;
}

char *views_root(const char *relpath)
{
	struct buf b = BUF_INIT;

	for (; *relpath; relpath++)
		if (*relpath == '/')
			buf_puts(&b, "../");
	return buf_detach(&b, NULL);
}

#define SUMMARY_MAX 60 /* characters of a measure's summary in lists */

void views_put_summary(struct buf *out, const struct measure *m)
{
	const char *s = m->summary && *m->summary ? m->summary : m->text ? m->text : "";
	size_t i, n = 0;

	/* the text is valid UTF-8 (checked on reading): count lead bytes and
	 * stop at the one of character SUMMARY_MAX + 1 */
	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == SUMMARY_MAX)
			break;
	escape_html(out, s, i);
	if (s[i])
		buf_puts(out, "…");
}

/* site_cache's views_free. */
static void views_cache_free(void *p)
{
	views_release(p);
	free(p);
}

/* Drop the model cached in s, if any. */
static void views_uncache(const struct site *s)
{
	if (s->cache && s->cache->views) {
		views_cache_free(s->cache->views);
		s->cache->views = NULL;
	}
}

int views_check(const struct site *s, struct diag *d)
{
	struct views *v = xcalloc(1, sizeof(*v));
	int rc = views_model(v, s, d);

	views_uncache(s);
	if (rc == 0 && s->cache) { /* for views_write */
		s->cache->views = v;
		s->cache->views_free = views_cache_free;
		return 0;
	}
	views_cache_free(v);
	return rc;
}

/* The four parts of the views, run as tasks: each writes its own files,
 * with its own page buffers and its own diagnostics (merged in this order
 * afterwards, so that messages do not depend on the threads).  Measures,
 * the largest part, comes first: with two threads the other three share
 * the second.  With the memo, each part keys its groups of pages with m;
 * none runs when the views key is the last build's (views_memo_shortcut). */
struct vtask {
	const struct pages *p;
	const struct views *v;
	const struct vmemo *m; /* NULL without the memo */
	struct diag d[4];
	int rc[4];
};

static void views_task(size_t i, void *ctx)
{
	static int (*const part[4])(const struct pages *, const struct views *,
				    const struct vmemo *) = {
	    views_write_measures, views_write_departments, feeds_write, views_write_timeline};
	struct vtask *t = ctx;
	struct page_bufs bufs;
	struct pages q = *t->p;

	page_bufs_init(&bufs);
	q.bufs = &bufs;
	q.d = &t->d[i];
	t->rc[i] = part[i](&q, t->v, t->m);
	page_bufs_release(&bufs);
}

/* Run the four parts (t->p, t->v and t->m set).  0 / -1. */
static int views_parts(struct vtask *t)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < 4; i++)
		t->d[i] = (struct diag)DIAG_INIT;
	parallel_for(4, t->p->jobs, views_task, t);
	for (i = 0; i < 4; i++) {
		if (t->rc[i] < 0)
			rc = -1;
		diag_append(t->p->d, &t->d[i]);
		diag_release(&t->d[i]);
	}
	return rc;
}

int views_write(const struct pages *p)
{
	const struct site *s = p->site;
	struct views own, *v = s->cache ? s->cache->views : NULL;
	struct vmemo m;
	struct vtask t;
	int rc = 0, shortcut = 0;

	if (!v) {
		if (views_model(&own, s, NULL) < 0)
			return -1;
		v = &own;
	}
	t.p = p;
	t.v = v;
	t.m = p->memo ? &m : NULL;
	if (p->memo)
		views_memo_init(&m, p, v);
	if (p->memo && views_memo_shortcut(&m, p))
		shortcut = 1; /* every group reused: what was saved still holds */
	else
		rc = views_parts(&t);
	if (p->memo) {
		if (rc == 0 && !shortcut)
			views_memo_save(&m, p);
		views_memo_report(&m, p);
		views_memo_release(&m);
	}
	if (v == &own)
		views_release(&own);
	else
		views_uncache(s); /* not needed any more: free it before the next stages */
	return rc;
}
