/* render.c - pages from templates; see render.h. */
#include "render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "histpages.h"
#include "history.h"
#include "markdown.h"
#include "memo.h"
#include "page.h"
#include "parallel.h"
#include "xalloc.h"

#define MEASURE_BODY "<huibian-measure-body>" /* cannot come from escaped data */

struct backref {
	const char *label;
	const struct doc *doc;
};

struct render {
	struct pages p;
	const struct site *site;
	struct strset index;   /* slug → (doc position + 1) */
	struct backref **back; /* per document: relations pointing at it */
	size_t *nback;
};

/* A list of {name} maps from a strlist (for topics). */
static struct value *names_list(const struct strlist *l)
{
	struct value *list = value_list();
	size_t i;

	for (i = 0; i < l->n; i++)
		value_set_str(value_push(list, value_map()), "name", l->v[i]);
	return list;
}

void render_measure_wrap(struct buf *open, struct buf *close, const struct doc *doc,
			 const struct measure *m, void *ctx)
{
	const struct mustache *tmpl = ctx;
	struct value *data = value_map(), *depts = value_list();
	struct buf html = BUF_INIT;
	char deadline[11];
	const char *cut;
	size_t i;

	(void)doc;
	value_set_str(data, "id", m->id);
	value_set_str(data, "anchor", m->id);
	value_set_str(data, "html", MEASURE_BODY);
	value_set(data, "topics", names_list(&m->topics));
	for (i = 0; i < m->depts.n; i++) {
		struct value *dep = value_push(depts, value_map());
		value_set_str(dep, "name", m->depts.v[i]);
		value_set_bool(dep, "lead", i == 0 && m->depts.n > 1);
	}
	value_set(data, "depts", depts);
	if (m->amount)
		value_set_str(data, "amount", m->amount);
	if (m->beneficiaries)
		value_set_str(data, "beneficiaries", m->beneficiaries);
	if (m->mode)
		value_set_str(data, "mode", m->mode);
	date_format(deadline, m->deadline);
	if (*deadline)
		value_set_str(data, "deadline", deadline);
	value_set_bool(data, "has_meta",
		       m->topics.n || m->depts.n || m->amount || m->beneficiaries || m->mode ||
			   *deadline);
	mustache_render(&html, tmpl, "measure", data);
	cut = strstr(html.ptr, MEASURE_BODY);
	if (cut) {
		buf_put(open, html.ptr, (size_t)(cut - html.ptr));
		buf_puts(close, cut + strlen(MEASURE_BODY));
	} else {
		buf_puts(open, html.ptr);
	}
	buf_release(&html);
	value_free(data);
}

/* Append a {label, value} row when value is not empty. */
static void meta_row(struct value *rows, const char *label, const char *val)
{
	struct value *row;

	if (!val || !*val)
		return;
	row = value_push(rows, value_map());
	value_set_str(row, "label", label);
	value_set_str(row, "value", val);
}

static void meta_date(struct value *rows, const char *label, struct date dt)
{
	char s[11];

	date_format(s, dt);
	meta_row(rows, label, s);
}

static void meta_list(struct value *rows, const char *label, const struct strlist *l)
{
	char *joined = strlist_join(l, "、");

	meta_row(rows, label, joined);
	free(joined);
}

/* The metadata table in the order of GB/T 9704. */
static struct value *doc_meta(const struct doc *doc)
{
	struct value *rows = value_list(), *st;

	meta_list(rows, "发文机关", &doc->issuers);
	meta_row(rows, "发文字号", doc->number);
	meta_row(rows, "主送机关", doc->recipients);
	meta_date(rows, "成文日期", doc->signed_on);
	meta_date(rows, "发布日期", doc->published);
	meta_date(rows, "施行日期", doc->effective);
	meta_date(rows, "失效日期", doc->expires);
	meta_row(rows, "时效性", status_label(doc->status));
	st = rows->items[rows->n - 1];
	value_set_str(st, "status_class", status_class(doc->status));
	meta_row(rows, "文种", doc->kind);
	meta_row(rows, "层级", doc->level);
	meta_list(rows, "主题分类", &doc->topics);
	meta_row(rows, "出处", doc->source);
	meta_row(rows, "索引号", doc->index_number);
	return rows;
}

