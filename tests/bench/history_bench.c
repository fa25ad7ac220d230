/* history_bench.c - driver for tests/bench/history.sh (not part of the
 * test suite).
 *
 *   history_bench gen DOCS COMMITS   a `git fast-import` stream on stdout:
 *                                    commit 1 adds DOCS documents under
 *                                    content/, each later commit changes
 *                                    1-5 of them (every 50th renames one,
 *                                    every 70th deletes one), fixed dates
 *   history_bench load DIR [all]     time history_load on DIR and print
 *                                    "seconds commits docs versions cpu"
 *                                    (wall-clock and CPU seconds)
 *   history_bench dump DIR [all]     print every document version and
 *                                    commit found (to compare two builds)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "history.h"

static unsigned long long rng = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void data(const char *s)
{
	printf("data %zu\n%s\n", strlen(s), s);
}

static void doc_path(char *out, size_t n, unsigned i, unsigned gen)
{
	snprintf(out, n, "content/d%02u/doc%05u%s.md", i % 100, i, gen ? "-r" : "");
}

/* A document body of a few articles, varying with its version. */
static void body(char *out, size_t n, unsigned i, unsigned version)
{
	snprintf(
	    out, n,
	    "---\ntitle: 文件 %u\n---\n\n第一条 为了规范第 %u 号事项的管理，制定本办法。\n\n"
	    "第二条 本办法适用于本市行政区域，修订 %u 次。\n\n第三条 本办法自公布之日起施行。\n",
	    i, i, version);
}

static int gen(unsigned docs, unsigned commits)
{
	unsigned *version = calloc(docs, sizeof(*version)),
		 *renamed = calloc(docs, 1 + sizeof(*renamed));
	char *alive = calloc(docs, 1), path[128], path2[128], text[512], msg[64];
	unsigned c, i, k, n;
	long long t = 1600000000LL;

	for (c = 1; c <= commits; c++, t += 600) {
		printf("commit refs/heads/main\nmark :%u\n", c);
		printf("author Bench <bench@example.org> %lld +0800\n", t);
		printf("committer Bench <bench@example.org> %lld +0800\n", t);
		snprintf(msg, sizeof(msg), "commit %u", c);
		data(msg);
		if (c > 1)
			printf("from :%u\n", c - 1);
		n = c == 1 ? docs : 1 + rnd(5);
		for (k = 0; k < n; k++) {
			i = c == 1 ? k : rnd(docs);
			doc_path(path, sizeof(path), i, renamed[i]);
			if (c > 1 && alive[i] && c % 70 == 0 && k == 0) {
				printf("D %s\n", path);
				alive[i] = 0;
				continue;
			}
			if (c > 1 && alive[i] && !renamed[i] && c % 50 == 0 && k == 0) {
				renamed[i] = 1;
				doc_path(path2, sizeof(path2), i, 1);
				printf("R %s %s\n", path, path2);
				continue;
			}
			alive[i] = 1;
			body(text, sizeof(text), i, ++version[i]);
			printf("M 100644 inline %s\n", path);
			data(text);
		}
		printf("\n");
	}
	free(version);
	free(renamed);
	free(alive);
	return fflush(stdout) != 0 || ferror(stdout) ? 1 : 0;
}

static int load(const char *dir, int all)
{
	struct history *h = NULL;
	struct diag d = DIAG_INIT;
	struct timespec a, b, ca, cb;
	size_t i, versions = 0;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &a);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
	rc = history_load(&h, dir, all ? HISTORY_ALL : HISTORY_FIRST_PARENT, &d);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
	clock_gettime(CLOCK_MONOTONIC, &b);
	diag_flush(&d, stderr);
	if (rc < 0)
		return 1;
	for (i = 0; i < h->ndocs; i++)
		versions += h->docs[i].n;
	printf("%.3f %zu %zu %zu %.3f\n",
	       (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9, h->ncommits,
	       h->ndocs, versions,
	       (double)(cb.tv_sec - ca.tv_sec) + (double)(cb.tv_nsec - ca.tv_nsec) / 1e9);
	history_free(h);
	diag_release(&d);
	return 0;
}

/* Print everything history_load found, one line per version and commit. */
static int dump(const char *dir, int all)
{
	struct history *h = NULL;
	struct diag d = DIAG_INIT;
	size_t i, k;

	if (history_load(&h, dir, all ? HISTORY_ALL : HISTORY_FIRST_PARENT, &d) < 0) {
		diag_flush(&d, stderr);
		return 1;
	}
	printf("why %d shallow %d prefix %s\n", (int)h->why, h->shallow, h->prefix);
	for (i = 0; i < h->ndocs; i++) {
		const struct history_doc *doc = &h->docs[i];
		char blob[GIT_OID_HEXSZ + 1];
		printf("doc %s%s\n", doc->path, doc->deleted ? " deleted" : "");
		for (k = 0; k < doc->n; k++) {
			git_oid_tostr(blob, sizeof(blob), &doc->v[k].blob);
			printf("  %c %s %s %s\n", doc->v[k].status, doc->v[k].short_id,
			       doc->v[k].path, blob);
		}
	}
	for (i = 0; i < h->ncommits; i++) {
		const struct history_commit *c = &h->commits[i];
		printf("commit %s %lld %d %s|%s\n", c->id, c->time, c->offset_minutes, c->author,
		       c->summary);
		for (k = 0; k < c->nadded; k++)
			printf("  A %s\n", c->added[k]);
		for (k = 0; k < c->nchanged; k++)
			printf("  M %s%s%s\n", c->changed[k], c->changed_from[k] ? " <- " : "",
			       c->changed_from[k] ? c->changed_from[k] : "");
		for (k = 0; k < c->nremoved; k++)
			printf("  D %s\n", c->removed[k]);
	}
	history_free(h);
	diag_release(&d);
	return fflush(stdout) != 0 || ferror(stdout) ? 1 : 0;
}

/* A count of 1 to 10,000,000 from s, or 0 when s is not one. */
static unsigned count_arg(const char *s)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);

	return *s >= '0' && *s <= '9' && !*end && n >= 1 && n <= 10000000 ? (unsigned)n : 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "gen") == 0 && count_arg(argv[2]) && count_arg(argv[3]))
		return gen(count_arg(argv[2]), count_arg(argv[3]));
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "load") == 0)
		return load(argv[2], argc == 4 && strcmp(argv[3], "all") == 0);
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "dump") == 0)
		return dump(argv[2], argc == 4 && strcmp(argv[3], "all") == 0);
	fprintf(stderr,
		"usage: history_bench gen DOCS COMMITS | load DIR [all] | dump DIR [all]\n");
	return 2;
}
