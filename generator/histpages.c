/* histpages.c - the entry point, shared names and the history page of each
 * document; see histpages.h (version and diff pages: histversion.c; the
 * changelog and its feed: histchanges.c). */
#include "histpages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "histpagesint.h"
#include "memo.h"
#include "parallel.h"
#include "scan.h"
#include "xalloc.h"

char *hp_slug(const struct history_doc *hd)
{
	size_t n = strlen(hd->path);

	return xstrndup(hd->path, n > 3 ? n - 3 : n);
}

void hp_vername(char out[HP_NAME_MAX], const struct history_doc *hd, size_t k)
{
	size_t j, same_short = 0, same_id = 0;

	for (j = 0; j < hd->n; j++) {
		if (j == k)
			continue;
		if (!strcmp(hd->v[j].id, hd->v[k].id))
			same_id++;
		else if (!strcmp(hd->v[j].short_id, hd->v[k].short_id))
			same_short++;
	}
	if (same_id) /* one commit, two versions: number them from the oldest */
		snprintf(out, HP_NAME_MAX, "%s-%zu", hd->v[k].id, hd->n - 1 - k);
	else
		strcpy(out, same_short ? hd->v[k].id : hd->v[k].short_id);
}

char *hp_history_href(const struct history_doc *hd)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(hd->path);

	buf_put(&b, hd->path, n > 3 ? n - 3 : n);
	buf_puts(&b, "/history.html");
	return buf_detach(&b, NULL);
}

char *hp_version_href(const struct history_doc *hd, const char *kind, size_t k)
{
	struct buf b = BUF_INIT;
	char name[HP_NAME_MAX];
	size_t n = strlen(hd->path);

	hp_vername(name, hd, k);
	buf_put(&b, hd->path, n > 3 ? n - 3 : n);
	buf_puts(&b, strcmp(kind, "diff") ? "/v-" : "/diff-");
	buf_puts(&b, name);
	buf_puts(&b, ".html");
	return buf_detach(&b, NULL);
}

int hp_is_live(const struct hp *hp, size_t i, size_t k)
{
	const struct doc *live = hp->live[i];

	return k == 0 && live && live->has_blob_id &&
	       !memcmp(live->blob_id, hp->h->docs[i].v[0].blob.id, sizeof(live->blob_id));
}

char *hp_version_link(const struct hp *hp, size_t i, size_t k)
{
	if (hp_is_live(hp, i, k))
		return page_doc_href(hp->live[i]);
	return hp_version_href(&hp->h->docs[i], "v", k);
}

int hp_has_diff(const struct history_doc *hd, size_t k)
{
	return hp_has_pages(hd, k) && (k + 1 < hd->n || hd->v[k].status == 'B');
}

int histpages_has_list(const struct history_doc *hd, const struct doc *live)
{
	return hd->n != 1 || !live || !live->has_blob_id ||
	       memcmp(live->blob_id, hd->v[0].blob.id, sizeof(live->blob_id)) != 0 ||
	       hp_has_diff(hd, 0);
}

int hp_has_pages(const struct history_doc *hd, size_t k)
{
	return k < hd->n && hd->v[k].status != 'D';
}

void hp_rfc3339(char out[32], long long t, int offset_minutes)
{
	struct date d = date_from_time(t, offset_minutes);
	long long s = t + (long long)offset_minutes * 60;
	long sod = (long)(((s % 86400) + 86400) % 86400);
	int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;

	if (d.y < 0 || d.y > 9999 || a >= 100 * 60) { /* absurd times from hostile commits */
		strcpy(out, "1970-01-01T00:00:00+00:00");
		return;
	}
	snprintf(out, 32, "%04d-%02d-%02dT%02ld:%02ld:%02ld%c%02d:%02d", d.y % 10000, d.m % 100,
		 d.d % 100, sod / 3600, sod / 60 % 60, sod % 60, offset_minutes < 0 ? '-' : '+',
		 a / 60 % 100, a % 60);
}

void hp_set_when(struct value *map, long long t, int offset_minutes)
{
	char when[32];

	hp_rfc3339(when, t, offset_minutes);
	value_set_str(map, "datetime", when);
	when[10] = '\0';
	value_set_str(map, "date", when);
}

const char *hp_content_path(const struct history *h, const char *path)
{
	size_t n = strlen(h->prefix);

	return strncmp(path, h->prefix, n) == 0 ? path + n : path;
}

