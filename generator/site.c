/* site.c - settings, documents and their links; see site.h. */
#include "site.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "docnum.h"
#include "parallel.h"
#include "xalloc.h"
#include "yamldoc.h"

/* Read the topics list: names or {name, description} maps. */
static int site_topics(struct site *s, const struct value *v, const char *path, struct diag *d)
{
	size_t i;

	if (v->type != VALUE_LIST) {
		diag_error(d, path, v->line, v->col, "'topics' must be a list");
		return -1;
	}
	s->topics = xcalloc(v->n ? v->n : 1, sizeof(*s->topics));
	for (i = 0; i < v->n; i++) {
		const struct value *t = v->items[i];
		const char *name = t->type == VALUE_MAP ? value_get_str(t, "name")
							: (t->type == VALUE_STRING ? t->str : NULL);
		if (!name || !*name) {
			diag_error(d, path, t->line, t->col,
				   "a topic is a name or a mapping with 'name' and 'description'");
			return -1;
		}
		s->topics[s->ntopics].name = xstrdup(name);
		if (t->type == VALUE_MAP && value_get_str(t, "description"))
			s->topics[s->ntopics].description =
			    xstrdup(value_get_str(t, "description"));
		s->ntopics++;
	}
	return 0;
}

/* Check the departments map: canonical name → list of alias names. */
static int site_departments(struct site *s, struct value *v, const char *path, struct diag *d)
{
	size_t i, k;

	if (v->type != VALUE_MAP) {
		diag_error(d, path, v->line, v->col,
			   "'departments' must map names to lists of aliases");
		return -1;
	}
	for (i = 0; i < v->n; i++) {
		const struct value *a = v->items[i];
		if (a->type == VALUE_NULL)
			continue;
		for (k = 0; a->type == VALUE_LIST && k < a->n; k++)
			if (a->items[k]->type != VALUE_STRING)
				break;
		if (a->type != VALUE_LIST || k < a->n) {
			diag_error(d, path, a->line, a->col,
				   "the aliases of '%s' must be a list of names", v->keys[i]);
			return -1;
		}
	}
	s->departments = value_copy(v);
	return 0;
}

/* Apply the keys of site.yaml. */
static int site_settings(struct site *s, struct value *fm, const char *path, struct diag *d)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < fm->n; i++) {
		const char *k = fm->keys[i];
		struct value *v = fm->items[i];
		char **dst = !strcmp(k, "title")      ? &s->title
			     : !strcmp(k, "base_url") ? &s->base_url
			     : !strcmp(k, "language") ? &s->language
						      : NULL;
		if (dst && (v->type == VALUE_STRING || v->type == VALUE_NUMBER)) {
			free(*dst);
			*dst = xstrdup(v->str);
		} else if (dst) {
			diag_error(d, path, v->line, v->col, "'%s' must be text", k);
			rc = -1;
		} else if (!strcmp(k, "topics")) {
			rc |= site_topics(s, v, path, d);
		} else if (!strcmp(k, "departments")) {
			rc |= site_departments(s, v, path, d);
		} else {
			diag_error(d, path, fm->key_line[i], fm->key_col[i],
				   "unknown key '%s' in site.yaml", k);
			rc = -1;
		}
	}
	return rc;
}

int site_config_load(struct site **out, const char *content_dir, struct diag *d)
{
	struct site *s = xcalloc(1, sizeof(*s));
	struct buf file = BUF_INIT, text = BUF_INIT;
	struct value *fm = NULL;
	int rc = -1;

	*out = NULL;
	s->cache = xcalloc(1, sizeof(*s->cache));
	s->content_dir = xstrdup(content_dir);
	s->title = xstrdup("政策文件汇编");
	s->language = xstrdup("zh-CN");
	buf_printf(&file, "%s/site.yaml", content_dir);
	if (access(file.ptr, F_OK) != 0) {
		diag_warning(d, file.ptr, 0, 0, "no site.yaml: using the default settings");
	} else {
		if (doc_read_text(&text, file.ptr, file.ptr, 1u << 20, d) < 0 ||
		    yamldoc_parse(&fm, text.ptr, text.len, file.ptr, 0, d) < 0)
			goto out;
		if (fm->type != VALUE_MAP && fm->type != VALUE_NULL) {
			diag_error(d, file.ptr, 1, 1,
				   "site.yaml must be a mapping of keys to values");
			goto out;
		}
		if (site_settings(s, fm, file.ptr, d) < 0)
			goto out;
	}
	*out = s;
	s = NULL;
	rc = 0;
out:
	value_free(fm);
	buf_release(&file);
	buf_release(&text);
	site_free(s);
	return rc;
}

