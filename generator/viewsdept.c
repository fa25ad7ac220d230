/* viewsdept.c - the departments views: departments/index.html (grouped by
 * level) and departments/d-<hash>/index.html (what one department issued
 * and is responsible for); see views.h. */
#include <stdlib.h>
#include <string.h>

#include "memo.h"
#include "viewsint.h"
#include "xalloc.h"

/* The index entry of department i. */
static struct value *dept_entry(const struct views *v, size_t i)
{
	const struct vdept *d = &v->depts[i];
	struct value *e = value_map();

	value_set_str(e, "name", d->name);
	page_set_owned(e, "href", views_dept_href(d));
	value_set_int(e, "ndocs", (long long)d->ndocs);
	value_set_int(e, "nmeasures", (long long)d->nmeasures);
	value_set_bool(e, "has_docs", d->ndocs > 0);
	value_set_bool(e, "has_measures", d->nmeasures > 0);
	return e;
}

/* The page data of departments/index.html. */
static struct value *dept_index_data(const struct pages *p, const struct views *v)
{
	struct value *page = page_new(p, "发文机关与责任单位"), *view, *levels, *g = NULL;
	const char *cur = NULL;
	size_t i;

	page_crumb(page, "发文机关与责任单位", NULL);
	view = value_set(page, "view", value_map());
	value_set_int(view, "count", (long long)v->ndepts);
	levels = value_set(view, "levels", value_list());
	for (i = 0; i < v->ndepts; i++) {
		if (!cur || strcmp(cur, v->depts[i].level)) {
			cur = v->depts[i].level;
			g = value_push(levels, value_map());
			value_set_str(g, "name", cur);
			value_set_int(g, "anchor", (long long)levels->n);
			value_set(g, "depts", value_list());
		}
		value_push(value_get(g, "depts"), dept_entry(v, i));
		value_set_int(g, "count", (long long)value_get(g, "depts")->n);
	}
	return page;
}

/* departments/index.html, unless its key (its page data) is unchanged. */
static int dept_index(const struct pages *p, const struct views *v, const struct vmemo *m)
{
	struct value *page = dept_index_data(p, v);
	struct pages q = *p;
	unsigned char key[HASH_SIZE];
	struct buf b;
	int rc = 0;

	if (m) {
		views_memo_begin(&b, m, "departments");
		memo_value(&b, page);
		if (views_memo_reuse(m, &b, &q, key))
			goto out;
	}
	rc = page_write(&q, page, "departments", "departments/index.html");
out:
	value_free(page);
	return rc;
}

static size_t page_end(size_t from, size_t n)
{
	return from + VIEWS_PAGE_ROWS < n ? from + VIEWS_PAGE_ROWS : n;
}

/* The header figures of department d (the same on each of its pages). */
static void dept_counts(struct value *view, const struct vdept *d)
{
	size_t k, lead = 0;

	value_set_str(view, "name", d->name);
	value_set_str(view, "level", d->level);
	value_set_int(view, "ndocs", (long long)d->ndocs);
	value_set_int(view, "nlead", (long long)d->nlead);
	value_set_int(view, "njoint", (long long)(d->ndocs - d->nlead));
	for (k = 0; k < d->nmeasures; k++)
		lead += d->measures[k].role != VROLE_JOINT;
	value_set_int(view, "nmeasures", (long long)d->nmeasures);
	value_set_int(view, "mlead", (long long)lead);
	value_set_int(view, "mjoint", (long long)(d->nmeasures - lead));
}

/* The HTML of d's documents [from, to) and measures [mfrom, mto) on a page
 * in root, as view.docs_html and view.mgroups_html. */
static void dept_lists(struct value *view, const struct views *v, const struct vdept *d,
		       size_t from, size_t to, size_t mfrom, size_t mto, const char *root)
{
	struct buf b = BUF_INIT;
	size_t k, len;
	char *html;

	for (k = from; k < to; k++)
		views_html_doc_item(&b, v, d->docs[k].doc, d->docs[k].role, root);
	html = buf_detach(&b, &len);
	value_set(view, "docs_html", views_html_value(html, len));
	views_html_mgroups(&b, v, d->measures + mfrom, mto - mfrom, root);
	html = buf_detach(&b, &len);
	value_set(view, "mgroups_html", views_html_value(html, len));
}