/* The sentence of the status banner. */
static char *status_note(const struct doc *doc)
{
	struct buf b = BUF_INIT;
	char dt[11];

	switch (doc->status) {
	case STATUS_EXPIRED:
		date_format(dt, doc->expires);
		buf_printf(&b, "本文件已失效%s%s%s。", *dt ? "（失效日期 " : "", dt,
			   *dt ? "）" : "");
		break;
	case STATUS_PENDING:
		date_format(dt, doc->effective);
		buf_printf(&b, "本文件尚未生效%s%s%s。", *dt ? "，自 " : "", dt,
			   *dt ? " 起施行" : "");
		break;
	case STATUS_REPEALED:
		buf_puts(&b, "本文件已废止，仅供查阅。");
		break;
	case STATUS_AMENDED:
		buf_puts(&b, "本文件已被修改，请同时查阅修改文件。");
		break;
	default:
		break;
	}
	return buf_detach(&b, NULL);
}

static const struct {
	const char *key, *forward, *backward;
} relation_kinds[] = {
    {"supersedes", "替代", "被替代"},
    {"repeals", "废止", "被废止"},
    {"amends", "修改", "被修改"},
};

static const struct strlist *relation_list(const struct doc *doc, size_t k)
{
	return k == 0 ? &doc->supersedes : k == 1 ? &doc->repeals : &doc->amends;
}

/* One {label, items} group of relations. */
static struct value *relation_group(struct value *groups, const char *label)
{
	size_t i;
	struct value *g;

	for (i = 0; i < groups->n; i++)
		if (!strcmp(value_get_str(groups->items[i], "label"), label))
			return value_get(groups->items[i], "items");
	g = value_push(groups, value_map());
	value_set_str(g, "label", label);
	return value_set(g, "items", value_list());
}

static void relation_item(struct value *items, const struct doc *t, const char *text)
{
	struct value *item = value_push(items, value_map());

	value_set_str(item, "title", t ? t->title : text);
	if (t) /* an unknown target has no href: the template prints plain text */
		page_set_owned(item, "href", page_doc_href(t));
}

/* Relations both ways: what this document replaces/repeals/amends, and
 * which documents do that to it. */
static struct value *doc_relations(const struct render *r, const struct doc *doc, size_t pos)
{
	struct value *groups = value_list();
	size_t k, j;

	for (k = 0; k < 3; k++) {
		const struct strlist *l = relation_list(doc, k);
		for (j = 0; j < l->n; j++)
			relation_item(relation_group(groups, relation_kinds[k].forward),
				      site_find(r->site, l->v[j]), l->v[j]);
	}
	for (j = 0; j < r->nback[pos]; j++)
		relation_item(relation_group(groups, r->back[pos][j].label), r->back[pos][j].doc,
			      NULL);
	return groups;
}

static void render_backref(struct render *r, size_t p, const char *label, const struct doc *by)
{
	r->back[p] = xreallocarray(r->back[p], r->nback[p] + 1, sizeof(**r->back));
	r->back[p][r->nback[p]].label = label;
	r->back[p][r->nback[p]++].doc = by;
}

/* Record, for each relation target and each cited document, the document
 * pointing at it. */
static void render_backrefs(struct render *r)
{
	const struct site *s = r->site;
	size_t i, k, j;
	void *pos;

	r->back = xcalloc(s->ndocs + 1, sizeof(*r->back));
	r->nback = xcalloc(s->ndocs + 1, sizeof(*r->nback));
	for (i = 0; i < s->ndocs; i++)
		strset_add(&r->index, s->docs[i]->slug, (void *)(uintptr_t)(i + 1));
	for (i = 0; i < s->ndocs; i++) {
		for (k = 0; k < 3; k++) {
			const struct strlist *l = relation_list(s->docs[i], k);
			for (j = 0; j < l->n; j++) {
				struct doc *t = site_find(s, l->v[j]);
				if (!t || !strset_get(&r->index, t->slug, &pos))
					continue;
				render_backref(r, (size_t)(uintptr_t)pos - 1,
					       relation_kinds[k].backward, s->docs[i]);
			}
		}
		for (j = 0; j < s->docs[i]->ncites; j++)
			if (strset_get(&r->index, s->docs[i]->cites[j]->slug, &pos))
				render_backref(r, (size_t)(uintptr_t)pos - 1, "被引用", s->docs[i]);
	}
}

