/* histchanges.c - the site-wide changelog (changes/index.html) and its
 * Atom feed (changes/feed.xml); see histpages.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "histpagesint.h"
#include "strset.h"
#include "xalloc.h"

/* Documents listed per group and commit before "……另有 N 件". */
#define CHANGES_GROUP_MAX 100
/* Commits in the feed. */
#define FEED_ENTRIES 50

/* A version of a document: h->docs[doc].v[ver]. */
struct ref {
	size_t doc, ver;
};

struct refs {
	struct ref *v;
	size_t n, cap;
};

/* Per commit, the versions it made, documents in path order. */
static struct refs *commit_refs(const struct history *h)
{
	struct refs *refs = xcalloc(h->ncommits + 1, sizeof(*refs));
	struct strset ids = STRSET_INIT;
	size_t i, k;
	void *pos;

	for (i = 0; i < h->ncommits; i++)
		strset_add(&ids, h->commits[i].id, (void *)(uintptr_t)(i + 1));
	for (i = 0; i < h->ndocs; i++) {
		for (k = 0; k < h->docs[i].n; k++) {
			struct refs *r;
			if (!strset_get(&ids, h->docs[i].v[k].id, &pos))
				continue;
			r = &refs[(uintptr_t)pos - 1];
			if (r->n == r->cap) {
				r->cap = r->cap ? 2 * r->cap : 4;
				r->v = xreallocarray(r->v, r->cap, sizeof(*r->v));
			}
			r->v[r->n].doc = i;
			r->v[r->n++].ver = k;
		}
	}
	strset_release(&ids);
	return refs;
}

static void refs_free(struct refs *refs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(refs[i].v);
	free(refs);
}

/* Which group a version goes in: 0 added, 1 changed, 2 removed; -1 none
 * (the oldest known versions of a shallow clone's boundary commit: what
 * that commit changed is unknown). */
static int group_of(char status)
{
	return status == 'A' ? 0 : status == 'D' ? 2 : status == 'B' ? -1 : 1;
}

#define BOUNDARY_NOTE                                                                              \
	"浅克隆的起点：更早的修订不在本站的 git 仓库中，无法列出这次提交改动了哪些文件。"

/* The link of a document in the changelog: its page when it exists (and
 * was not removed by this commit), else its history; NULL without pages. */
static char *item_href(const struct hp *hp, size_t i, char status)
{
	if (!hp->paged[i])
		return NULL;
	if (hp->live[i] && status != 'D')
		return page_doc_href(hp->live[i]);
	return hp_history_href(&hp->h->docs[i]);
}

static struct value *change_item(const struct hp *hp, const struct ref *r)
{
	const struct history_doc *hd = &hp->h->docs[r->doc];
	const struct history_version *v = &hd->v[r->ver];
	const char *path = hp_content_path(hp->h, v->path);
	struct value *it = value_map();
	char *href = item_href(hp, r->doc, v->status);

	value_set_str(it, "title", hp->title[r->doc] ? hp->title[r->doc] : path);
	value_set_str(it, "path", path);
	if (href)
		page_set_owned(it, "href", href);
	if (hp->paged[r->doc] && hp_has_diff(hd, r->ver))
		page_set_owned(it, "diff_href", hp_version_href(hd, "diff", r->ver));
	if (v->status == 'R' && r->ver + 1 < hd->n)
		value_set_str(it, "from", hp_content_path(hp->h, hd->v[r->ver + 1].path));
	return it;
}

/* The groups {kind, label, items, more} of one commit. */
static struct value *change_groups(const struct hp *hp, const struct refs *r)
{
	static const char *const kinds[] = {"added", "changed", "removed"};
	static const char *const labels[] = {"收录", "修改", "删除"};
	struct value *groups = value_list();
	size_t j, shown;
	int g;

