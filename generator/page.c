/* page.c - common page data and the page/layout rendering; see page.h. */
#include "page.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "history.h"
#include "xalloc.h"

void page_set_owned(struct value *map, const char *key, char *s)
{
	value_set_str(map, key, s);
	free(s);
}

char *page_doc_href(const struct doc *doc)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s/index.html", doc->slug);
	return buf_detach(&b, NULL);
}

struct value *page_new(const struct pages *p, const char *title)
{
	struct value *page = value_map(), *site = value_set(page, "site", value_map());

	value_set_str(site, "title", p->site->title);
	value_set_str(site, "language", p->site->language);
	value_set_str(page, "page_title", title);
	value_set_str(page, "generator_version", HUIBIAN_VERSION);
	value_set_bool(page, "nav_views", p->nav_views);
	value_set_bool(page, "has_changes", p->history && p->history->ncommits > 0);
	value_set(page, "scripts", value_list());
	value_set(page, "breadcrumbs", value_list());
	return page;
}

void page_crumb(struct value *page, const char *title, const char *href)
{
	struct value *c = value_push(value_get(page, "breadcrumbs"), value_map());

	value_set_str(c, "title", title);
	if (href)
		value_set_str(c, "href", href);
}

void page_script(struct value *page, const char *src)
{
	value_set_str(value_push(value_get(page, "scripts"), value_map()), "src", src);
}

/* "../" once per folder of relpath. */
static void page_root(struct value *page, const char *relpath)
{
	struct buf root = BUF_INIT;
	const char *s;

	for (s = relpath; (s = strchr(s, '/')) != NULL; s++)
		buf_puts(&root, "../");
	value_set_str(page, "root", root.ptr);
	buf_release(&root);
}

void page_bufs_init(struct page_bufs *b)
{
	buf_init(&b->content);
	buf_init(&b->html);
}

void page_bufs_release(struct page_bufs *b)
{
	buf_release(&b->content);
	buf_release(&b->html);
}

int page_write(const struct pages *p, struct value *page, const char *tmpl, const char *relpath)
{
	struct page_bufs own, *b = p->bufs ? p->bufs : &own;
	struct value *content = NULL;
	int rc = -1;

	if (b == &own)
		page_bufs_init(&own);
	buf_reset(&b->content);
	buf_reset(&b->html);
	page_root(page, relpath);
	if (mustache_render(&b->content, p->tmpl, tmpl, page) < 0) {
		diag_error(p->d, relpath, 0, 0, "template '%s' is missing or recursive", tmpl);
		goto out;
	}
	/* the page's content, lent to the value while the layout renders */
	content = value_set(page, "content", value_string_borrow(b->content.ptr, b->content.len));
	buf_grow(&b->html, b->content.len + 16384); /* the layout's own text is far less */
	if (mustache_render(&b->html, p->tmpl, "layout", page) < 0) {
		diag_error(p->d, relpath, 0, 0, "template 'layout' is missing or recursive");
		goto out;
	}
	rc = output_write_key(p->out, relpath, b->html.ptr, b->html.len, p->key);
out:
	if (content) /* the buffer is reused or freed: the value must not outlive it */
		value_set(page, "content", value_null());
	if (b == &own)
		page_bufs_release(&own);
	return rc;
}

struct value *page_status(enum status st)
{
	struct value *v = value_map();

	value_set_str(v, "label", status_label(st));
	value_set_str(v, "class", status_class(st));
	value_set_bool(v, "current", st == STATUS_CURRENT);
	return v;
}

struct date page_doc_date(const struct doc *doc)
{
	return date_is_set(doc->signed_on) ? doc->signed_on : doc->published;
}

struct value *page_doc_item(const struct doc *doc)
{
	struct value *item = value_map();
	char date[11];

	value_set_str(item, "title", doc->title);
	page_set_owned(item, "href", page_doc_href(doc));
	if (doc->number && *doc->number)
		value_set_str(item, "number", doc->number);
	date_format(date, page_doc_date(doc));
	if (*date)
		value_set_str(item, "date", date);
	if (doc->issuers.n)
		value_set_str(item, "issuer", doc->issuers.v[0]);
	value_set(item, "status", page_status(doc->status));
	if (doc->has_order)
		value_set_int(item, "order", doc->order);
	value_set_int(item, "measures_count", (long long)doc->nmeasures);
	value_set_bool(item, "has_measures", doc->nmeasures > 0);
	return item;
}