static struct value *doc_toc(const struct doc *doc)
{
	struct value *toc = value_list();
	size_t i;

	for (i = 0; i < doc->ntoc; i++) {
		struct value *h = value_push(toc, value_map());
		value_set_str(h, "anchor", doc->toc[i].anchor);
		value_set_str(h, "text", doc->toc[i].text);
		value_set_int(h, "level", doc->toc[i].level);
	}
	return toc;
}

/* A {title, href} link to a neighbouring document, or nothing. */
static void doc_link(struct value *map, const char *key, const struct doc *t)
{
	struct value *l;

	if (!t)
		return;
	l = value_set(map, key, value_map());
	value_set_str(l, "title", t->title);
	page_set_owned(l, "href", page_doc_href(t));
}

/* 最后修改 and the number of versions, from the git history; and whether
 * the text built differs from the last commit.  The link to the history
 * page, or for a document without one (histpages_has_list) its one
 * version: only_version {short_id, summary, author}. */
static void doc_history(const struct render *r, struct value *v, const struct doc *doc)
{
	const struct history *h = r->p.history;
	const struct history_doc *hd = h ? history_find(h, doc->path) : NULL;
	struct value *one;
	struct buf href = BUF_INIT;
	char date[11];

	if (!hd || !hd->n)
		return;
	date_format(date, date_from_time(hd->v[0].time, hd->v[0].offset_minutes));
	value_set_str(v, "updated", date);
	value_set_int(v, "versions", (long long)hd->n);
	value_set_bool(
	    v, "uncommitted",
	    history_is_modified_id(h, doc->path, doc->has_blob_id ? doc->blob_id : NULL) == 1);
	if (!histpages_has_list(hd, doc)) {
		one = value_set(v, "only_version", value_map());
		value_set_str(one, "short_id", hd->v[0].short_id);
		value_set_str(one, "summary", histpages_summary(hd->v[0].summary));
		value_set_str(one, "author", hd->v[0].author);
		return;
	}
	buf_printf(&href, "%s/history.html", doc->slug);
	value_set_str(v, "history_href", href.ptr);
	buf_release(&href);
}

struct value *render_doc_data(const struct pages *p, const struct doc *doc)
{
	struct value *v = value_map(), *st, *comp;
	struct buf href = BUF_INIT;
	size_t c;

	value_set_str(v, "title", doc->title);
	if (doc->number && *doc->number)
		value_set_str(v, "number", doc->number);
	if (doc->attachment && *doc->attachment)
		value_set_str(v, "attachment", doc->attachment);
	st = value_set(v, "status", page_status(doc->status));
	page_set_owned(st, "note", status_note(doc));
	value_set(v, "meta", doc_meta(doc));
	value_set(v, "toc", doc_toc(doc));
	value_set_bool(v, "has_toc", doc->ntoc > 1);
	/* the html outlives the page data (doc is the site's or a version's) */
	value_set(
	    v, "body",
	    value_string_borrow(doc->html ? doc->html : "", doc->html ? strlen(doc->html) : 0));
	value_set_int(v, "measures_count", (long long)doc->nmeasures);
	value_set_bool(v, "has_measures", doc->nmeasures > 0);
	if (doc->section)
		value_set_str(v, "section", doc->section);
	for (c = 0; c < p->site->ncomps && strcmp(p->site->comps[c]->name, doc->compilation); c++)
		;
	comp = value_set(v, "compilation", value_map());
	value_set_str(comp, "title",
		      c < p->site->ncomps ? p->site->comps[c]->title : doc->compilation);
	buf_printf(&href, "%s/index.html", doc->compilation);
	value_set_str(comp, "href", href.ptr);
	buf_release(&href);
	return v;
}