	for (g = 0; g < 3; g++) {
		struct value *grp = NULL, *items = NULL;
		size_t count = 0;
		for (j = 0, shown = 0; j < r->n; j++) {
			const struct ref *x = &r->v[j];
			if (group_of(hp->h->docs[x->doc].v[x->ver].status) != g)
				continue;
			if (!grp) {
				grp = value_push(groups, value_map());
				value_set_str(grp, "kind", kinds[g]);
				value_set_str(grp, "label", labels[g]);
				items = value_set(grp, "items", value_list());
			}
			count++;
			if (shown++ < CHANGES_GROUP_MAX)
				value_push(items, change_item(hp, x));
		}
		if (count > CHANGES_GROUP_MAX)
			value_set_int(grp, "more", (long long)(count - CHANGES_GROUP_MAX));
	}
	return groups;
}

static void commit_anchor(struct buf *b, const struct history_commit *c)
{
	buf_printf(b, "c-%s", c->id);
}

static int changes_page(const struct hp *hp, const struct refs *refs)
{
	const struct history *h = hp->h;
	struct value *page = page_new(hp->p, "修订记录"), *d, *list;
	struct buf anchor = BUF_INIT;
	size_t c;
	int rc;

	page_crumb(page, "修订记录", NULL);
	d = value_set(page, "changes", value_map());
	value_set_bool(d, "shallow", h->shallow);
	value_set_int(d, "count", (long long)h->ncommits);
	list = value_set(d, "commits", value_list());
	for (c = 0; c < h->ncommits; c++) {
		const struct history_commit *hc = &h->commits[c];
		struct value *m = value_push(list, value_map());
		buf_reset(&anchor);
		commit_anchor(&anchor, hc);
		value_set_str(m, "anchor", anchor.ptr);
		hp_set_when(m, hc->time, hc->offset_minutes);
		value_set_str(m, "id", hc->id);
		value_set_str(m, "short_id", hc->short_id);
		value_set_str(m, "summary", histpages_summary(hc->summary));
		value_set_str(m, "author", hc->author);
		if (hc->boundary)
			value_set_str(m, "boundary", BOUNDARY_NOTE);
		value_set(m, "groups", change_groups(hp, &refs[c]));
	}
	rc = page_write(hp->p, page, "changes", "changes/index.html");
	buf_release(&anchor);
	value_free(page);
	return rc;
}

/* ---- Atom ---- */

static void xml_text(struct buf *out, const char *s)
{
	escape_xml(out, s, strlen(s));
}

/* The host of base_url ("example.org"), or "" when there is none. */
static void url_host(struct buf *out, const char *url)
{
	const char *s = url ? strstr(url, "://") : NULL;
	size_t n;

	if (!s)
		return;
	s += 3;
	n = strcspn(s, "/:?#@");
	buf_put(out, s, n);
}

/* The site's base URL with a trailing '/', or "" when not set. */
static void base_url(struct buf *out, const struct site *s)
{
	size_t n = s->base_url ? strlen(s->base_url) : 0;

	buf_put(out, s->base_url ? s->base_url : "", n);
	if (n && s->base_url[n - 1] != '/')
		buf_putc(out, '/');
}

/* The HTML of an entry: the documents of the commit as lists, links made
 * absolute with base (or relative to changes/feed.xml without one). */
static void entry_html(struct buf *out, const struct hp *hp, const struct refs *r, const char *base)
{
	struct value *groups = change_groups(hp, r);
	size_t g, j;

	for (g = 0; g < groups->n; g++) {
		const struct value *grp = groups->items[g], *items = value_get(grp, "items");
		const struct value *more = value_get(grp, "more");
		buf_printf(out, "<p>%s：</p>\n<ul>\n", value_get_str(grp, "label"));
		for (j = 0; j < items->n; j++) {
			const char *title = value_get_str(items->items[j], "title");
			const char *href = value_get_str(items->items[j], "href");
			buf_puts(out, "<li>");
			if (href) {
				buf_puts(out, "<a href=\"");
				escape_url(out, base, strlen(base));
				escape_url(out, href, strlen(href));
				buf_puts(out, "\">");
			}
			escape_html(out, title, strlen(title));
			buf_puts(out, href ? "</a></li>\n" : "</li>\n");
		}
		if (more)
			buf_printf(out, "<li>……另有 %s 件</li>\n", more->str);
		buf_puts(out, "</ul>\n");
	}
	value_free(groups);
}

