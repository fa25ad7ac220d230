/* viewstime.c - the timeline views: timeline/index.html (years, upcoming
 * expiries, recently effective), timeline/<year>/index.html (documents by
 * month) and timeline/inforce/index.html (what was in force on a day), with
 * the data files data/inforce.json and data/inforce.js; see views.h.
 *
 * In force on day D: lower ≤ D ≤ upper, where lower is 施行日期 (else
 * 成文日期, else 发布日期) and upper 失效日期 (unset bounds are open), and no
 * document that repeals or supersedes it is itself in force on D.  A status
 * given in front matter holds on the build day: 已废止/已失效 end the
 * document on that day (out), 尚未生效 moves its start after it, 现行有效/
 * 已修改 make it in force that day and exempt from repeals.  Cycles of
 * repeals are broken by ignoring a repealer still being decided.
 * static/views.js implements the same rule on data/inforce.js.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "memo.h"
#include "viewsint.h"
#include "xalloc.h"

#define WINDOW_DAYS 90

/* The in-force bounds of one document, as days since 1970. */
struct bounds {
	long lower, upper, out; /* LONG_MIN / LONG_MAX when open */
	int exempt;		/* repeals do not apply */
	size_t *by;		/* documents repealing or superseding it */
	size_t nby;
};

struct inforce {
	const struct views *v;
	struct bounds *b;
	long today;
};

static long days_or(struct date d, long open)
{
	return date_is_set(d) ? date_to_days(d) : open;
}

/* Bounds from the dates and the given status. */
static void bounds_of(struct bounds *b, const struct doc *doc, long today)
{
	struct date start = date_is_set(doc->effective)	  ? doc->effective
			    : date_is_set(doc->signed_on) ? doc->signed_on
							  : doc->published;

	b->lower = days_or(start, LONG_MIN);
	b->upper = days_or(doc->expires, LONG_MAX);
	b->out = LONG_MAX;
	if (!doc->has_status)
		return;
	switch (doc->status_given) {
	case STATUS_REPEALED:
	case STATUS_EXPIRED:
		if (b->out > today)
			b->out = today;
		break;
	case STATUS_PENDING:
		if (b->lower <= today)
			b->lower = today + 1;
		break;
	default:
		if (b->lower > today)
			b->lower = today;
		if (b->upper < today)
			b->upper = today;
		b->exempt = 1;
	}
}

/* A document and its number in the site, sorted by address: the number
 * of a document that site_find gives (10,000 slugs put in a set of their
 * own cost 10 ms on every build). */
struct docpos {
	uintptr_t doc;
	size_t i;
};

static int cmp_docpos(const void *a, const void *b)
{
	uintptr_t x = ((const struct docpos *)a)->doc, y = ((const struct docpos *)b)->doc;

	return x < y ? -1 : x > y;
}

/* Add document i as a repealer of the documents that list l names. */
static void add_repealer(struct inforce *f, const struct docpos *pos, size_t i,
			 const struct strlist *l)
{
	const struct site *s = f->v->s;
	struct docpos key, *p;
	struct bounds *tb;
	size_t j;

	for (j = 0; j < l->n; j++) {
		key.doc = (uintptr_t)site_find(s, l->v[j]);
		if (!key.doc || key.doc == (uintptr_t)s->docs[i] ||
		    !(p = bsearch(&key, pos, s->ndocs, sizeof(*pos), cmp_docpos)))
			continue;
		tb = &f->b[p->i];
		if (tb->nby && tb->by[tb->nby - 1] == i)
			continue;
		tb->by = xreallocarray(tb->by, tb->nby + 1, sizeof(*tb->by));
		tb->by[tb->nby++] = i;
	}
}

