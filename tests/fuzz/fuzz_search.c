/* fuzz_search.c - libFuzzer harness for the search normaliser, tokenizer
 * and index.
 *
 * The whole input goes through searchtok_normalize, searchtok_terms and
 * searchtok_debug.  Then it is cut at NUL bytes into fields, twelve per
 * entry (title, doc_title, number, issuers, depts, topics, body, date,
 * level, status_label, status_class, url; the first byte of the url field
 * sets is_measure), at most four entries, which go through
 * search_index_add.  When the input starts with 'W' (which is then not
 * part of the first field), the index is also written with
 * search_index_write into a temporary folder that output_free removes again
 * (never committed): writing costs ~30 ms under ASan (charcode_build
 * allocates a table of all 0x110000 code points), so it is done for the
 * inputs that ask for it only.
 */
#define _XOPEN_SOURCE 700
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "output.h"
#include "search.h"
#include "searchtok.h"
#include "xalloc.h"

#define NFIELDS 12
#define MAX_ENTRIES 4

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char site_dir[64]; /* set once, read-only afterwards */
static char tmp_dir[64];

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Remove the temporary folder (with anything a crashed run left). */
static void cleanup(void)
{
	nftw(tmp_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *t = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	snprintf(tmp_dir, sizeof(tmp_dir), "%s/hbfuzz-XXXXXX", t && strlen(t) < 40 ? t : "/tmp");
	if (!mkdtemp(tmp_dir)) {
		perror("mkdtemp");
		abort();
	}
	snprintf(site_dir, sizeof(site_dir), "%s/site", tmp_dir);
	atexit(cleanup);
	return 0;
}

static void term(void *ctx, enum searchtok_kind kind, const int32_t *cp, size_t n)
{
	size_t *count = ctx;

	if (!cp || (kind == SEARCHTOK_BIGRAM && n != 2) || (kind == SEARCHTOK_END && n != 1) ||
	    (kind == SEARCHTOK_WORD && n == 0))
		__builtin_trap();
	(*count)++;
}

/* Normalise the input and cut it into keys, both ways the index does. */
static void tokens(const char *s, size_t size)
{
	static struct searchtok *tok;
	struct searchtok_cps cps = {NULL, 0, 0};
	struct buf norm = BUF_INIT, dbg = BUF_INIT, err = BUF_INIT;
	char *z = xstrndup(s, size);
	size_t n = 0;

	if (!tok && searchtok_open(&tok, &err) < 0) {
		fprintf(stderr, "%s\n", err.ptr);
		abort();
	}
	if (searchtok_normalize_cps(tok, &cps, s, size) == 0)
		searchtok_terms(cps.v, cps.n, term, &n);
	(void)searchtok_normalize(tok, &norm, s, size);
	(void)searchtok_debug(tok, &dbg, z);
	free(z);
	free(cps.v);
	buf_release(&norm);
	buf_release(&dbg);
	buf_release(&err);
}

/* Cut the input into NUL-terminated fields (copies in *store). */
static size_t split_fields(char **store, const char *s, size_t size,
			   const char *f[MAX_ENTRIES * NFIELDS])
{
	size_t n = 0, i, start = 0;
	char *c = xmalloc(size + 1);

	memcpy(c, s, size);
	c[size] = '\0';
	for (i = 0; i <= size && n < MAX_ENTRIES * NFIELDS; i++) {
		if (i < size && c[i])
			continue;
		c[i] = '\0';
		f[n++] = c + start;
		start = i + 1;
	}
	*store = c;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *f[MAX_ENTRIES * NFIELDS];
	struct search_index *ix = search_index_new();
	struct search_stats st;
	struct output *o = NULL;
	struct diag d = DIAG_INIT;
	char *store;
	size_t n, e;
	int do_write = size > 0 && data[0] == 'W';

	tokens((const char *)data, size);
	n = split_fields(&store, (const char *)data + do_write, size - (size_t)do_write, f);
	for (e = 0; e * NFIELDS < n; e++) {
		const char **g = f + e * NFIELDS;
		size_t k = n - e * NFIELDS;
#define FIELD(i) ((i) < k ? g[i] : NULL)
		struct search_entry en = {FIELD(11),
					  FIELD(0),
					  FIELD(1),
					  FIELD(2),
					  FIELD(3),
					  FIELD(4),
					  FIELD(5),
					  FIELD(6),
					  FIELD(7),
					  FIELD(8),
					  FIELD(9),
					  FIELD(10),
					  k > 11 && g[11][0] == 'm'};
#undef FIELD
		if (!en.url)
			en.url = "fuzz/a/index.html";
		search_index_add(ix, &en);
	}
	if (do_write && output_open(&o, site_dir, 1, &d) == 0) {
		if (search_index_write(ix, o, "search", &d) < 0)
			__builtin_trap(); /* writes to a fresh tmp folder must work */
		search_index_stats(ix, &st);
	}
	output_free(o);
	search_index_free(ix);
	free(store);
	diag_release(&d);
	return 0;
}
