/* feeds.c - feed.xml, sitemap.xml and data/documents.json (data/measures.csv
 * is feedscsv.c's); see feeds.h.  Escaping only through escape.h. */
#include "feeds.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "memo.h"
#include "xalloc.h"

#define FEED_ENTRIES 50

/* The files, each a group of its own. */
enum { FEED_ATOM, FEED_SITEMAP, FEED_DOCUMENTS };
#define TAG_PREFIX "tag:huibian,2024:" /* ids when site.yaml has no base_url */

static void xml(struct buf *out, const char *s)
{
	escape_xml(out, s, strlen(s));
}

/* base_url with exactly one trailing slash (caller frees), or NULL. */
static char *base_of(const struct site *s)
{
	struct buf b = BUF_INIT;

	if (!s->base_url || !*s->base_url)
		return NULL;
	buf_puts(&b, s->base_url);
	while (b.len && b.ptr[b.len - 1] == '/')
		buf_truncate(&b, b.len - 1);
	buf_putc(&b, '/');
	return buf_detach(&b, NULL);
}

/* The latest of a document's dates (the day it last changed on paper). */
static struct date doc_updated(const struct doc *doc, struct date fallback)
{
	struct date d = {0, 0, 0};

	if (date_cmp(doc->signed_on, d) > 0)
		d = doc->signed_on;
	if (date_cmp(doc->published, d) > 0)
		d = doc->published;
	if (date_cmp(doc->effective, d) > 0)
		d = doc->effective;
	return date_is_set(d) ? d : fallback;
}

/* An Atom date: the day at midnight, China Standard Time. */
static void atom_date(struct buf *out, const char *tag, struct date d)
{
	char s[11];

	date_format(s, d);
	buf_printf(out, "<%s>%sT00:00:00+08:00</%s>\n", tag, s, tag);
}

static void feed_entry(struct buf *out, const struct views *v, size_t di, const char *base)
{
	const struct doc *doc = v->s->docs[di];
	size_t k;

	buf_puts(out, "<entry>\n<title>");
	xml(out, doc->title);
	buf_puts(out, "</title>\n<id>");
	if (base)
		xml(out, base);
	else
		buf_puts(out, TAG_PREFIX "doc/");
	xml(out, doc->slug);
	buf_puts(out, base ? "/index.html</id>\n<link href=\"" : "</id>\n<link href=\"");
	if (base)
		xml(out, base);
	xml(out, doc->slug);
	buf_puts(out, "/index.html\"/>\n");
	atom_date(out, "updated", doc_updated(doc, v->s->today));
	if (date_is_set(doc->published))
		atom_date(out, "published", doc->published);
	for (k = 0; k < doc->issuers.n; k++) {
		buf_puts(out, "<author><name>");
		xml(out, v->depts[v->docs[di].issuers[k]].name);
		buf_puts(out, "</name></author>\n");
	}
	for (k = 0; k < doc->topics.n; k++) {
		buf_puts(out, "<category term=\"");
		xml(out, doc->topics.v[k]);
		buf_puts(out, "\"/>\n");
	}
	buf_puts(out, "<summary>");
	if (doc->number && *doc->number) {
		xml(out, doc->number);
		buf_puts(out, "　");
	}
	xml(out, status_label(doc->status));
	if (doc->nmeasures)
		buf_printf(out, "　政策措施 %zu 条", doc->nmeasures);
	buf_puts(out, "</summary>\n</entry>\n");
}

/* feed.xml: the FEED_ENTRIES newest documents. */
static void feed(struct buf *out, const struct views *v, const char *base)
{
	const struct site *s = v->s;
	struct date newest = {0, 0, 0};
	size_t i, n = s->ndocs < FEED_ENTRIES ? s->ndocs : FEED_ENTRIES;

	for (i = 0; i < n; i++)
		if (date_cmp(doc_updated(s->docs[v->newest[i]], s->today), newest) > 0)
			newest = doc_updated(s->docs[v->newest[i]], s->today);
	buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	xml(out, s->language);
	buf_puts(out, "\">\n<title>");
	xml(out, s->title);
	buf_puts(out, "</title>\n<id>");
	if (base)
		xml(out, base);
	else
		buf_puts(out, TAG_PREFIX "feed");
	buf_puts(out, "</id>\n");
	if (base) {
		buf_puts(out, "<link rel=\"self\" href=\"");
		xml(out, base);
		buf_puts(out, "feed.xml\"/>\n<link href=\"");
		xml(out, base);
		buf_puts(out, "\"/>\n");
	}
	atom_date(out, "updated", date_is_set(newest) ? newest : s->today);
	buf_puts(out, "<author><name>");
	xml(out, s->title);
	buf_puts(out, "</name></author>\n<generator>huibian</generator>\n");
	for (i = 0; i < n; i++)
		feed_entry(out, v, v->newest[i], base);
	buf_puts(out, "</feed>\n");
}