/* Fill the bounds and the repealers of every document. */
static void inforce_init(struct inforce *f, const struct views *v)
{
	const struct site *s = v->s;
	struct docpos *pos = xcalloc(s->ndocs + 1, sizeof(*pos));
	size_t i;

	f->v = v;
	f->today = date_to_days(s->today);
	f->b = xcalloc(s->ndocs + 1, sizeof(*f->b));
	for (i = 0; i < s->ndocs; i++) {
		bounds_of(&f->b[i], s->docs[i], f->today);
		pos[i].doc = (uintptr_t)s->docs[i];
		pos[i].i = i;
	}
	if (s->ndocs)
		qsort(pos, s->ndocs, sizeof(*pos), cmp_docpos);
	for (i = 0; i < s->ndocs; i++) {
		add_repealer(f, pos, i, &s->docs[i]->repeals);
		add_repealer(f, pos, i, &s->docs[i]->supersedes);
	}
	free(pos);
}

static void inforce_release(struct inforce *f)
{
	size_t i;

	for (i = 0; i < f->v->s->ndocs; i++)
		free(f->b[i].by);
	free(f->b);
}

enum { UNKNOWN, DECIDING, IN, OUT };

/* Is document i in force on day (state: per document, memo)? */
static int in_force(const struct inforce *f, char *state, size_t i, long day)
{
	const struct bounds *b = &f->b[i];
	size_t k;

	if (state[i] == IN || state[i] == OUT)
		return state[i] == IN;
	if (day < b->lower || day > b->upper || day >= b->out) {
		state[i] = OUT;
		return 0;
	}
	state[i] = DECIDING;
	for (k = 0; !b->exempt && k < b->nby; k++) {
		if (state[b->by[k]] != DECIDING && in_force(f, state, b->by[k], day)) {
			state[i] = OUT;
			return 0;
		}
	}
	state[i] = IN;
	return 1;
}

/* The state (IN or OUT) of every document on day (caller frees). */
static char *inforce_state(const struct inforce *f, long day)
{
	char *state = xcalloc(f->v->s->ndocs + 1, 1);
	size_t i;

	for (i = 0; i < f->v->s->ndocs; i++)
		in_force(f, state, i, day);
	return state;
}

/* The documents in force on day, newest first: their items (for a page in
 * root) are appended to out when out is not NULL.  Returns their number. */
static size_t inforce_list(struct buf *out, const struct inforce *f, long day, const char *root)
{
	const struct views *v = f->v;
	char *state = inforce_state(f, day);
	size_t i, n = 0;

	for (i = 0; i < v->s->ndocs; i++) {
		if (state[v->newest[i]] != IN)
			continue;
		if (out)
			views_html_doc_item(out, v, v->newest[i], VROLE_SOLE, root);
		n++;
	}
	free(state);
	return n;
}

/* A date of days, or "" when open. */
static void json_day(struct buf *out, const char *key, long days)
{
	char s[11] = "";

	if (days != LONG_MIN && days != LONG_MAX)
		date_format(s, date_from_days(days));
	buf_printf(out, ",\"%s\":\"%s\"", key, s);
}

static void json_str(struct buf *out, const char *key, const char *s)
{
	buf_printf(out, ",\"%s\":\"", key);
	if (s)
		escape_json(out, s, strlen(s));
	buf_putc(out, '"');
}

/* data/inforce.json: {date, documents: [{title, href, number, issuer,
 * date, from, to, out, exempt, by}]} in site order ("by" indexes it). */
static void inforce_json(struct buf *out, const struct inforce *f)
{
	const struct site *s = f->v->s;
	char today[11];
	size_t i, k;

	date_format(today, s->today);
	buf_printf(out, "{\"date\":\"%s\",\"documents\":[", today);
	for (i = 0; i < s->ndocs; i++) {
		const struct doc *doc = s->docs[i];
		const struct bounds *b = &f->b[i];
		char dt[11];
		buf_puts(out, i ? ",\n{" : "\n{");
		buf_puts(out, "\"title\":\"");
		escape_json(out, doc->title, strlen(doc->title));
		buf_puts(out, "\"");
		buf_printf(out, ",\"href\":\"%s/index.html\"", doc->slug);
		json_str(out, "number", doc->number);
		json_str(out, "issuer", doc->issuers.n ? doc->issuers.v[0] : "");
		date_format(dt, page_doc_date(doc));
		buf_printf(out, ",\"date\":\"%s\"", dt);
		json_day(out, "from", b->lower);
		json_day(out, "to", b->upper);
		json_day(out, "out", b->out);
		buf_printf(out, ",\"exempt\":%s,\"by\":[", b->exempt ? "true" : "false");
		for (k = 0; k < b->nby; k++)
			buf_printf(out, "%s%zu", k ? "," : "", b->by[k]);
		buf_puts(out, "]}");
	}
	buf_puts(out, "\n]}\n");
}