/* Page `page` of department i: its documents and measures from
 * (page - 1) * VIEWS_PAGE_ROWS on, side by side. */
static int dept_page(const struct pages *p, const struct views *v, size_t i, size_t page)
{
	const struct vdept *d = &v->depts[i];
	struct value *pg = page_new(p, d->name), *view;
	char *dir = views_dept_href(d), *href, *root;
	size_t from = (page - 1) * VIEWS_PAGE_ROWS, npages = views_npages(d->ndocs, d->nmeasures);
	size_t dto = page_end(from, d->ndocs), mto = page_end(from, d->nmeasures);
	int rc;

	dir[strlen(dir) - strlen("/index.html")] = '\0';
	href = views_paged_href(dir, page, 0);
	root = views_root(href);
	page_crumb(pg, "发文机关与责任单位", "departments/index.html");
	page_crumb(pg, d->name, NULL);
	view = value_set(pg, "view", value_map());
	dept_counts(view, d);
	value_set(view, "pager", views_pager(dir, page, npages, 0));
	value_set_bool(view, "paged", npages > 1);
	value_set_bool(view, "has_docs", dto > from);
	value_set_int(view, "docs_from", (long long)from + 1);
	value_set_int(view, "docs_to", (long long)dto);
	value_set_bool(view, "has_measures", mto > from);
	value_set_int(view, "measures_from", (long long)from + 1);
	value_set_int(view, "measures_to", (long long)mto);
	dept_lists(view, v, d, from < dto ? from : dto, dto, from < mto ? from : mto, mto, root);
	rc = page_write(p, pg, "department", href);
	free(dir);
	free(href);
	free(root);
	value_free(pg);
	return rc;
}

/* The part of the keys of department i's pages that they all show: its
 * id and header figures (dept_counts). */
static void dept_head_key(unsigned char out[HASH_SIZE], const struct views *v, size_t i)
{
	struct value *head = value_map();
	struct buf b;

	dept_counts(head, &v->depts[i]);
	memo_begin(&b, NULL, "department head");
	memo_str(&b, v->depts[i].id);
	memo_value(&b, head);
	memo_end(out, &b);
	value_free(head);
}

/* Page `page` of department i, unless its key is unchanged: head (from
 * dept_head_key), the page's number, and the documents and measures it
 * lists with their roles. */
static int dept_group(const struct pages *p, const struct views *v, const struct vmemo *m,
		      const unsigned char head[HASH_SIZE], size_t i, size_t page)
{
	const struct vdept *d = &v->depts[i];
	size_t from = (page - 1) * VIEWS_PAGE_ROWS;
	size_t dto = page_end(from, d->ndocs), mto = page_end(from, d->nmeasures);
	struct pages q = *p;
	unsigned char key[HASH_SIZE];
	struct buf b;

	if (m) {
		views_memo_begin(&b, m, "department page");
		buf_put(&b, head, HASH_SIZE);
		memo_num(&b, (long long)page);
		views_memo_refs(&b, m, d->docs + (from < dto ? from : dto),
				from < dto ? dto - from : 0);
		views_memo_refs(&b, m, d->measures + (from < mto ? from : mto),
				from < mto ? mto - from : 0);
		if (views_memo_reuse(m, &b, &q, key))
			return 0;
	}
	return dept_page(&q, v, i, page);
}

int views_write_departments(const struct pages *p, const struct views *v, const struct vmemo *m)
{
	unsigned char head[HASH_SIZE] = {0};
	size_t i, k;
	int rc = dept_index(p, v, m);

	for (i = 0; i < v->ndepts; i++) {
		if (m)
			dept_head_key(head, v, i);
		for (k = 1; k <= views_npages(v->depts[i].ndocs, v->depts[i].nmeasures); k++)
			if (dept_group(p, v, m, head, i, k) < 0)
				rc = -1;
	}
	return rc;
}
