/* histversion.c - the page of each version of a document and its diff
 * against the version before; see histpages.h. */
#include <stdlib.h>
#include <string.h>

#include "chardiff.h"
#include "escape.h"
#include "histpagesint.h"
#include "markdown.h"
#include "render.h"
#include "xalloc.h"

static void text_init(struct hp_text *t)
{
	buf_init(&t->text);
	buf_init(&t->error);
	t->doc = NULL;
	t->borrowed = 0;
}

static void text_release(struct hp_text *t)
{
	buf_release(&t->text);
	buf_release(&t->error);
	if (t->borrowed && t->doc) {
		free(t->doc->html);
		free(t->doc);
	} else {
		doc_free(t->doc);
	}
	t->doc = NULL;
	t->borrowed = 0;
}

/* When version k of document i is the very text the site built (the same
 * blob id), make t from the site's document instead of reading and
 * parsing it again: the same struct, but as text_load parses a version,
 * without citation links and with its status from the dates (and without
 * html for the live version, which has no page of its own: only its diff
 * page reads it).  1 when done, 0 when the version is another text. */
static int text_from_live(struct hp_text *t, const struct hp *hp, size_t i, size_t k)
{
	struct doc *live = hp->live[i];
	struct buf html = BUF_INIT;
	struct diag quiet = DIAG_INIT;
	struct doc *doc;
	int older = !hp_is_live(hp, i, k); /* an older version with the same text */
	int ready;

	if (!live || !live->has_blob_id ||
	    memcmp(live->blob_id, hp->h->docs[i].v[k].blob.id, sizeof(live->blob_id)) != 0)
		return 0;
	/* a document read back from the cache gets its body (and html) now;
	 * if its file changed meanwhile, git has the same text */
	ready = older ? markdown_doc_html(live, render_measure_wrap, (void *)hp->p->tmpl,
					  hp->p->site, &quiet)
		      : doc_body(live, &quiet);
	diag_release(&quiet);
	if (ready < 0)
		return 0;
	doc = xmalloc(sizeof(*doc));
	*doc = *live;
	doc->html = NULL;
	if (older) {
		markdown_uncited(&html, live);
		doc->html = buf_detach(&html, NULL);
	}
	doc->cites = NULL;
	doc->ncites = 0;
	doc->cite_tags = NULL;
	doc->ncite_tags = 0;
	doc->status = doc->has_status
			  ? doc->status_given
			  : status_from_dates(doc->effective, doc->expires, hp->p->site->today);
	t->doc = doc;
	t->borrowed = 1;
	return 1;
}

/* Read version k of hd into t (initialised) and parse it as the build
 * would, with its status for the build day.  A version that does not parse
 * keeps its text, with the messages in t->error; nothing is reported. */
static void text_load(struct hp_text *t, const struct hp *hp, const struct history_doc *hd,
		      size_t k)
{
	const struct pages *p = hp->p;
	struct diag d = DIAG_INIT;
	struct buf label = BUF_INIT;
	struct doc *doc = NULL;

	if (text_from_live(t, hp, (size_t)(hd - hp->h->docs), k))
		goto out;
	buf_printf(&label, "%s@%s", hd->path, hd->v[k].short_id);
	if (history_read_blob(&t->text, hp->h, &hd->v[k]) < 0) {
		buf_printf(&t->error, "%s: 无法从 git 仓库读取此版本", label.ptr);
		goto out;
	}
	if (doc_parse(&doc, hd->path, label.ptr, t->text.ptr, t->text.len, &d) < 0 ||
	    markdown_doc(doc, render_measure_wrap, (void *)p->tmpl, &d) < 0) {
		chardiff_utf8_clean(&t->error, d.text.ptr, d.text.len);
		buf_trim(&t->error);
		doc_free(doc);
		goto out;
	}
	doc->status = doc->has_status
			  ? doc->status_given
			  : status_from_dates(doc->effective, doc->expires, p->site->today);
	t->doc = doc;
out:
	diag_release(&d);
	buf_release(&label);
}

/* The body of t for the diff: the parsed body, else the whole text. */
static void text_body(const struct hp_text *t, const char **s, size_t *len)
{
	*s = t->doc ? t->doc->body : t->text.ptr;
	*len = t->doc ? t->doc->body_len : t->text.len;
}