static void sitemap_url(struct buf *out, const char *base, const char *path)
{
	buf_puts(out, "<url><loc>");
	xml(out, base);
	xml(out, path);
	buf_puts(out, "</loc></url>\n");
}

/* The npages pages of a paginated view in dir (views_paged_href). */
static void sitemap_pages(struct buf *out, const char *base, const char *dir, size_t npages,
			  int numbered_first)
{
	size_t k;
	char *path;

	for (k = 1; k <= npages; k++) {
		path = views_paged_href(dir, k, numbered_first);
		sitemap_url(out, base, path);
		free(path);
	}
}

/* sitemap.xml: every page the core and the views write. */
static void sitemap(struct buf *out, const struct views *v, const char *base)
{
	const struct site *s = v->s;
	struct buf path = BUF_INIT;
	size_t i;
	int year = -1;

	buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	sitemap_url(out, base, "index.html");
	for (i = 0; i < s->ncomps; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/index.html", s->comps[i]->name);
		sitemap_url(out, base, path.ptr);
	}
	for (i = 0; i < s->ndocs; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/index.html", s->docs[i]->slug);
		sitemap_url(out, base, path.ptr);
	}
	sitemap_url(out, base, "departments/index.html");
	for (i = 0; i < v->ndepts; i++) {
		buf_reset(&path);
		buf_printf(&path, "departments/%s", v->depts[i].id);
		sitemap_pages(out, base, path.ptr,
			      views_npages(v->depts[i].ndocs, v->depts[i].nmeasures), 0);
	}
	sitemap_url(out, base, "measures/index.html");
	sitemap_pages(out, base, "measures/all", views_npages(s->nmeasures, 0), 1);
	for (i = 0; i < v->ntopics; i++) {
		buf_reset(&path);
		buf_printf(&path, "measures/%s", v->topics[i].id);
		sitemap_pages(out, base, path.ptr,
			      views_npages(v->topics[i].nmeasures, v->topics[i].ndocs), 0);
	}
	sitemap_url(out, base, "timeline/index.html");
	for (i = 0; i < s->ndocs; i++) {
		int y = page_doc_date(s->docs[v->newest[i]]).y;
		if (!y || y == year)
			continue;
		year = y;
		buf_reset(&path);
		buf_printf(&path, "timeline/%d/index.html", y);
		sitemap_url(out, base, path.ptr);
	}
	sitemap_url(out, base, "timeline/inforce/index.html");
	buf_puts(out, "</urlset>\n");
	buf_release(&path);
}

/* ,"key":"text" or ,"key":null */
static void jstr(struct buf *out, const char *key, const char *s)
{
	buf_printf(out, ",\"%s\":", key);
	if (!s) {
		buf_puts(out, "null");
		return;
	}
	buf_putc(out, '"');
	escape_json(out, s, strlen(s));
	buf_putc(out, '"');
}

static void jdate(struct buf *out, const char *key, struct date d)
{
	char s[11];

	date_format(s, d);
	jstr(out, key, *s ? s : NULL);
}

static void jlist(struct buf *out, const char *key, const struct strlist *l)
{
	size_t k;

	buf_printf(out, ",\"%s\":[", key);
	for (k = 0; k < l->n; k++) {
		buf_puts(out, k ? ",\"" : "\"");
		escape_json(out, l->v[k], strlen(l->v[k]));
		buf_putc(out, '"');
	}
	buf_putc(out, ']');
}

/* The canonical names of a list of department indices. */
static void jdepts(struct buf *out, const char *key, const struct views *v, const size_t *idx,
		   size_t n)
{
	size_t k;

	buf_printf(out, ",\"%s\":[", key);
	for (k = 0; k < n; k++) {
		buf_puts(out, k ? ",\"" : "\"");
		escape_json(out, v->depts[idx[k]].name, strlen(v->depts[idx[k]].name));
		buf_putc(out, '"');
	}
	buf_putc(out, ']');
}

static void json_doc(struct buf *out, const struct views *v, size_t i)
{
	const struct doc *doc = v->s->docs[i];

	buf_printf(out, "{\"url\":\"%s/index.html\"", doc->slug);
	jstr(out, "path", doc->path);
	jstr(out, "compilation", doc->compilation);
	jstr(out, "title", doc->title);
	jstr(out, "number", doc->number);
	jlist(out, "issuers", &doc->issuers);
	jdepts(out, "issuers_canonical", v, v->docs[i].issuers, doc->issuers.n);
	jstr(out, "recipients", doc->recipients);
	jdate(out, "signed", doc->signed_on);
	jdate(out, "published", doc->published);
	jdate(out, "effective", doc->effective);
	jdate(out, "expires", doc->expires);
	jstr(out, "status", doc->has_status ? status_label(doc->status_given) : NULL);
	jstr(out, "computed_status", status_label(doc->status));
	jstr(out, "computed_status_class", status_class(doc->status));
	jstr(out, "level", doc->level);
	jstr(out, "kind", doc->kind);
	jlist(out, "topics", &doc->topics);
	jstr(out, "section", doc->section);
	if (doc->has_order)
		buf_printf(out, ",\"order\":%ld", doc->order);
	else
		buf_puts(out, ",\"order\":null");
	jstr(out, "attachment", doc->attachment);
	jstr(out, "source", doc->source);
	jstr(out, "index_number", doc->index_number);
	jlist(out, "supersedes", &doc->supersedes);
	jlist(out, "repeals", &doc->repeals);
	jlist(out, "amends", &doc->amends);
	buf_printf(out, ",\"measures\":%zu}", doc->nmeasures);
}