void site_add_compilation(struct site *s, struct compilation *c)
{
	s->comps = xreallocarray(s->comps, s->ncomps + 1, sizeof(*s->comps));
	s->comps[s->ncomps++] = c;
}

void site_add_doc(struct site *s, struct doc *doc)
{
	s->docs = xreallocarray(s->docs, s->ndocs + 1, sizeof(*s->docs));
	s->docs[s->ndocs++] = doc;
}

struct doc *site_find(const struct site *s, const char *target)
{
	struct buf key = BUF_INIT;
	void *found = NULL;

	if (!strset_get(&s->by_slug, target, &found)) {
		docnum_normalize(&key, target);
		strset_get(&s->by_number, key.ptr, &found);
		buf_release(&key);
	}
	return found;
}

/* Printed order: by `order` (documents without one last), then by name. */
static int cmp_printed(const void *a, const void *b)
{
	const struct doc *x = *(struct doc *const *)a, *y = *(struct doc *const *)b;
	int c = strcmp(x->compilation, y->compilation);

	if (c)
		return c;
	if (x->has_order != y->has_order)
		return x->has_order ? -1 : 1;
	if (x->has_order && x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->slug, y->slug);
}

/* A title printed inside 《》 is also cited without them. */
static void site_index_bare_title(struct site *s, const char *title, struct doc *doc)
{
	size_t n = strlen(title);
	char *bare;

	if (n <= 6 || strncmp(title, "《", 3) || strcmp(title + n - 3, "》"))
		return;
	bare = xstrndup(title + 3, n - 6);
	strset_add(&s->by_title, bare, doc);
	free(bare);
}

/* Index documents by slug, 发文字号 and title; warn about numbers used twice. */
static void site_index(struct site *s, struct diag *d)
{
	struct buf key = BUF_INIT;
	size_t i;

	for (i = 0; i < s->ndocs; i++) {
		struct doc *doc = s->docs[i];
		strset_add(&s->by_slug, doc->slug, doc);
		strset_add(&s->by_title, doc->title, doc);
		if (doc->attachment && *doc->attachment)
			strset_add(&s->by_title, doc->attachment, doc);
		site_index_bare_title(s, doc->title, doc);
		if (!doc->number || !*doc->number)
			continue;
		buf_reset(&key);
		docnum_normalize(&key, doc->number);
		if (!strset_add(&s->by_number, key.ptr, doc)) {
			const struct value *v = value_get(doc->front, "number");
			diag_warning(d, doc->file, v ? v->line : 1, v ? v->col : 1,
				     "发文字号 '%s' is also used by another document", doc->number);
		}
	}
	buf_release(&key);
}

/* Attach each document to its compilation and check its section. */
static int site_sections(struct site *s, struct diag *d)
{
	size_t i, k, c = 0;
	int rc = 0, *declared = xcalloc(s->ncomps + 1, sizeof(*declared));

	for (i = 0; i < s->ncomps; i++)
		declared[i] = s->comps[i]->sections.n > 0;
	for (i = 0; i < s->ndocs; i++) {
		struct doc *doc = s->docs[i];
		struct compilation *comp;
		while (c < s->ncomps && strcmp(s->comps[c]->name, doc->compilation) < 0)
			c++;
		if (c == s->ncomps || strcmp(s->comps[c]->name, doc->compilation))
			continue; /* cannot happen: scan lists compilations first */
		comp = s->comps[c];
		comp->docs = xreallocarray(comp->docs, comp->ndocs + 1, sizeof(*comp->docs));
		comp->docs[comp->ndocs++] = doc;
		if (!doc->section)
			continue;
		for (k = 0; k < comp->sections.n && strcmp(comp->sections.v[k], doc->section); k++)
			;
		if (k < comp->sections.n)
			continue;
		if (declared[c]) {
			const struct value *v = value_get(doc->front, "section");
			diag_error(
			    d, doc->file, v->line, v->col,
			    "section '%s' is not one of the sections listed in %s/%s/_index.md",
			    doc->section, s->content_dir, comp->name);
			rc = -1;
		} else {
			strlist_push(&comp->sections, doc->section);
		}
	}
	free(declared);
	return rc;
}

