/* viewsmeasure.c - the measures views: measures/index.html (every measure)
 * and measures/t-<hash>/index.html (one page per topic); see views.h. */
#include <stdlib.h>
#include <string.h>

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

/* The filter options: what occurs among the rows, in index order. */
static struct value *table_filter(const struct views *v, const struct vref *refs, size_t n,
				  int with_topics, int with_depts)
{
	struct value *f = value_map(), *l;
	char *seen_t = xcalloc(v->ntopics + 1, 1), *seen_d = xcalloc(v->ndepts + 1, 1);
	int seen_s[5] = {0}, seen_l[5] = {0};
	size_t i, k;

	for (i = 0; i < n; i++) {
		const struct doc *doc = v->s->docs[refs[i].doc];
		const struct measure *m = &doc->measures[refs[i].m];
		for (k = 0; k < m->topics.n; k++)
			seen_t[v->docs[refs[i].doc].mtopics[refs[i].m][k]] = 1;
		for (k = 0; k < m->depts.n; k++)
			seen_d[v->docs[refs[i].doc].mdepts[refs[i].m][k]] = 1;
		for (k = 0; k < 5; k++) {
			seen_s[k] |= doc->status == statuses[k];
			seen_l[k] |= !strcmp(views_doc_level(doc), levels[k]);
		}
	}
	l = value_set(f, "topics", value_list());
	for (i = 0; with_topics && i < v->ntopics; i++)
		if (seen_t[i])
			option(l, v->topics[i].id, v->topics[i].name);
	value_set_bool(f, "has_topics", l->n > 1);
	l = value_set(f, "depts", value_list());
	for (i = 0; with_depts && i < v->ndepts; i++)
		if (seen_d[i])
			option(l, v->depts[i].id, v->depts[i].name);
	value_set_bool(f, "has_depts", l->n > 1);
	l = value_set(f, "levels", value_list());
	for (k = 0; k < 5; k++)
		if (seen_l[k])
			option(l, levels[k], levels[k]);
	value_set_bool(f, "has_levels", l->n > 1);
	l = value_set(f, "statuses", value_list());
	for (k = 0; k < 5; k++)
		if (seen_s[k])
			option(l, status_class(statuses[k]), status_label(statuses[k]));
	value_set_bool(f, "has_statuses", l->n > 1);
	free(seen_t);
	free(seen_d);
	return f;
}

struct value *views_measure_table(const struct views *v, const struct vref *refs, size_t n,
				  int with_topics, int with_depts)
{
	struct value *t = value_map(), *rows = value_set(t, "rows", value_list());
	size_t i;

	for (i = 0; i < n; i++)
		value_push(rows, views_measure_row(v, refs[i].doc, refs[i].m));
	value_set_int(t, "count", (long long)n);
	value_set_bool(t, "has_rows", n > 0);
	value_set(t, "filter", table_filter(v, refs, n, with_topics, with_depts));
	return t;
}

/* Every measure, newest document first (in the order of its document). */
static struct vref *all_measures(const struct views *v, size_t *n)
{
	struct vref *refs = xcalloc(v->s->nmeasures + 1, sizeof(*refs));
	size_t i, k;

	*n = 0;
	for (i = 0; i < v->s->ndocs; i++) {
		const struct doc *doc = v->s->docs[v->newest[i]];
		for (k = 0; k < doc->nmeasures; k++) {
			refs = xreallocarray(refs, *n + 1, sizeof(*refs));
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

static int measures_index(const struct pages *p, const struct views *v)
{
	struct value *page = page_new(p, "政策措施"), *mv;
	size_t n;
	struct vref *refs = all_measures(v, &n);
	int rc;

	page_crumb(page, "政策措施", NULL);
	page_script(page, "static/views.js");
	mv = value_set(page, "view", value_map());
	value_set_str(mv, "title", "政策措施");
	value_set(mv, "topics", topic_links(v, VIEWS_NONE));
	value_set(mv, "table", views_measure_table(v, refs, n, 1, 1));
	rc = page_write(p, page, "measures", "measures/index.html");
	free(refs);
	value_free(page);
	return rc;
}

static int topic_page(const struct pages *p, const struct views *v, size_t i)
{
	const struct vtopic *t = &v->topics[i];
	struct value *page = page_new(p, t->name), *mv, *docs;
	char *href = views_topic_href(t);
	size_t k;
	int rc;

	page_crumb(page, "政策措施", "measures/index.html");
	page_crumb(page, t->name, NULL);
	page_script(page, "static/views.js");
	mv = value_set(page, "view", value_map());
	value_set_str(mv, "title", t->name);
	value_set_bool(mv, "is_topic", 1);
	if (t->description)
		value_set_str(mv, "description", t->description);
	value_set_bool(mv, "undeclared", !t->declared);
	value_set(mv, "topics", topic_links(v, i));
	value_set(mv, "table", views_measure_table(v, t->measures, t->nmeasures, 0, 1));
	docs = value_set(mv, "docs", value_list());
	for (k = 0; k < t->ndocs; k++)
		value_push(docs, views_doc_item(v, t->docs[k], VROLE_SOLE, 0));
	value_set_int(mv, "ndocs", (long long)t->ndocs);
	value_set_bool(mv, "has_docs", t->ndocs > 0);
	rc = page_write(p, page, "measures", href);
	free(href);
	value_free(page);
	return rc;
}

int views_write_measures(const struct pages *p, const struct views *v)
{
	size_t i;
	int rc = measures_index(p, v);

	for (i = 0; i < v->ntopics; i++)
		if (topic_page(p, v, i) < 0)
			rc = -1;
	return rc;
}