static int write_buf(const struct pages *p, const char *path, const struct buf *b)
{
	if (output_write_key(p->out, path, b->ptr, b->len, p->key) == 0)
		return 0;
	diag_error(p->d, path, 0, 0, "cannot write this file of the site");
	return -1;
}

/* data/inforce.json and data/inforce.js, unless their key is unchanged:
 * per document (site order) its hash, its bounds and those repealing it. */
static int inforce_data(const struct pages *p, const struct inforce *f, const struct vmemo *m)
{
	struct buf json = BUF_INIT, js = BUF_INIT, b;
	struct pages q = *p;
	unsigned char key[HASH_SIZE];
	size_t i, k;
	int rc = 0;

	if (m) {
		views_memo_begin(&b, m, "inforce data");
		memo_num(&b, (long long)f->v->s->ndocs);
		for (i = 0; i < f->v->s->ndocs; i++) {
			const struct bounds *bd = &f->b[i];
			views_memo_doc(&b, m, i);
			memo_num(&b, bd->lower);
			memo_num(&b, bd->upper);
			memo_num(&b, bd->out);
			memo_num(&b, bd->exempt);
			memo_num(&b, (long long)bd->nby);
			for (k = 0; k < bd->nby; k++)
				memo_num(&b, (long long)bd->by[k]);
		}
		if (views_memo_reuse(m, &b, &q, key))
			return 0;
	}
	inforce_json(&json, f);
	buf_puts(&js, "window.HUIBIAN_INFORCE = ");
	buf_put(&js, json.ptr, json.len - 1);
	buf_puts(&js, ";\n");
	if (write_buf(&q, "data/inforce.json", &json) < 0 ||
	    write_buf(&q, "data/inforce.js", &js) < 0)
		rc = -1;
	buf_release(&json);
	buf_release(&js);
	return rc;
}

/* timeline/inforce/index.html, unless its key is unchanged: the number of
 * documents and those in force on the build day, newest first. */
static int inforce_page(const struct pages *p, const struct inforce *f, const struct vmemo *m)
{
	struct value *page, *view;
	struct buf items = BUF_INIT, b;
	struct pages q = *p;
	unsigned char key[HASH_SIZE];
	char today[11], *html, *state;
	size_t i, n, len;
	int rc;

	if (m) {
		state = inforce_state(f, f->today);
		views_memo_begin(&b, m, "inforce page");
		memo_num(&b, (long long)f->v->s->ndocs);
		for (i = 0; i < f->v->s->ndocs; i++)
			if (state[f->v->newest[i]] == IN)
				views_memo_doc(&b, m, f->v->newest[i]);
		free(state);
		if (views_memo_reuse(m, &b, &q, key))
			return 0;
	}
	page = page_new(&q, "某日有效的文件");
	date_format(today, f->v->s->today);
	page_crumb(page, "时间线", "timeline/index.html");
	page_crumb(page, "某日有效的文件", NULL);
	page_script(page, "static/views.js");
	view = value_set(page, "view", value_map());
	value_set_str(view, "today", today);
	n = inforce_list(&items, f, f->today, "../../");
	html = buf_detach(&items, &len);
	value_set(view, "docs_html", views_html_value(html, len));
	value_set_int(view, "count", (long long)n);
	value_set_int(view, "total", (long long)f->v->s->ndocs);
	rc = page_write(&q, page, "inforce", "timeline/inforce/index.html");
	value_free(page);
	return rc;
}

/* The year of document i's date, or 0 when it has none. */
static int doc_year(const struct views *v, size_t i)
{
	return page_doc_date(v->s->docs[i]).y;
}