/* data/documents.json: {site, date, documents: [...]} in site order. */
static void documents_json(struct buf *out, const struct views *v)
{
	char today[11];
	size_t i;

	date_format(today, v->s->today);
	buf_puts(out, "{\"site\":\"");
	escape_json(out, v->s->title, strlen(v->s->title));
	buf_printf(out, "\",\"date\":\"%s\",\"documents\":[", today);
	for (i = 0; i < v->s->ndocs; i++) {
		buf_puts(out, i ? ",\n" : "\n");
		json_doc(out, v, i);
	}
	buf_puts(out, "\n]}\n");
}

static int put(const struct pages *p, const char *path, struct buf *b)
{
	int rc = output_write_key(p->out, path, b->ptr, b->len, p->key);

	if (rc < 0)
		diag_error(p->d, path, 0, 0, "cannot write this file of the site");
	buf_reset(b);
	return rc;
}

/* The key of sitemap.xml: base and the paths it lists (the compilations,
 * the documents, the departments' and topics' ids and pages, the number
 * of measures, the years). */
static void sitemap_key(struct buf *k, const struct views *v, const char *base)
{
	const struct site *s = v->s;
	size_t i;

	memo_str(k, base);
	memo_num(k, (long long)s->ncomps);
	for (i = 0; i < s->ncomps; i++)
		memo_str(k, s->comps[i]->name);
	memo_num(k, (long long)s->ndocs);
	for (i = 0; i < s->ndocs; i++)
		memo_str(k, s->docs[i]->slug);
	memo_num(k, (long long)v->ndepts);
	for (i = 0; i < v->ndepts; i++) {
		memo_str(k, v->depts[i].id);
		memo_num(k, (long long)views_npages(v->depts[i].ndocs, v->depts[i].nmeasures));
	}
	memo_num(k, (long long)s->nmeasures);
	memo_num(k, (long long)v->ntopics);
	for (i = 0; i < v->ntopics; i++) {
		memo_str(k, v->topics[i].id);
		memo_num(k, (long long)views_npages(v->topics[i].nmeasures, v->topics[i].ndocs));
	}
	for (i = 0; i < s->ndocs; i++)
		memo_num(k, page_doc_date(s->docs[v->newest[i]]).y);
}

/* The key of the file `which` (a FEED_ value; the documents it shows by
 * their hashes); base: base_of. */
static void file_key(struct buf *k, const struct views *v, const struct vmemo *m, int which,
		     const char *base)
{
	const struct site *s = v->s;
	size_t i, n = s->ndocs < FEED_ENTRIES ? s->ndocs : FEED_ENTRIES;

	views_memo_begin(k, m, "feeds");
	memo_num(k, which);
	memo_str(k, base);
	if (which == FEED_ATOM) {
		for (i = 0; i < n; i++)
			views_memo_doc(k, m, v->newest[i]);
	} else if (which == FEED_SITEMAP) {
		sitemap_key(k, v, base);
	} else {
		for (i = 0; i < s->ndocs; i++)
			views_memo_doc(k, m, i);
	}
}

/* The file `which`, unless its key (file_key) is unchanged. */
static int feed_file(const struct pages *p, const struct views *v, const struct vmemo *m, int which,
		     const char *base)
{
	static const char *const paths[] = {"feed.xml", "sitemap.xml", "data/documents.json"};
	struct pages q = *p;
	unsigned char key[HASH_SIZE];
	struct buf b = BUF_INIT;
	int rc;

	if (m) {
		file_key(&b, v, m, which, base);
		if (views_memo_reuse(m, &b, &q, key)) /* b released either way */
			return 0;
	}
	if (which == FEED_ATOM)
		feed(&b, v, base);
	else if (which == FEED_SITEMAP)
		sitemap(&b, v, base);
	else
		documents_json(&b, v);
	rc = put(&q, paths[which], &b);
	buf_release(&b);
	return rc;
}

int feeds_write(const struct pages *p, const struct views *v, const struct vmemo *m)
{
	char *base = base_of(p->site);
	int rc = 0, which;

	for (which = FEED_ATOM; which <= FEED_DOCUMENTS; which++)
		if ((which != FEED_SITEMAP || base) && feed_file(p, v, m, which, base) < 0)
			rc = -1;
	if (feeds_write_csv(p, v, m) < 0)
		rc = -1;
	free(base);
	return rc;
}