const struct compilation *hp_compilation(const struct pages *p, const char *name)
{
	size_t c;

	for (c = 0; name && c < p->site->ncomps; c++)
		if (!strcmp(p->site->comps[c]->name, name))
			return p->site->comps[c];
	return NULL;
}

const char *histpages_summary(const char *summary)
{
	return summary && *summary ? summary : "（无说明）";
}

/* Could path be a document of the site ("comp/name.md", scan.h's names)?
 * Others (_index.md, stray files) get no pages. */
static int doc_path(const char *path)
{
	const char *slash = strchr(path, '/');
	size_t n = strlen(path);

	return slash && !strchr(slash + 1, '/') && n > 3 && !strcmp(path + n - 3, ".md") &&
	       scan_valid_name(path, (size_t)(slash - path)) &&
	       scan_valid_name(slash + 1, (size_t)(path + n - 3 - slash - 1));
}

/* Match the site's documents with their histories. */
static void hp_init(struct hp *hp, const struct pages *p, struct site *s)
{
	const struct history *h = p->history;
	size_t i;

	memset(hp, 0, sizeof(*hp));
	hp->p = p;
	hp->h = h;
	hp->live = xcalloc(h->ndocs + 1, sizeof(*hp->live));
	hp->title = xcalloc(h->ndocs + 1, sizeof(*hp->title));
	hp->paged = xcalloc(h->ndocs + 1, 1);
	hp->rc = xcalloc(h->ndocs + 1, sizeof(*hp->rc));
	for (i = 0; i < s->ndocs; i++) {
		const struct history_doc *hd = history_find(h, s->docs[i]->path);
		if (hd)
			hp->live[hd - h->docs] = s->docs[i];
	}
	for (i = 0; i < h->ndocs; i++)
		hp->paged[i] = h->docs[i].n > 0 && (hp->live[i] || doc_path(h->docs[i].path));
}

static void hp_release(struct hp *hp)
{
	size_t i;

	for (i = 0; i < hp->h->ndocs; i++)
		free(hp->title[i]);
	free(hp->title);
	free(hp->live);
	free(hp->paged);
	free(hp->rc);
}

void hp_crumbs(const struct hp *hp, struct value *page, size_t i, int history)
{
	const struct history_doc *hd = &hp->h->docs[i];
	const struct compilation *c =
	    hp_compilation(hp->p, hp->live[i] ? hp->live[i]->compilation : NULL);
	struct buf b = BUF_INIT;
	const char *slash = strchr(hd->path, '/');
	char *href;

	if (!c && slash) {
		buf_put(&b, hd->path, (size_t)(slash - hd->path));
		c = hp_compilation(hp->p, b.ptr);
	}
	if (c) {
		buf_reset(&b);
		buf_printf(&b, "%s/index.html", c->name);
		page_crumb(page, c->title, b.ptr);
	}
	buf_release(&b);
	/* a deleted document has no page of its own: its history stands in */
	href = hp->live[i] ? page_doc_href(hp->live[i]) : hp_history_href(hd);
	page_crumb(page, hp->title[i], href);
	free(href);
	if (history) {
		href = hp_history_href(hd);
		page_crumb(page, "修订历史", href);
		free(href);
	}
}

static const char *change_label(const struct history_doc *hd, size_t k)
{
	switch (hd->v[k].status) {
	case 'A':
		return k + 1 < hd->n ? "重新收录" : "收录";
	case 'R':
		return "更名";
	case 'D':
		return "删除";
	case 'B':
		return "最早可查版本";
	default:
		return "修改";
	}
}

/* One version in the list of the history page. */
static struct value *history_item(const struct hp *hp, size_t i, size_t k)
{
	const struct history_doc *hd = &hp->h->docs[i];
	const struct history_version *v = &hd->v[k];
	struct value *it = value_map();

	hp_set_when(it, v->time, v->offset_minutes);
	value_set_str(it, "id", v->id);
	value_set_str(it, "short_id", v->short_id);
	value_set_str(it, "summary", histpages_summary(v->summary));
	value_set_str(it, "author", v->author);
	value_set_str(it, "change", change_label(hd, k));
	value_set_str(it, "kind",
		      v->status == 'D'	 ? "removed"
		      : v->status == 'A' ? "added"
		      : v->status == 'B' ? "oldest"
					 : "changed");
	if (v->status == 'R' && k + 1 < hd->n)
		value_set_str(it, "from", hp_content_path(hp->h, hd->v[k + 1].path));
	if (hp_has_pages(hd, k)) {
		page_set_owned(it, "href", hp_version_link(hp, i, k));
		value_set_bool(it, "oldest", k + 1 == hd->n && v->status == 'B');
	}
	if (hp_has_diff(hd, k))
		page_set_owned(it, "diff_href", hp_version_href(hd, "diff", k));
	return it;
}