/* The page key of document doc (number pos in the site): see memo.h. */
static void doc_key(unsigned char key[HASH_SIZE], const struct render *r, const struct doc *doc,
		    size_t pos)
{
	const struct history *h = r->p.history;
	const struct history_doc *hd =
	    h && h->why == HISTORY_LOADED ? history_find(h, doc->path) : NULL;
	unsigned char hk[HASH_SIZE];
	struct buf b;
	size_t j;

	if (hd)
		memo_history(hk, r->p.memo, h, hd, doc);
	memo_begin(&b, r->p.memo, "doc");
	memo_bytes(&b, hd ? hk : NULL, hd ? HASH_SIZE : 0);
	memo_str(&b, doc->path);
	memo_bytes(&b, doc->has_blob_id ? doc->blob_id : NULL,
		   doc->has_blob_id ? sizeof(doc->blob_id) : 0);
	memo_num(&b, (long long)r->nback[pos]);
	for (j = 0; j < r->nback[pos]; j++) {
		memo_str(&b, r->back[pos][j].label);
		memo_str(&b, r->back[pos][j].doc->path);
	}
	memo_end(key, &b);
}

/* The page of document i of compilation comp (number pos in the site);
 * with the memo, the last build's when its page key has not changed. */
static int doc_page(const struct render *r, const struct compilation *comp, size_t i, size_t pos)
{
	struct doc *doc = comp->docs[i];
	struct pages p = r->p;
	unsigned char key[HASH_SIZE];
	struct value *page, *v, *rel;
	struct buf path = BUF_INIT;
	int rc;

	if (p.memo) {
		doc_key(key, r, doc, pos);
		if (output_reuse(p.out, key, NULL))
			return 0;
		p.key = key;
	}
	if (markdown_doc_html(doc, render_measure_wrap, (void *)p.tmpl, p.site, p.d) < 0)
		return -1;
	page = page_new(&p, doc->title);
	v = value_set(page, "doc", render_doc_data(&p, doc));
	page_crumb(page, comp->title, value_get_str(value_get(v, "compilation"), "href"));
	rel = value_set(v, "relations", doc_relations(r, doc, pos));
	value_set_bool(v, "has_relations", rel->n > 0);
	doc_history(r, v, doc);
	doc_link(v, "prev", i > 0 ? comp->docs[i - 1] : NULL);
	doc_link(v, "next", i + 1 < comp->ndocs ? comp->docs[i + 1] : NULL);
	buf_printf(&path, "%s/index.html", doc->slug);
	rc = page_write(&p, page, "document", path.ptr);
	buf_release(&path);
	value_free(page);
	if (!histpages_need_body(p.history, doc)) /* read for this page only */
		doc_release_body(doc);
	return rc;
}

/* The sections of a compilation with their documents, in printed order;
 * documents without a section come last (under 其他 when there are
 * sections, else in one unnamed group). */
static struct value *comp_sections(const struct compilation *comp)
{
	struct value *groups = value_list(), *g, *docs;
	size_t k, i;

	for (k = 0; k <= comp->sections.n; k++) {
		const char *name = k < comp->sections.n ? comp->sections.v[k] : NULL;
		docs = value_list();
		for (i = 0; i < comp->ndocs; i++) {
			const char *sec = comp->docs[i]->section;
			if (name ? (sec && !strcmp(sec, name)) : !sec)
				value_push(docs, page_doc_item(comp->docs[i]));
		}
		if (!docs->n) {
			value_free(docs);
			continue;
		}
		g = value_push(groups, value_map());
		value_set_str(g, "name", name ? name : (comp->sections.n ? "其他" : ""));
		value_set(g, "docs", docs);
	}
	return groups;
}

static int comp_page(struct render *r, struct compilation *comp)
{
	char date[11];
	struct value *page = page_new(&r->p, comp->title), *c;
	struct buf path = BUF_INIT;
	int rc;

	c = value_set(page, "compilation", value_map());
	value_set_str(c, "title", comp->title);
	if (comp->editor)
		value_set_str(c, "editor", comp->editor);
	date_format(date, comp->date);
	if (*date)
		value_set_str(c, "date", date);
	if (!comp->preface_html)
		markdown_html(&comp->preface_html, comp->preface, strlen(comp->preface));
	value_set_str(c, "preface", comp->preface_html);
	value_set_int(c, "count", (long long)comp->ndocs);
	value_set(c, "sections", comp_sections(comp));
	buf_printf(&path, "%s/index.html", comp->name);
	rc = page_write(&r->p, page, "compilation", path.ptr);
	buf_release(&path);
	value_free(page);
	return rc;
}