static char *year_href(int year)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "timeline/%d/index.html", year);
	return buf_detach(&b, NULL);
}

/* {year, href} of a neighbouring year, under key. */
static void year_link(struct value *view, const char *key, int year)
{
	struct value *l;

	if (!year)
		return;
	l = value_set(view, key, value_map());
	value_set_int(l, "year", year);
	page_set_owned(l, "href", year_href(year));
}

/* The page of year (its documents are newest[from..to)). */
static int year_page(const struct pages *p, const struct views *v, size_t from, size_t to,
		     int newer, int older)
{
	int year = doc_year(v, v->newest[from]), rc;
	struct buf title = BUF_INIT;
	struct value *page, *view, *months, *mo = NULL;
	struct buf items = BUF_INIT;
	char *href = year_href(year), *root = views_root(href), *html;
	size_t i, len;
	int cur = 0;

	buf_printf(&title, "%d年", year);
	page = page_new(p, title.ptr);
	page_crumb(page, "时间线", "timeline/index.html");
	page_crumb(page, title.ptr, NULL);
	view = value_set(page, "view", value_map());
	value_set_int(view, "year", year);
	value_set_int(view, "count", (long long)(to - from));
	months = value_set(view, "months", value_list());
	for (i = from; i < to; i++) {
		int m = page_doc_date(v->s->docs[v->newest[i]]).m;
		if (!mo || m != cur) {
			struct buf label = BUF_INIT;
			cur = m;
			mo = value_push(months, value_map());
			buf_printf(&label, "%d月", m);
			page_set_owned(mo, "label", buf_detach(&label, NULL));
			buf_printf(&label, "m%02d", m);
			page_set_owned(mo, "anchor", buf_detach(&label, NULL));
			value_set_int(mo, "count", 0);
			value_set(mo, "docs_html", value_string(""));
		}
		views_html_doc_item(&items, v, v->newest[i], VROLE_SOLE, root);
		value_set_int(mo, "count", (long long)value_get(mo, "count")->number + 1);
		if (i + 1 == to || page_doc_date(v->s->docs[v->newest[i + 1]]).m != cur) {
			html = buf_detach(&items, &len);
			value_set(mo, "docs_html", views_html_value(html, len));
		}
	}
	year_link(view, "newer", newer);
	year_link(view, "older", older);
	rc = page_write(p, page, "timeline-year", href);
	free(href);
	free(root);
	buf_release(&title);
	value_free(page);
	return rc;
}

/* The items (for timeline/index.html) of the documents whose date field
 * (expires or effective) lies in [lo, hi], sorted by that date (ascending
 * when asc), appended to out. */
static void window(struct buf *out, const struct views *v, int expires, long lo, long hi, int asc)
{
	size_t i, n = v->s->ndocs, k;
	long *day = xcalloc(n + 1, sizeof(*day));
	size_t *pick = xcalloc(n + 1, sizeof(*pick)), np = 0;

	for (i = 0; i < n; i++) {
		const struct doc *doc = v->s->docs[v->newest[i]];
		struct date d = expires ? doc->expires : doc->effective;
		long dd = days_or(d, LONG_MIN);
		if (dd == LONG_MIN || dd < lo || dd > hi)
			continue;
		/* insertion by date; ties keep newest-first order */
		for (k = np; k > 0 && (asc ? day[k - 1] > dd : day[k - 1] < dd); k--) {
			day[k] = day[k - 1];
			pick[k] = pick[k - 1];
		}
		day[k] = dd;
		pick[k] = v->newest[i];
		np++;
	}
	for (k = 0; k < np; k++)
		views_html_doc_item(out, v, pick[k], VROLE_SOLE, "../");
	free(day);
	free(pick);
}

/* Set key (HTML taken from b) and has_key to whether there is any. */
static void set_items(struct value *view, const char *key, const char *has, struct buf *b)
{
	size_t len;
	char *html = buf_detach(b, &len);

	value_set_bool(view, has, len > 0);
	value_set(view, key, views_html_value(html, len));
}

