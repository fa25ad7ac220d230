/* search_driver.c - build a search index from a corpus file, for the
 * search tests (tests/search/) and the benchmark (tests/bench/search.sh);
 * not part of huibian.  Compiled by tests/search/lib.sh against the objects
 * of a generator build.
 *
 *     search_driver CORPUS OUT     writes the site OUT (search/ only) and
 *                                  prints "entries terms shards text_bytes
 *                                  manifest_bytes shard_bytes store_bytes
 *                                  build_ms chunks index_cpu_ms write_cpu_ms"
 *                                  (build_ms is wall time of reading,
 *                                  indexing and writing; the last two are
 *                                  the process's CPU time of index and
 *                                  write, which a busy machine disturbs
 *                                  less)
 *
 * CORPUS: records separated by a line "%%"; each is "key: value" lines
 * (url title doc_title number issuers depts topics date level status_label
 * status_class measure), a blank line, and the body up to the next "%%".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "output.h"
#include "search.h"
#include "xalloc.h"

#define NKEYS 12
static const char *const keys[NKEYS] = {"url",	   "title",	   "doc_title",	   "number",
					"issuers", "depts",	   "topics",	   "date",
					"level",   "status_label", "status_class", "measure"};

struct rec {
	struct buf f[NKEYS], body;
	int in_body;
};

static void rec_add(struct search_index *ix, struct rec *r)
{
	struct search_entry e = {r->f[0].ptr,	    r->f[1].ptr, r->f[2].len ? r->f[2].ptr : NULL,
				 r->f[3].ptr,	    r->f[4].ptr, r->f[5].ptr,
				 r->f[6].ptr,	    r->body.ptr, r->f[7].ptr,
				 r->f[8].ptr,	    r->f[9].ptr, r->f[10].ptr,
				 atoi(r->f[11].ptr)};
	int i;

	if (r->body.len && r->body.ptr[r->body.len - 1] == '\n')
		r->body.ptr[--r->body.len] = '\0'; /* the line end before "%%" */
	if (r->f[0].len)
		search_index_add(ix, &e);
	for (i = 0; i < NKEYS; i++)
		buf_reset(&r->f[i]);
	buf_reset(&r->body);
	r->in_body = 0;
}

static void rec_line(struct rec *r, const char *line)
{
	int i;

	if (r->in_body) {
		buf_puts(&r->body, line);
		return;
	}
	if (line[0] == '\n') {
		r->in_body = 1;
		return;
	}
	for (i = 0; i < NKEYS; i++) {
		size_t n = strlen(keys[i]);

		if (!strncmp(line, keys[i], n) && line[n] == ':') {
			buf_set(&r->f[i], line + n + 1 + (line[n + 1] == ' '),
				strlen(line + n + 1) - 1);
			buf_trim(&r->f[i]);
		}
	}
}

static void read_corpus(struct search_index *ix, FILE *fp)
{
	struct rec r;
	char *line = NULL;
	size_t cap = 0;
	int i;

	memset(&r, 0, sizeof r);
	for (i = 0; i < NKEYS; i++)
		buf_init(&r.f[i]);
	buf_init(&r.body);
	while (getline(&line, &cap, fp) > 0) {
		if (!strcmp(line, "%%\n"))
			rec_add(ix, &r);
		else
			rec_line(&r, line);
	}
	rec_add(ix, &r);
	free(line);
	for (i = 0; i < NKEYS; i++)
		buf_release(&r.f[i]);
	buf_release(&r.body);
}

static long ms(const struct timespec *a, const struct timespec *b)
{
	return (long)((b->tv_sec - a->tv_sec) * 1000 + (b->tv_nsec - a->tv_nsec) / 1000000);
}

int main(int argc, char **argv)
{
	struct search_index *ix;
	struct output *o = NULL;
	struct diag d = DIAG_INIT;
	struct search_stats st;
	struct timespec t0, t1, c0, c1, c2;
	FILE *fp;
	int ret = 1;

	if (argc != 3 || !(fp = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: search_driver CORPUS OUT\n");
		return 2;
	}
	ix = search_index_new();
	if (getenv("SEARCH_JOBS"))
		search_index_set_jobs(ix, atoi(getenv("SEARCH_JOBS")));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	read_corpus(ix, fp);
	fclose(fp);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	if (output_open(&o, argv[2], 1, &d) == 0 && search_index_write(ix, o, "search", &d) == 0 &&
	    output_commit(o) == 0)
		ret = 0;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c2);
	search_index_stats(ix, &st);
	printf("%zu %zu %zu %zu %zu %zu %zu %ld %zu %ld %ld\n", st.entries, st.terms, st.shards,
	       st.text_bytes, st.manifest_bytes, st.shard_bytes, st.store_bytes, ms(&t0, &t1),
	       st.chunks, ms(&c0, &c1), ms(&c1, &c2));
	diag_flush(&d, stderr);
	diag_release(&d);
	output_free(o);
	search_index_free(ix);
	return ret;
}