/* Newest first by 成文日期 (else 发布日期), then by path. */
static int cmp_newest(const void *a, const void *b)
{
	const struct doc *x = *(struct doc *const *)a, *y = *(struct doc *const *)b;
	int c = date_cmp(page_doc_date(y), page_doc_date(x));

	return c ? c : strcmp(x->slug, y->slug);
}

#define HOME_NEWEST 20

static int home_page(struct render *r)
{
	const struct site *s = r->site;
	struct value *page = page_new(&r->p, s->title), *counts, *comps, *newest, *c;
	struct doc **sorted = xcalloc(s->ndocs + 1, sizeof(*sorted));
	size_t i;
	char date[11];
	int rc;

	value_set_bool(page, "is_home", 1);
	counts = value_set(page, "counts", value_map());
	value_set_int(counts, "documents", (long long)s->ndocs);
	value_set_int(counts, "measures", (long long)s->nmeasures);
	value_set_int(counts, "compilations", (long long)s->ncomps);
	comps = value_set(page, "compilations", value_list());
	for (i = 0; i < s->ncomps; i++) {
		const struct compilation *comp = s->comps[i];
		c = value_push(comps, value_map());
		value_set_str(c, "title", comp->title);
		{
			struct buf href = BUF_INIT;
			buf_printf(&href, "%s/index.html", comp->name);
			page_set_owned(c, "href", buf_detach(&href, NULL));
		}
		if (comp->editor)
			value_set_str(c, "editor", comp->editor);
		date_format(date, comp->date);
		if (*date)
			value_set_str(c, "date", date);
		value_set_int(c, "count", (long long)comp->ndocs);
	}
	memcpy(sorted, s->docs, s->ndocs * sizeof(*sorted));
	if (s->ndocs)
		qsort(sorted, s->ndocs, sizeof(*sorted), cmp_newest);
	newest = value_set(page, "newest", value_list());
	for (i = 0; i < s->ndocs && i < HOME_NEWEST; i++)
		value_push(newest, page_doc_item(sorted[i]));
	rc = page_write(&r->p, page, "home", "index.html");
	free(sorted);
	value_free(page);
	return rc;
}

/* One page to write, and how it went: document i of comp, or comp's own
 * page when i is NO_DOC. */
struct doc_task {
	struct render *r;
	struct compilation *comp;
	size_t i, pos;
	int rc;
};

#define NO_DOC SIZE_MAX

static void doc_task_run(size_t k, void *ctx)
{
	struct doc_task *t = (struct doc_task *)ctx + k;

	t->rc = t->i == NO_DOC ? comp_page(t->r, t->comp) : doc_page(t->r, t->comp, t->i, t->pos);
}

int render_site(const struct pages *p)
{
	const struct site *s = p->site;
	struct render r;
	struct doc_task *tasks = xcalloc(s->ndocs + s->ncomps + 1, sizeof(*tasks));
	size_t c, i, n = 0;
	int rc = 0;

	memset(&r, 0, sizeof(r));
	r.site = s;
	r.p = *p;
	render_backrefs(&r);
	for (c = 0; c < s->ncomps; c++) { /* the compilations' pages first: the longest */
		tasks[n].comp = s->comps[c];
		tasks[n++].i = NO_DOC;
	}
	for (c = 0; c < s->ncomps; c++) {
		struct compilation *comp = s->comps[c];
		for (i = 0; i < comp->ndocs; i++) {
			void *pos = NULL;
			strset_get(&r.index, comp->docs[i]->slug, &pos);
			tasks[n].r = &r;
			tasks[n].comp = comp;
			tasks[n].i = i;
			tasks[n++].pos = (size_t)(uintptr_t)pos - 1;
		}
	}
	for (i = 0; i < n; i++)
		tasks[i].r = &r;
	parallel_for(n, p->jobs, doc_task_run, tasks);
	for (i = 0; i < n; i++)
		if (tasks[i].rc < 0)
			rc = -1;
	if (home_page(&r) < 0)
		rc = -1;
	for (i = 0; i < s->ndocs; i++)
		free(r.back[i]);
	free(r.back);
	free(r.nback);
	strset_release(&r.index);
	free(tasks);
	return rc;
}