/* Check that every supersedes/repeals/amends target exists. */
static int site_relations(struct site *s, struct diag *d)
{
	static const char *const keys[] = {"supersedes", "repeals", "amends"};
	size_t i, k, j;
	int rc = 0;

	for (i = 0; i < s->ndocs; i++) {
		struct doc *doc = s->docs[i];
		for (k = 0; k < 3; k++) {
			const struct value *v = value_get(doc->front, keys[k]);
			const struct value *item;
			for (j = 0; v && j < (v->type == VALUE_LIST ? v->n : 1); j++) {
				item = v->type == VALUE_LIST ? v->items[j] : v;
				if (!item->str || site_find(s, item->str))
					continue;
				if (!strchr(item->str, '/')) { /* a 发文字号 outside the site */
					diag_warning(d, doc->file, item->line, item->col,
						     "%s: '%s' is not in this site; shown as text",
						     keys[k], item->str);
					continue;
				}
				diag_error(d, doc->file, item->line, item->col,
					   "%s: no document '%s' in this site", keys[k], item->str);
				rc = -1;
			}
		}
	}
	return rc;
}

/* Set `status` of every target named in list to st when the document
 * naming it is itself in force. */
static void site_mark(struct site *s, const struct doc *by, const struct strlist *list,
		      enum status st)
{
	size_t j;

	if (by->status != STATUS_CURRENT && by->status != STATUS_AMENDED)
		return;
	for (j = 0; j < list->n; j++) {
		struct doc *t = site_find(s, list->v[j]);
		if (t && !t->has_status && t != by &&
		    (t->status == STATUS_CURRENT || t->status == STATUS_AMENDED))
			t->status = st;
	}
}

/* 时效性 on s->today: from the dates, then repeals/supersedes (已废止) and
 * amends (已修改) by documents in force; `status` overrides all, with a
 * warning when it contradicts the dates. */
static void site_status(struct site *s, struct diag *d)
{
	size_t i;

	for (i = 0; i < s->ndocs; i++) {
		struct doc *doc = s->docs[i];
		enum status by_dates = status_from_dates(doc->effective, doc->expires, s->today);
		doc->status = doc->has_status ? doc->status_given : by_dates;
		if (doc->has_status && by_dates != STATUS_CURRENT &&
		    doc->status_given != by_dates) {
			const struct value *v = value_get(doc->front, "status");
			diag_warning(
			    d, doc->file, v->line, v->col,
			    "status '%s' contradicts the dates (on %04d-%02d-%02d they make it %s)",
			    status_label(doc->status_given), s->today.y, s->today.m, s->today.d,
			    status_label(by_dates));
		}
	}
	for (i = 0; i < s->ndocs; i++) {
		site_mark(s, s->docs[i], &s->docs[i]->amends, STATUS_AMENDED);
	}
	for (i = 0; i < s->ndocs; i++) {
		site_mark(s, s->docs[i], &s->docs[i]->repeals, STATUS_REPEALED);
		site_mark(s, s->docs[i], &s->docs[i]->supersedes, STATUS_REPEALED);
	}
}

int site_link(struct site *s, struct diag *d)
{
	size_t i;
	int rc = 0;

	if (s->ndocs)
		qsort(s->docs, s->ndocs, sizeof(*s->docs), cmp_printed);
	site_index(s, d);
	rc |= site_sections(s, d);
	rc |= site_relations(s, d);
	site_status(s, d);
	s->nmeasures = 0;
	for (i = 0; i < s->ndocs; i++)
		s->nmeasures += s->docs[i]->nmeasures;
	return rc ? -1 : 0;
}

void site_release_page_text(struct site *s)
{
	size_t i;

	for (i = 0; s && i < s->ndocs; i++)
		doc_release_page_text(s->docs[i]);
}

#define FREE_SLICES 32 /* runs of documents freed as parallel tasks */

static void free_slice(size_t k, void *ctx)
{
	struct site *s = ctx;
	size_t i;

	for (i = s->ndocs * k / FREE_SLICES; i < s->ndocs * (k + 1) / FREE_SLICES; i++)
		doc_free(s->docs[i]);
}

void site_free_jobs(struct site *s, int jobs)
{
	size_t i;

	if (!s)
		return;
	if (s->cache && s->cache->views && s->cache->views_free)
		s->cache->views_free(s->cache->views);
	free(s->cache);
	parallel_for(FREE_SLICES, jobs, free_slice, s);
	free(s->docs);
	for (i = 0; i < s->ncomps; i++)
		compilation_free(s->comps[i]);
	free(s->comps);
	for (i = 0; i < s->ntopics; i++) {
		free(s->topics[i].name);
		free(s->topics[i].description);
	}
	free(s->topics);
	value_free(s->departments);
	strset_release(&s->by_slug);
	strset_release(&s->by_number);
	strset_release(&s->by_title);
	free(s->content_dir);
	free(s->title);
	free(s->base_url);
	free(s->language);
	free(s);
}

void site_free(struct site *s)
{
	site_free_jobs(s, 1);
}