/* <slug>/history.html of document i (its title is known by now). */
static int history_page(struct hp *hp, size_t i)
{
	const struct history_doc *hd = &hp->h->docs[i];
	const struct doc *live = hp->live[i];
	struct value *page, *d, *list;
	struct buf title = BUF_INIT;
	char *rel = hp_history_href(hd);
	size_t k;
	int rc;

	buf_printf(&title, "%s 修订历史", hp->title[i]);
	page = page_new(hp->p, title.ptr);
	hp_crumbs(hp, page, i, 0);
	page_crumb(page, "修订历史", NULL);
	d = value_set(page, "history", value_map());
	value_set_str(d, "title", hp->title[i]);
	value_set_str(d, "path", hd->path);
	if (live)
		page_set_owned(d, "current_href", page_doc_href(live));
	value_set_bool(d, "deleted", !live);
	value_set_bool(d, "uncommitted",
		       live && history_is_modified_id(
				   hp->h, hd->path, live->has_blob_id ? live->blob_id : NULL) == 1);
	value_set_bool(d, "shallow", hp->h->shallow);
	value_set_int(d, "count", (long long)hd->n);
	list = value_set(d, "versions", value_list());
	for (k = 0; k < hd->n; k++)
		value_push(list, history_item(hp, i, k));
	rc = page_write(hp->p, page, "history", rel);
	value_free(page);
	buf_release(&title);
	free(rel);
	return rc;
}

/* Documents between two calls of xtrim in the history pages: the texts
 * they free leave holes that the next pages would otherwise fill with
 * pages the system has to provide anew. */
#define HP_TRIM_EVERY 2500

/* Every page of document i, rendered; with the memo, those of the last
 * build reused instead when its history key has not changed. */
static int doc_pages(const struct hp *hp, size_t i)
{
	unsigned char key[HASH_SIZE];
	struct pages p = *hp->p;
	struct hp local = *hp; /* the same arrays, with the key in its pages */

	if (p.memo) {
		memo_history(key, p.memo, hp->h, &hp->h->docs[i], hp->live[i]);
		if (output_reuse(p.out, key, NULL)) {
			hp_doc_title(&local, i);
			return 0;
		}
		p.key = key;
	}
	local.p = &p;
	if (hp_doc_versions(&local, i) < 0)
		return -1;
	if (histpages_has_list(&hp->h->docs[i], hp->live[i]) && history_page(&local, i) < 0)
		return -1;
	return 0;
}

/* parallel_for task: every page of document i (they depend on nothing
 * another document's task writes; hp->title[i], hp->rc[i] and the page
 * text of hp->live[i], freed when done, are its own). */
static void doc_task(size_t i, void *ctx)
{
	struct hp *hp = ctx;

	if (hp->paged[i] && doc_pages(hp, i) < 0)
		hp->rc[i] = -1;
	if (hp->live[i]) /* its pages, the last to read it, are written */
		doc_release_page_text(hp->live[i]);
	if (i % HP_TRIM_EVERY == HP_TRIM_EVERY - 1)
		xtrim(); /* give back what the documents before freed */
}

int histpages_write(const struct pages *p, struct site *s)
{
	const struct history *h = p->history;
	struct hp hp;
	size_t i;
	int rc = 0;

	if (!h || h->why != HISTORY_LOADED || (!h->ndocs && !h->ncommits))
		return 0;
	hp_init(&hp, p, s);
	parallel_for(h->ndocs, p->jobs, doc_task, &hp);
	for (i = 0; i < h->ndocs; i++)
		if (hp.rc[i] < 0)
			rc = -1;
	if (hp_changes(&hp) < 0) /* needs every title */
		rc = -1;
	hp_release(&hp);
	return rc;
}

int histpages_need_body(const struct history *h, const struct doc *doc)
{
	const struct history_doc *hd;

	if (!h || h->why != HISTORY_LOADED || (!h->ndocs && !h->ncommits))
		return 0;
	hd = history_find(h, doc->path);
	return hd && hd->n > 1; /* text_body of a diff may borrow it */
}