static int timeline_index(const struct pages *p, const struct views *v, long today, size_t ninforce)
{
	struct value *page = page_new(p, "时间线"), *view, *years, *y = NULL;
	struct buf items = BUF_INIT;
	size_t i;
	int cur = -1, rc;
	char s[11];

	page_crumb(page, "时间线", NULL);
	view = value_set(page, "view", value_map());
	date_format(s, v->s->today);
	value_set_str(view, "today", s);
	value_set_int(view, "window", WINDOW_DAYS);
	value_set_int(view, "ninforce", (long long)ninforce);
	years = value_set(view, "years", value_list());
	for (i = 0; i < v->s->ndocs; i++) {
		int year = doc_year(v, v->newest[i]);
		if (!year) {
			views_html_doc_item(&items, v, v->newest[i], VROLE_SOLE, "../");
			continue;
		}
		if (year != cur) {
			cur = year;
			y = value_push(years, value_map());
			value_set_int(y, "year", year);
			page_set_owned(y, "href", year_href(year));
			value_set_int(y, "count", 0);
		}
		value_set_int(y, "count", (long long)value_get(y, "count")->number + 1);
	}
	set_items(view, "undated_html", "has_undated", &items);
	window(&items, v, 1, today, today + WINDOW_DAYS, 1);
	set_items(view, "upcoming_html", "has_upcoming", &items);
	window(&items, v, 0, today - WINDOW_DAYS, today, 0);
	set_items(view, "recent_html", "has_recent", &items);
	rc = page_write(p, page, "timeline", "timeline/index.html");
	value_free(page);
	return rc;
}

/* The page of year (documents newest[from..to)), unless its key is
 * unchanged: the neighbouring years and the documents' hashes. */
static int year_group(const struct pages *p, const struct views *v, const struct vmemo *m,
		      size_t from, size_t to, int newer, int older)
{
	struct pages q = *p;
	unsigned char key[HASH_SIZE];
	struct buf b;
	size_t i;

	if (m) {
		views_memo_begin(&b, m, "timeline year");
		memo_num(&b, doc_year(v, v->newest[from]));
		memo_num(&b, newer);
		memo_num(&b, older);
		memo_num(&b, (long long)(to - from));
		for (i = from; i < to; i++)
			views_memo_doc(&b, m, v->newest[i]);
		if (views_memo_reuse(m, &b, &q, key))
			return 0;
	}
	return year_page(&q, v, from, to, newer, older);
}

/* timeline/index.html, unless its key is unchanged: the number in force
 * and every document's hash, newest first. */
static int timeline_group(const struct pages *p, const struct views *v, const struct vmemo *m,
			  long today, size_t ninforce)
{
	struct pages q = *p;
	unsigned char key[HASH_SIZE];
	struct buf b;
	size_t i;

	if (m) {
		views_memo_begin(&b, m, "timeline");
		memo_num(&b, (long long)ninforce);
		memo_num(&b, (long long)v->s->ndocs);
		for (i = 0; i < v->s->ndocs; i++)
			views_memo_doc(&b, m, v->newest[i]);
		if (views_memo_reuse(m, &b, &q, key))
			return 0;
	}
	return timeline_index(&q, v, today, ninforce);
}

int views_write_timeline(const struct pages *p, const struct views *v, const struct vmemo *m)
{
	struct inforce f;
	size_t i, start = 0, n = v->s->ndocs, ninforce;
	int rc = 0, prev = 0;

	inforce_init(&f, v);
	for (i = 1; i <= n; i++) {
		int year = doc_year(v, v->newest[start]);
		if (i < n && doc_year(v, v->newest[i]) == year)
			continue;
		if (year &&
		    year_group(p, v, m, start, i, prev, i < n ? doc_year(v, v->newest[i]) : 0) < 0)
			rc = -1;
		prev = year;
		start = i;
	}
	ninforce = inforce_list(NULL, &f, f.today, "");
	if (timeline_group(p, v, m, f.today, ninforce) < 0 || inforce_data(p, &f, m) < 0 ||
	    inforce_page(p, &f, m) < 0)
		rc = -1;
	inforce_release(&f);
	return rc;
}