/* One <entry>: id tag:HOST,DATE:commit/ID from the commit id and date. */
static void feed_entry(struct buf *x, const struct hp *hp, size_t c, const struct refs *r,
		       const char *host, const char *base)
{
	const struct history_commit *hc = &hp->h->commits[c];
	struct buf html = BUF_INIT;
	char when[32];

	hp_rfc3339(when, hc->time, hc->offset_minutes);
	buf_puts(x, "<entry>\n<title>");
	xml_text(x, histpages_summary(hc->summary));
	buf_puts(x, "</title>\n<id>tag:");
	xml_text(x, host);
	buf_printf(x, ",%.10s:commit/%s</id>\n", when, hc->id);
	buf_printf(x, "<updated>%s</updated>\n<author><name>", when);
	xml_text(x, *hc->author ? hc->author : "（未署名）");
	buf_puts(x, "</name></author>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	buf_printf(&html, "%schanges/index.html#", *base ? base : "../");
	commit_anchor(&html, hc);
	xml_text(x, html.ptr);
	buf_puts(x, "\"/>\n<content type=\"html\">");
	buf_reset(&html);
	if (hc->boundary)
		buf_puts(&html, "<p>" BOUNDARY_NOTE "</p>\n");
	entry_html(&html, hp, r, *base ? base : "../");
	xml_text(x, html.ptr);
	buf_puts(x, "</content>\n</entry>\n");
	buf_release(&html);
}

/* The <feed> element's own children: title, id, updated (the newest
 * commit's time), links and generator.  base: see base_url. */
static void feed_head(struct buf *x, const struct hp *hp, const char *base)
{
	const struct history *h = hp->h;
	const struct site *s = hp->p->site;
	char when[32];

	buf_puts(x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	xml_text(x, s->language ? s->language : "zh-CN");
	buf_puts(x, "\">\n<title>");
	xml_text(x, s->title ? s->title : "");
	buf_puts(x, " 修订记录</title>\n<id>");
	xml_text(x, *base ? base : "tag:huibian.invalid,2024:");
	buf_puts(x, "changes/feed.xml</id>\n");
	hp_rfc3339(when, h->ncommits ? h->commits[0].time : 0,
		   h->ncommits ? h->commits[0].offset_minutes : 0);
	buf_printf(x, "<updated>%s</updated>\n", when);
	buf_puts(x, "<link rel=\"alternate\" type=\"text/html\" href=\"");
	xml_text(x, base);
	buf_puts(x, *base ? "changes/index.html\"/>\n" : "index.html\"/>\n");
	buf_puts(x, "<link rel=\"self\" type=\"application/atom+xml\" href=\"");
	xml_text(x, base);
	buf_puts(x, *base ? "changes/feed.xml\"/>\n" : "feed.xml\"/>\n");
	buf_printf(x, "<generator version=\"%s\">huibian</generator>\n", HUIBIAN_VERSION);
}

/* changes/feed.xml: the newest FEED_ENTRIES commits.  Deterministic: every
 * date comes from the commits.  Without a base_url, links are relative to
 * the feed. */
static int changes_feed(const struct hp *hp, const struct refs *refs)
{
	struct buf x = BUF_INIT, host = BUF_INIT, base = BUF_INIT;
	size_t c;
	int rc;

	url_host(&host, hp->p->site->base_url);
	if (!host.len)
		buf_puts(&host, "huibian.invalid");
	base_url(&base, hp->p->site);
	feed_head(&x, hp, base.ptr);
	for (c = 0; c < hp->h->ncommits && c < FEED_ENTRIES; c++)
		feed_entry(&x, hp, c, &refs[c], host.ptr, base.ptr);
	buf_puts(&x, "</feed>\n");
	rc = output_write(hp->p->out, "changes/feed.xml", x.ptr, x.len); /* reports */
	buf_release(&x);
	buf_release(&host);
	buf_release(&base);
	return rc;
}

int hp_changes(struct hp *hp)
{
	struct refs *refs = commit_refs(hp->h);
	int rc = 0;

	if (changes_page(hp, refs) < 0 || changes_feed(hp, refs) < 0)
		rc = -1;
	refs_free(refs, hp->h->ncommits);
	return rc;
}