/* The `version` data of version k of document i: the banner of its page
 * and the head of its diff page. */
static struct value *version_data(const struct hp *hp, size_t i, size_t k)
{
	const struct history_doc *hd = &hp->h->docs[i];
	const struct history_version *v = &hd->v[k];
	struct value *m = value_map();

	hp_set_when(m, v->time, v->offset_minutes);
	value_set_str(m, "id", v->id);
	value_set_str(m, "short_id", v->short_id);
	value_set_str(m, "summary", histpages_summary(v->summary));
	value_set_str(m, "author", v->author);
	value_set_str(m, "path", hp_content_path(hp->h, v->path));
	if (hp->live[i])
		page_set_owned(m, "current_href", page_doc_href(hp->live[i]));
	value_set_bool(m, "deleted", !hp->live[i]);
	value_set_bool(m, "newest", k == 0 || (k == 1 && hd->v[0].status == 'D'));
	page_set_owned(m, "history_href", hp_history_href(hd));
	page_set_owned(m, "href", hp_version_link(hp, i, k));
	if (hp_has_diff(hd, k))
		page_set_owned(m, "diff_href", hp_version_href(hd, "diff", k));
	/* the oldest version of a shallow clone was not necessarily added */
	value_set_bool(m, "oldest", k + 1 == hd->n && v->status == 'B');
	return m;
}

/* {title, href} of the compilation named name when the site has it. */
static struct value *comp_link(const struct hp *hp, const char *name)
{
	const struct compilation *c = hp_compilation(hp->p, name);
	struct value *m;
	struct buf href = BUF_INIT;

	if (!c)
		return value_null();
	m = value_map();
	value_set_str(m, "title", c->title);
	buf_printf(&href, "%s/index.html", c->name);
	page_set_owned(m, "href", buf_detach(&href, NULL));
	return m;
}

/* The `doc` data of a version that does not parse: its text as written,
 * preformatted, with the reason. */
static struct value *raw_data(const struct hp *hp, size_t i, const struct hp_text *t)
{
	struct value *d = value_map(), *st;
	struct buf html = BUF_INIT, clean = BUF_INIT;
	const char *slash = strchr(hp->h->docs[i].path, '/');
	char *comp =
	    xstrndup(hp->h->docs[i].path, slash ? (size_t)(slash - hp->h->docs[i].path) : 0);

	value_set_str(d, "title", hp->title[i]);
	st = value_set(d, "status", value_map());
	value_set_str(st, "label", "无法解析");
	value_set_str(st, "class", "unparsed");
	value_set_bool(st, "current", 1);
	value_set(d, "meta", value_list());
	value_set(d, "toc", value_list());
	buf_puts(&html, "<p class=\"version-raw-note\">此版本的文本按现行规则已无法解析，"
			"下面按原样显示。</p>\n");
	if (t->error.len) {
		buf_puts(&html, "<pre class=\"version-raw-error\">");
		escape_html(&html, t->error.ptr, t->error.len);
		buf_puts(&html, "</pre>\n");
	}
	chardiff_utf8_clean(&clean, t->text.ptr, t->text.len);
	buf_puts(&html, "<pre class=\"version-raw\">");
	escape_html(&html, clean.ptr, clean.len);
	buf_puts(&html, "</pre>\n");
	value_set_str(d, "body", html.ptr);
	value_set_int(d, "measures_count", 0);
	value_set(d, "compilation", comp_link(hp, comp));
	buf_release(&html);
	buf_release(&clean);
	free(comp);
	return d;
}

