/* viewsdept.c - the departments views: departments/index.html (grouped by
 * level) and departments/d-<hash>/index.html (what one department issued
 * and is responsible for); see views.h. */
#include <stdlib.h>
#include <string.h>

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

static int dept_index(const struct pages *p, const struct views *v)
{
	struct value *page = page_new(p, "发文机关与责任单位"), *view, *levels, *g = NULL;
	const char *cur = NULL;
	size_t i;
	int rc;

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
	rc = page_write(p, page, "departments", "departments/index.html");
	value_free(page);
	return rc;
}

/* The measures of d grouped by document (newest first): {doc, status,
 * is_out, measures: [{summary, href, role}]}. */
static struct value *measure_groups(const struct views *v, const struct vdept *d)
{
	struct value *groups = value_list(), *g = NULL, *ms = NULL, *m;
	struct buf href = BUF_INIT;
	size_t k, last = VIEWS_NONE;

	for (k = 0; k < d->nmeasures; k++) {
		const struct doc *doc = v->s->docs[d->measures[k].doc];
		const struct measure *me = &doc->measures[d->measures[k].m];
		if (d->measures[k].doc != last) {
			last = d->measures[k].doc;
			g = value_push(groups, value_map());
			value_set(g, "doc", views_doc_item(v, last, VROLE_SOLE, 0));
			ms = value_set(g, "measures", value_list());
		}
		m = value_push(ms, value_map());
		page_set_owned(m, "summary", views_summary(me));
		buf_reset(&href);
		buf_printf(&href, "%s/index.html#%s", doc->slug, me->id);
		value_set_str(m, "href", href.ptr);
		if (d->measures[k].role != VROLE_SOLE)
			value_set_str(m, "role",
				      d->measures[k].role == VROLE_LEAD ? "牵头" : "配合");
	}
	buf_release(&href);
	(void)g;
	return groups;
}

static int dept_page(const struct pages *p, const struct views *v, size_t i)
{
	const struct vdept *d = &v->depts[i];
	struct value *page = page_new(p, d->name), *view, *docs;
	char *href = views_dept_href(d);
	size_t k, lead = 0;
	int rc;

	page_crumb(page, "发文机关与责任单位", "departments/index.html");
	page_crumb(page, d->name, NULL);
	view = value_set(page, "view", value_map());
	value_set_str(view, "name", d->name);
	value_set_str(view, "level", d->level);
	docs = value_set(view, "docs", value_list());
	for (k = 0; k < d->ndocs; k++)
		value_push(docs, views_doc_item(v, d->docs[k].doc, d->docs[k].role, 0));
	value_set_int(view, "ndocs", (long long)d->ndocs);
	value_set_int(view, "nlead", (long long)d->nlead);
	value_set_int(view, "njoint", (long long)(d->ndocs - d->nlead));
	value_set_bool(view, "has_docs", d->ndocs > 0);
	for (k = 0; k < d->nmeasures; k++)
		lead += d->measures[k].role != VROLE_JOINT;
	value_set_int(view, "nmeasures", (long long)d->nmeasures);
	value_set_int(view, "mlead", (long long)lead);
	value_set_int(view, "mjoint", (long long)(d->nmeasures - lead));
	value_set_bool(view, "has_measures", d->nmeasures > 0);
	value_set(view, "mgroups", measure_groups(v, d));
	rc = page_write(p, page, "department", href);
	free(href);
	value_free(page);
	return rc;
}

int views_write_departments(const struct pages *p, const struct views *v)
{
	size_t i;
	int rc = dept_index(p, v);

	for (i = 0; i < v->ndepts; i++)
		if (dept_page(p, v, i) < 0)
			rc = -1;
	return rc;
}
