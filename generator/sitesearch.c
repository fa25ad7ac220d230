/* sitesearch.c - feed the site to the search index; see sitesearch.h. */
#include "sitesearch.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "search.h"

/* The fields both kinds of entries share (date: its formatted date). */
static void entry_doc_fields(struct search_entry *e, const struct doc *doc, const char *date)
{
	e->date = date;
	e->number = doc->number;
	e->level = doc->level ? doc->level : "";
	e->status_label = status_label(doc->status);
	e->status_class = status_class(doc->status);
}

/* Set *b to the strings of l joined by "、"; returns b's text. */
static const char *join(struct buf *b, const struct strlist *l)
{
	buf_reset(b);
	strlist_put_joined(b, l, "、");
	return b->ptr;
}

/* Scratch of index_doc, reused from document to document. */
struct scratch {
	struct buf url, issuers, topics, depts, mtopics;
};

/* One entry for the document, one per measure (linking to its anchor).
 * The index takes the plain texts of doc and its measures (set to NULL). */
static void index_doc(struct search_index *ix, struct doc *doc, struct scratch *sc)
{
	struct search_entry e;
	char date[11];
	size_t i, base;

	memset(&e, 0, sizeof(e));
	date_format(date, page_doc_date(doc));
	buf_reset(&sc->url);
	buf_puts(&sc->url, doc->slug);
	buf_puts(&sc->url, "/index.html");
	base = sc->url.len;
	entry_doc_fields(&e, doc, date);
	e.url = sc->url.ptr;
	e.title = doc->title;
	e.issuers = join(&sc->issuers, &doc->issuers);
	e.topics = join(&sc->topics, &doc->topics);
	if (doc->plain_borrowed) /* the document cache's: it outlives the index */
		search_index_add_borrowed(ix, &e, doc->plain, doc->plain_len);
	else
		search_index_add_owned(ix, &e, doc->plain);
	doc->plain = NULL;
	doc->plain_len = 0;
	doc->plain_borrowed = 0;
	for (i = 0; i < doc->nmeasures; i++) {
		struct measure *m = &doc->measures[i];

		memset(&e, 0, sizeof(e));
		entry_doc_fields(&e, doc, date);
		buf_truncate(&sc->url, base);
		buf_putc(&sc->url, '#');
		buf_puts(&sc->url, m->id);
		e.url = sc->url.ptr;
		e.title = m->summary;
		e.doc_title = doc->title;
		e.number = NULL;
		e.issuers = sc->issuers.ptr;
		e.depts = join(&sc->depts, &m->depts);
		e.topics = join(&sc->mtopics, &m->topics);
		e.is_measure = 1;
		if (m->borrowed) /* as the document's plain text */
			search_index_add_borrowed(ix, &e, m->text, SIZE_MAX);
		else
			search_index_add_owned(ix, &e, m->text);
		m->text = NULL;
	}
}

/* Item i of search_index_add_items: document i of site ctx. */
static void add_doc(struct search_index *part, size_t i, void *ctx)
{
	struct site *s = ctx;
	struct scratch sc = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT};

	index_doc(part, s->docs[i], &sc);
	buf_release(&sc.url);
	buf_release(&sc.issuers);
	buf_release(&sc.topics);
	buf_release(&sc.depts);
	buf_release(&sc.mtopics);
}

/* Seconds between two readings of a clock. */
static double seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* The process's minor page faults so far (0 if unknown). */
static long minor_faults(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_minflt : 0;
}

/* With HUIBIAN_TIMING=1 in the environment: the search stage's wall and
 * process CPU time and the page faults it took (each costs tens of
 * microseconds on some virtual machines) on stderr (figures for the
 * benchmark, not output). */
static void report_timing(const struct timespec t[4], long faults, const struct search_stats *st)
{
	const char *env = getenv("HUIBIAN_TIMING");

	if (!env || strcmp(env, "1"))
		return;
	fprintf(stderr,
		"search index: %.3f s wall, %.3f s CPU, %ld page faults; %zu entries, %zu terms, "
		"text %zu bytes, "
		"manifest %zu, %zu shards %zu, %zu chunks %zu bytes; %zu of %zu blocks from the "
		"cache, saved index %zu bytes; wall s: postings %.3f, texts %.3f, shards %.3f, "
		"manifest %.3f, cache %.3f\n",
		seconds(&t[0], &t[1]), seconds(&t[2], &t[3]), faults, st->entries, st->terms,
		st->text_bytes, st->manifest_bytes, st->shards, st->shard_bytes, st->chunks,
		st->store_bytes, st->blocks_saved, st->blocks, st->cache_bytes, st->build_s,
		st->texts_s, st->shards_s, st->manifest_s, st->cache_s);
}

/* With -v: how much of the index came from the cache (searchcache.h), on
 * a line of its own (a terminal's progress line erased first, as the
 * phase lines do). */
static void report_saved(const struct pages *p, const struct search_stats *st)
{
	if (!p->verbose || !st->blocks)
		return;
	if (isatty(fileno(stderr)))
		fputs("\r\033[K", stderr);
	fprintf(stderr, "huibian: search: %zu of %zu blocks of text from the cache\n",
		st->blocks_saved, st->blocks);
}

int sitesearch_write(const struct pages *p, struct site *s)
{
	struct search_index *ix;
	struct value *page;
	struct search_stats st;
	struct timespec t[4];
	long faults;
	size_t i, n;
	int rc;

	faults = minor_faults();
	clock_gettime(CLOCK_MONOTONIC, &t[0]);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t[2]);
	ix = search_index_new();
	search_index_set_jobs(ix, p->jobs);
	search_index_set_memo(ix, p->env);
	if (p->cache && p->env)
		search_index_set_cache(ix, cache_search_file(p->cache), cache_out(p->cache));
	for (i = 0, n = s->ndocs; i < s->ndocs; i++)
		n += s->docs[i]->nmeasures;
	search_index_reserve(ix, n);
	search_index_add_items(ix, s->ndocs, add_doc, s);
	rc = search_index_write(ix, p->out, "search", p->d);
	search_index_stats(ix, &st);
	search_index_free(ix);
	clock_gettime(CLOCK_MONOTONIC, &t[1]);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t[3]);
	report_timing(t, minor_faults() - faults, &st);
	report_saved(p, &st);
	if (rc < 0)
		return -1;
	page = page_new(p, "全文检索");
	page_script(page, "static/search.js");
	page_crumb(page, "全文检索", NULL);
	rc = page_write(p, page, "search", "search/index.html");
	value_free(page);
	return rc;
}