/* <slug>/v-<id>.html: the document template with the banner. */
static int version_page(const struct hp *hp, size_t i, size_t k, const struct hp_text *t)
{
	const struct history_doc *hd = &hp->h->docs[i];
	struct buf title = BUF_INIT, crumb = BUF_INIT;
	struct value *page, *d;
	char *rel = hp_version_href(hd, "v", k);
	int rc;

	buf_printf(&title, "%s（历史版本 %s）", t->doc ? t->doc->title : hp->title[i],
		   hd->v[k].short_id);
	page = page_new(hp->p, title.ptr);
	hp_crumbs(hp, page, i, 1);
	buf_printf(&crumb, "版本 %s", hd->v[k].short_id);
	page_crumb(page, crumb.ptr, NULL);
	if (t->doc) {
		d = value_set(page, "doc", render_doc_data(hp->p, t->doc));
		value_set(d, "compilation", comp_link(hp, t->doc->compilation));
	} else {
		d = value_set(page, "doc", raw_data(hp, i, t));
	}
	page_set_owned(d, "history_href", hp_history_href(hd));
	value_set(page, "version", version_data(hp, i, k));
	rc = page_write(hp->p, page, "document", rel);
	value_free(page);
	buf_release(&title);
	buf_release(&crumb);
	free(rel);
	return rc;
}

/* The label of a front matter field as the document page shows it. */
static const char *field_label(const char *key)
{
	static const char *const labels[][2] = {
	    {"title", "标题"},		{"number", "发文字号"},	    {"issuers", "发文机关"},
	    {"recipients", "主送机关"}, {"signed", "成文日期"},	    {"published", "发布日期"},
	    {"effective", "施行日期"},	{"expires", "失效日期"},    {"status", "时效性"},
	    {"level", "层级"},		{"kind", "文种"},	    {"topics", "主题分类"},
	    {"section", "所属部分"},	{"order", "排列顺序"},	    {"attachment", "附件"},
	    {"source", "出处"},		{"supersedes", "替代文件"}, {"repeals", "废止文件"},
	    {"amends", "修改文件"},	{"index_number", "索引号"},
	};
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i][0], key))
			return labels[i][1];
	return key;
}

/* The metadata rows {field, label, old, new} that differ. */
static struct value *meta_rows(const struct doc *old, const struct doc *cur)
{
	struct chardiff_meta *m = chardiff_meta_compute(old->front, cur->front);
	struct value *rows = value_list();
	size_t r;

	for (r = 0; r < m->n; r++) {
		struct value *row = value_push(rows, value_map());
		value_set_str(row, "field", m->rows[r].field);
		value_set_str(row, "label", field_label(m->rows[r].field));
		if (m->rows[r].old_value)
			value_set_str(row, "old", m->rows[r].old_value);
		if (m->rows[r].new_value)
			value_set_str(row, "new", m->rows[r].new_value);
	}
	chardiff_meta_free(m);
	return rows;
}

/* The comparison of cur with prev: metadata, inline diff, 新旧对照. */
static void diff_compare(struct value *dd, const struct hp_text *cur, const struct hp_text *prev)
{
	struct chardiff *cd = NULL;
	struct buf html = BUF_INIT;
	struct value *notes = value_set(dd, "unparsed", value_list()), *meta;
	const char *a, *b;
	size_t alen, blen;

	if (!prev->doc)
		value_push(notes, value_string("上一版本无法解析，按全文比较。"));
	if (!cur->doc)
		value_push(notes, value_string("此版本无法解析，按全文比较。"));
	meta = value_set(dd, "meta",
			 cur->doc && prev->doc ? meta_rows(prev->doc, cur->doc) : value_list());
	value_set_bool(dd, "has_meta", meta->n > 0);
	text_body(prev, &a, &alen);
	text_body(cur, &b, &blen);
	if (chardiff_compute(&cd, a, alen, b, blen) < 0) {
		value_push(notes, value_string("文本过长，无法比较。"));
		return;
	}
	chardiff_render_inline(&html, cd);
	value_set_str(dd, "inline", html.ptr);
	value_set_bool(dd, "has_changes", cd->changes > 0);
	if (cd->changes > 0) {
		buf_reset(&html);
		chardiff_render_table(&html, cd);
		value_set_str(dd, "table", html.ptr);
	}
	buf_release(&html);
	chardiff_free(cd);
}

/* <slug>/diff-<id>.html: version k against k + 1 (prev; NULL for
 * the oldest version of a shallow clone, whose page says that older ones
 * are not in the repository). */
static int diff_page(const struct hp *hp, size_t i, size_t k, const struct hp_text *cur,
		     const struct hp_text *prev)
{
	const struct history_doc *hd = &hp->h->docs[i];
	struct buf title = BUF_INIT, crumb = BUF_INIT;
	struct value *page, *dd, *pv;
	char *rel = hp_version_href(hd, "diff", k);
	int rc;

	buf_printf(&title, "%s（版本 %s 的改动）", hp->title[i], hd->v[k].short_id);
	page = page_new(hp->p, title.ptr);
	hp_crumbs(hp, page, i, 1);
	buf_printf(&crumb, "版本 %s 的改动", hd->v[k].short_id);
	page_crumb(page, crumb.ptr, NULL);
	dd = value_set(page, "diff", value_map());
	value_set_str(dd, "title", cur->doc ? cur->doc->title : hp->title[i]);
	value_set(dd, "version", version_data(hp, i, k));
	value_set_bool(dd, "oldest", !prev);
	value_set_bool(dd, "compared", prev != NULL);
	if (prev) {
		const struct history_version *o = &hd->v[k + 1];
		pv = value_set(dd, "prev", value_map());
		hp_set_when(pv, o->time, o->offset_minutes);
		value_set_str(pv, "short_id", o->short_id);
		if (hp_has_pages(hd, k + 1))
			page_set_owned(pv, "href", hp_version_link(hp, i, k + 1));
		value_set_bool(pv, "removed", o->status == 'D');
		if (hd->v[k].status == 'R') {
			struct value *rn = value_set(dd, "renamed", value_map());
			value_set_str(rn, "from", hp_content_path(hp->h, o->path));
			value_set_str(rn, "to", hp_content_path(hp->h, hd->v[k].path));
		}
		diff_compare(dd, cur, prev);
	}
	rc = page_write(hp->p, page, "diff", rel);
	value_free(page);
	buf_release(&title);
	buf_release(&crumb);
	free(rel);
	return rc;
}

/* The title of document i: the site's, else that of its newest version
 * (loaded into cur, which the caller goes on with), else its path. */
static void doc_title(struct hp *hp, size_t i, size_t k, struct hp_text *cur)
{
	const struct history_doc *hd = &hp->h->docs[i];

	if (hp->live[i]) {
		hp->title[i] = xstrdup(hp->live[i]->title);
		return;
	}
	if (k < hd->n)
		text_load(cur, hp, hd, k);
	hp->title[i] = xstrdup(cur->doc ? cur->doc->title : hd->path);
}

void hp_doc_title(struct hp *hp, size_t i)
{
	const struct history_doc *hd = &hp->h->docs[i];
	struct hp_text cur;
	size_t k = 0;

	text_init(&cur);
	while (k < hd->n && !hp_has_pages(hd, k))
		k++;
	doc_title(hp, i, k, &cur);
	text_release(&cur);
}

int hp_doc_versions(struct hp *hp, size_t i)
{
	const struct history_doc *hd = &hp->h->docs[i];
	struct hp_text cur, prev;
	size_t k = 0;
	int loaded, rc = 0;

	text_init(&cur);
	text_init(&prev);
	while (k < hd->n && !hp_has_pages(hd, k)) /* a deletion has no page */
		k++;
	doc_title(hp, i, k, &cur);
	loaded = !hp->live[i] && k < hd->n;
	for (; k < hd->n; k++) {
		if (!hp_has_pages(hd, k)) {
			text_release(&cur);
			text_init(&cur);
			loaded = 0;
			continue;
		}
		if (hp_is_live(hp, i, k) && !hp_has_diff(hd, k))
			break; /* the one version: the document page shows it */
		if (!loaded)
			text_load(&cur, hp, hd, k);
		if (k + 1 < hd->n)
			text_load(&prev, hp, hd, k + 1);
		if (!hp_is_live(hp, i, k) && version_page(hp, i, k, &cur) < 0)
			rc = -1;
		if (hp_has_diff(hd, k) &&
		    diff_page(hp, i, k, &cur, k + 1 < hd->n ? &prev : NULL) < 0)
			rc = -1;
		text_release(&cur);
		cur = prev; /* the older version is the next one shown */
		text_init(&prev);
		loaded = k + 1 < hd->n;
	}
	text_release(&cur);
	text_release(&prev);
	return rc;
}
