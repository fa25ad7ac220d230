/* test_searchcache.c - the search index saved in the build cache
 * (searchcache.h) and read back by the next build (search.c): blocks whose
 * key is unchanged are read, not tokenised, and the index is the same as
 * one built without the saved file, after edits, insertions, deletions and
 * random runs of them (tiny blocks, so that a small corpus has many); a
 * file of another key, format or version, or damaged, is refused; any byte
 * of the body changed (with the frame made right again, as a hostile file
 * could) is refused or read without a crash or a leak, and the build that
 * reads it finishes (the sanitizer build runs this too).  The characters
 * each block saves for the coding of the texts agree with a count made
 * here, whether read back or counted.  The saved index is kept while
 * few blocks are not found there, and written when more are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "buf.h"
#include "hash.h"
#include "search.h"
#include "searchcache.h"
#include "searchint.h"
#include "searchtok.h"
#include "savedfile.h"
#include "tap.h"
#include "xalloc.h"

#define PIECE (1u << 20) /* searchcache.c: the end hash is of the hashes of 1 MiB pieces */

/* A corpus: documents, each followed by measures whose bodies are
 * sentences of its body (so they are slices of it). */
struct corpus {
	struct search_entry *e;
	size_t n;
	struct buf strs; /* "\0"-separated copies, pointed at by e (offsets until fixed) */
	size_t *off;	 /* per entry: offsets of url, title, number, body in strs */
};

/* Deterministic pseudo-random numbers. */
static uint32_t next_rand(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static const char *const chars[] = {"发", "展", "改", "革", "委", "员", "会", "关", "于", "推",
				    "进", "产", "业", "高", "质", "量", "的", "通", "知", "河",
				    "南", "省", "人", "民", "政", "府", "辦", "法", "實", "施",
				    "企", "创", "新", "数", "字", "经", "济", "服", "务", "区"};

/* A body of sentences, some with a number key or a word, from seed. */
static void make_body(struct buf *b, uint32_t seed, size_t sentences, size_t words)
{
	size_t i, k, len;

	for (i = 0; i < sentences; i++) {
		len = 2 + next_rand(&seed) % words;
		for (k = 0; k < len; k++)
			buf_puts(b, chars[next_rand(&seed) % (sizeof chars / sizeof chars[0])]);
		if (next_rand(&seed) % 4 == 0)
			buf_printf(b, "〔2024〕%u号", next_rand(&seed) % 50);
		if (next_rand(&seed) % 5 == 0)
			buf_printf(b, " abc%u ", next_rand(&seed) % 9);
		buf_puts(b, "。");
	}
}

/* The entries of document d (body from seed) and its measures, appended
 * to c's strings; their fields are pointers set by corpus_fix. */
static void add_doc(struct corpus *c, size_t d, uint32_t seed, size_t measures, size_t words)
{
	struct buf body = BUF_INIT;
	const char *s, *dot;
	size_t m;

	make_body(&body, seed, 3 + seed % 5, words);
	c->e = xreallocarray(c->e, c->n + measures + 1, sizeof *c->e);
	c->off = xreallocarray(c->off, 4 * (c->n + measures + 1), sizeof *c->off);
	memset(&c->e[c->n], 0, sizeof *c->e);
	c->off[4 * c->n] = c->strs.len;
	buf_printf(&c->strs, "c/d%zu/index.html%c", d, 0);
	c->off[4 * c->n + 1] = c->strs.len;
	buf_printf(&c->strs, "关于第%zu号文件的通知%c", d, 0);
	c->off[4 * c->n + 2] = c->strs.len;
	buf_printf(&c->strs, "豫政〔2024〕%zu号%c", d, 0);
	c->off[4 * c->n + 3] = c->strs.len;
	buf_put(&c->strs, body.ptr, body.len + 1);
	c->n++;
	for (m = 0, s = body.ptr; m < measures && (dot = strstr(s, "。")) != NULL; m++) {
		memset(&c->e[c->n], 0, sizeof *c->e);
		c->e[c->n].is_measure = 1;
		c->off[4 * c->n] = c->strs.len;
		buf_printf(&c->strs, "c/d%zu/index.html#m-%zu%c", d, m, 0);
		c->off[4 * c->n + 1] = c->strs.len;
		buf_printf(&c->strs, "措施%zu%c", m, 0);
		c->off[4 * c->n + 2] = c->strs.len;
		buf_putc(&c->strs, 0);
		c->off[4 * c->n + 3] = c->strs.len;
		buf_put(&c->strs, s, (size_t)(dot + strlen("。") - s));
		buf_putc(&c->strs, 0);
		c->n++;
		s = dot + strlen("。");
	}
	buf_release(&body);
}

/* Point the entries' fields into the strings. */
static void corpus_fix(struct corpus *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		c->e[i].url = c->strs.ptr + c->off[4 * i];
		c->e[i].title = c->strs.ptr + c->off[4 * i + 1];
		c->e[i].number = c->strs.ptr + c->off[4 * i + 2];
		c->e[i].body = c->strs.ptr + c->off[4 * i + 3];
		c->e[i].issuers = c->e[i].is_measure ? NULL : "河南省人民政府";
		c->e[i].depts = c->e[i].is_measure ? "省发展改革委" : NULL;
		c->e[i].topics = "创新";
		c->e[i].status_label = "现行有效";
		c->e[i].status_class = "current";
	}
}

/* A corpus of the documents ids[0..n) (document ids[i] has seed
 * seeds[i]), sentences of up to words + 1 characters. */
static void make_corpus(struct corpus *c, const size_t *ids, const uint32_t *seeds, size_t n,
			size_t words)
{
	size_t i;

	memset(c, 0, sizeof *c);
	c->strs = (struct buf)BUF_INIT;
	for (i = 0; i < n; i++)
		add_doc(c, ids[i], seeds[i], seeds[i] % 4, words);
	corpus_fix(c);
}

static void free_corpus(struct corpus *c)
{
	free(c->e);
	free(c->off);
	buf_release(&c->strs);
}

/* The index of c built with tok on jobs threads, reading the saved file
 * (NULL: none) of key; tiny blocks; the saved index kept while at most
 * stale_max blocks are not found there (0: search.c's rule). */
static struct search_index *build_kept(struct searchtok *tok, const struct corpus *c,
				       const char *file, const unsigned char *key, int jobs,
				       size_t stale_max)
{
	struct search_index *ix = search_index_new();
	struct buf err = BUF_INIT;
	size_t i;

	search_index_set_jobs(ix, jobs);
	search_index_set_memo(ix, key);
	search_index_set_cache(ix, file, "/nowhere");
	ix->block_min = 12;
	ix->stale_max = stale_max;
	ix->tok = tok;
	for (i = 0; i < c->n; i++)
		search_index_add(ix, &c->e[i]);
	if (search_index_build(ix, &err) < 0)
		printf("# %s\n", err.ptr);
	buf_release(&err);
	return ix;
}

/* build_kept with search.c's rule. */
static struct search_index *build(struct searchtok *tok, const struct corpus *c, const char *file,
				  const unsigned char *key, int jobs)
{
	return build_kept(tok, c, file, key, jobs, 0);
}

static void release(struct search_index *ix)
{
	ix->tok = NULL; /* the caller's */
	search_index_free(ix);
}

static int cmp_terms(const void *a, const void *b)
{
	const struct search_term *x = *(const struct search_term *const *)a,
				 *y = *(const struct search_term *const *)b;
	size_t n = x->wlen < y->wlen ? x->wlen : y->wlen;
	int r;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	r = n ? memcmp(x->word, y->word, n) : 0;
	return r ? r : (x->wlen > y->wlen) - (x->wlen < y->wlen);
}

/* The terms of ix by key and word. */
static const struct search_term **sorted_terms(const struct search_index *ix)
{
	const struct search_term **v = xcalloc(ix->nterms + 1, sizeof *v);
	size_t i;

	for (i = 0; i < ix->nterms; i++)
		v[i] = &ix->terms[i];
	qsort(v, ix->nterms, sizeof *v, cmp_terms);
	return v;
}

/* Are the terms with their postings, and the entries' lengths, of a and
 * b the same? */
static int same_index(const struct search_index *a, const struct search_index *b)
{
	const struct search_term **x = sorted_terms(a), **y = sorted_terms(b);
	struct buf pa = BUF_INIT, pb = BUF_INIT;
	size_t i;
	int same = a->nterms == b->nterms && a->ndocs == b->ndocs &&
		   a->total_length == b->total_length && a->text_bytes == b->text_bytes;

	for (i = 0; same && i < a->ndocs; i++)
		same = a->docs[i].length == b->docs[i].length;
	for (i = 0; same && i < a->nterms; i++) {
		buf_reset(&pa);
		buf_reset(&pb);
		search_term_postings(a, x[i], &pa, NULL);
		search_term_postings(b, y[i], &pb, NULL);
		same = !cmp_terms(&x[i], &y[i]) && x[i]->df == y[i]->df &&
		       x[i]->tfsum == y[i]->tfsum && pa.len == x[i]->plen && pa.len == pb.len &&
		       !memcmp(pa.ptr, pb.ptr, pa.len);
		if (!same)
			printf("# term %zu differs\n", i);
	}
	free(x);
	free(y);
	buf_release(&pa);
	buf_release(&pb);
	return same;
}

/* Count the characters of s into count (MAXCP of them); returns how
 * many. */
static size_t count_str(uint32_t *count, const char *s, size_t n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t step;
	size_t i = 0, total = 0;

	while (i < n && (step = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						 (utf8proc_ssize_t)(n - i), &cp)) > 0) {
		count[cp]++;
		total++;
		i += (size_t)step;
	}
	return total;
}

/* Do the characters of every block of ix (struct search_block: chars)
 * agree with a count of the stored fields of its entries made here
 * (titles, the doc_title of a measure without its document, 发文字号, own
 * bodies)? */
static int same_chars(const struct search_index *ix)
{
	uint32_t *count = xcalloc(0x110000, sizeof *count), cp, n;
	size_t k, i, total, listed;
	int same = ix->nblocks > 0;

	for (k = 0; same && k < ix->nblocks; k++) {
		const struct search_block *bl = &ix->blocks[k];

		for (i = bl->from, total = 0; i < bl->to; i++) {
			const struct search_doc *d = &ix->docs[i];

			total += count_str(count, d->title, strlen(d->title));
			if (d->parent < 0)
				total += count_str(count, d->doc_title, strlen(d->doc_title));
			total += count_str(count, d->number, strlen(d->number));
			if (d->body)
				total += count_str(count, d->body, d->body_len);
		}
		for (i = 0, listed = 0; same && i < bl->nchars; i++) {
			memcpy(&cp, bl->chars + 8 * i, 4); /* little-endian hosts only */
			memcpy(&n, bl->chars + 8 * i + 4, 4);
			same = cp < 0x110000 && count[cp] == n;
			count[cp < 0x110000 ? cp : 0] = 0;
			listed += n;
		}
		same = same && listed == total;
		if (!same)
			printf("# the characters of block %zu differ\n", k);
		memset(count, 0, 0x110000 * sizeof *count);
	}
	free(count);
	return same;
}

/* Build c from the saved file (saving the result for the next step) and
 * without, on jobs threads: the same index?  *saved, *blocks: the blocks
 * read from the file, and all. */
static int step(struct searchtok *tok, const struct corpus *c, const char *file,
		const unsigned char *key, int jobs, size_t *saved, size_t *blocks)
{
	struct search_index *with = build(tok, c, file, key, jobs),
			    *without = build(tok, c, NULL, key, 1);
	int same = same_index(with, without) && same_chars(with);

	*saved = with->blocks_saved;
	*blocks = with->nblocks;
	if (!with->saved_keep && !scache_write(with, file, "/nowhere", key))
		same = 0;
	release(with);
	release(without);
	return same;
}

/* Make the end line of the file data[0..len) right again. */
static void fix_frame(char *data, size_t len)
{
	const char *nl = memchr(data, '\n', len);
	size_t from = (size_t)(nl - data) + 1, end = len - (4 + 2 * HASH_SIZE + 1), at, n;
	struct buf sums = BUF_INIT;
	unsigned char h[HASH_SIZE];
	char hex[HASH_HEX_SIZE];

	for (at = from; at < end; at += n) {
		n = end - at < PIECE ? end - at : PIECE;
		hash_bytes(h, data + at, n);
		buf_put(&sums, h, HASH_SIZE);
	}
	hash_bytes(h, sums.ptr, sums.len);
	hash_hex(hex, h);
	memcpy(data + end + 4, hex, 2 * HASH_SIZE);
	buf_release(&sums);
}

/* Every byte of the body of file changed in turn (frame made right): read
 * or refused, and a build of c (one document edited since) reading it
 * finishes.  Returns the number read. */
static size_t mutate_all(struct searchtok *tok, const struct corpus *c, const char *file,
			 const unsigned char *key, size_t *tried)
{
	struct buf orig = BUF_INIT, data = BUF_INIT;
	struct scache *sc;
	size_t i, from, nread = 0;

	get_file(&orig, file);
	from = (size_t)((const char *)memchr(orig.ptr, '\n', orig.len) - orig.ptr) + 1;
	*tried = 0;
	for (i = from; i + 4 + 2 * HASH_SIZE + 1 < orig.len; i++) {
		struct search_index *ix;

		buf_set(&data, orig.ptr, orig.len);
		data.ptr[i] ^= (char)(1 << (i % 8)) | (i % 3 ? 0 : 0x40);
		fix_frame(data.ptr, data.len);
		put_file(file, data.ptr, data.len);
		if (scache_read(&sc, file, key)) {
			nread++;
			scache_free(sc);
		}
		ix = build(tok, c, file, key, 1 + (int)(i % 2));
		release(ix);
		(*tried)++;
	}
	put_file(file, orig.ptr, orig.len);
	buf_release(&orig);
	buf_release(&data);
	return nread;
}

/* The documents of a corpus (document ids[i] has seed seeds[i]) and
 * what the builds share. */
struct docs {
	size_t ids[60], n;
	uint32_t seeds[60];
};

struct env {
	struct searchtok *tok;
	char file[64];
	unsigned char key[HASH_SIZE];
};

/* step with the corpus of d (sentences of up to words + 1 characters). */
static int run(const struct env *v, const struct docs *d, size_t words, int jobs, size_t *saved,
	       size_t *blocks)
{
	struct corpus c;
	int same;

	make_corpus(&c, d->ids, d->seeds, d->n, words);
	same = step(v->tok, &c, v->file, v->key, jobs, saved, blocks);
	free_corpus(&c);
	return same;
}

static void insert_doc(struct docs *d, size_t k, size_t id, uint32_t seed)
{
	memmove(d->ids + k + 1, d->ids + k, (d->n - k) * sizeof *d->ids);
	memmove(d->seeds + k + 1, d->seeds + k, (d->n - k) * sizeof *d->seeds);
	d->ids[k] = id;
	d->seeds[k] = seed;
	d->n++;
}

static void remove_doc(struct docs *d, size_t k)
{
	memmove(d->ids + k, d->ids + k + 1, (d->n - k - 1) * sizeof *d->ids);
	memmove(d->seeds + k, d->seeds + k + 1, (d->n - k - 1) * sizeof *d->seeds);
	d->n--;
}

static void test_round_trip(const struct env *v, const struct docs *d)
{
	unsigned char other[HASH_SIZE];
	struct scache *sc;
	struct search_index *ix;
	struct corpus c;
	size_t saved, blocks, n = 0, k, counted = 0;
	int same = run(v, d, 14, 2, &saved, &blocks);

	ok(same && saved == 0 && blocks >= 5, "a first build saves its index (%zu blocks)", blocks);
	if (scache_read(&sc, v->file, v->key) == 1)
		n = sc->nblocks == blocks ? sc->nentries : 0;
	ok(n > d->n, "and reads it back (%zu entries)", n);
	scache_free(sc);
	same = run(v, d, 14, 1, &saved, &blocks);
	ok(same && saved == blocks, "the same entries: every block read, the same index");
	make_corpus(&c, d->ids, d->seeds, d->n, 14);
	ix = build(v->tok, &c, v->file, v->key, 2);
	for (k = 0; k < ix->nblocks; k++)
		counted += ix->blocks[k].own_chars != NULL;
	ok(ix->nblocks == blocks && counted == 0 && same_chars(ix),
	   "and the characters of every block read from it, not counted (%zu counted)", counted);
	release(ix);
	free_corpus(&c);
	hash_bytes(other, "other env", 9);
	ok(scache_read(&sc, v->file, other) == 0 && !sc, "another base key is refused");
}

static void test_edits(const struct env *v, struct docs *d)
{
	size_t saved, blocks, i;
	int same;

	d->seeds[d->n / 2] += 1;
	same = run(v, d, 14, 2, &saved, &blocks);
	ok(same && saved + 2 >= blocks && saved < blocks,
	   "one document edited: the same index, %zu of %zu blocks read", saved, blocks);
	insert_doc(d, 3, 100, 4242);
	same = run(v, d, 14, 1, &saved, &blocks);
	ok(same && saved + 2 >= blocks && saved < blocks,
	   "one document inserted: the same index, %zu of %zu blocks read", saved, blocks);
	remove_doc(d, 10);
	same = run(v, d, 14, 2, &saved, &blocks);
	ok(same && saved + 2 >= blocks && saved < blocks,
	   "one document removed: the same index, %zu of %zu blocks read", saved, blocks);
	for (i = 0; i < d->n; i += 3) /* scattered: more runs than are read */
		d->seeds[i] += 11;
	same = run(v, d, 14, 2, &saved, &blocks);
	ok(same && saved > 0 && saved + d->n / 3 <= blocks,
	   "every third document edited: the same index, %zu of %zu blocks read", saved, blocks);
}

/* Build d with the saved index kept while at most 2 blocks are not found
 * there: the same index as without it, the blocks read and all, and
 * whether the file was kept as it was (then *kept is 1). */
static int kept_step(const struct env *v, const struct docs *d, size_t *saved, size_t *blocks,
		     int *kept)
{
	struct corpus c;
	struct buf before = BUF_INIT, after = BUF_INIT;
	struct search_index *with, *without;
	int same;

	make_corpus(&c, d->ids, d->seeds, d->n, 14);
	get_file(&before, v->file);
	with = build_kept(v->tok, &c, v->file, v->key, 2, 2);
	without = build(v->tok, &c, NULL, v->key, 1);
	same = same_index(with, without) && same_chars(with);
	*saved = with->blocks_saved;
	*blocks = with->nblocks;
	if (!with->saved_keep && !scache_write(with, v->file, "/nowhere", v->key))
		same = 0;
	get_file(&after, v->file);
	*kept = before.len == after.len && !memcmp(before.ptr, after.ptr, before.len);
	release(with);
	release(without);
	free_corpus(&c);
	buf_release(&before);
	buf_release(&after);
	return same;
}

/* Put a byte that is no varint digit at the start of the first term's
 * postings in the saved file, and make its frame right: the file is read,
 * and the first posting a build decodes there does not decode.  1 done. */
static int spoil_posting(const struct env *v)
{
	struct buf data = BUF_INIT;
	struct scache *sc;
	size_t off = 0;

	if (scache_read(&sc, v->file, v->key) == 1 && sc->nterms)
		off = (size_t)(sc->terms[0].post - sc->map);
	scache_free(sc);
	get_file(&data, v->file);
	if (off && off < data.len) {
		data.ptr[off] = '"';
		fix_frame(data.ptr, data.len);
		put_file(v->file, data.ptr, data.len);
	}
	buf_release(&data);
	return off && scache_read(&sc, v->file, v->key) == 1 && (scache_free(sc), 1);
}

static void test_kept(const struct env *v, struct docs *d)
{
	size_t saved, blocks, first;
	int same, kept;

	run(v, d, 14, 1, &saved, &blocks);
	d->seeds[2] += 5;
	same = kept_step(v, d, &first, &blocks, &kept);
	ok(same && kept && first < blocks,
	   "an edit: %zu of %zu blocks read, the saved index kept as it was", first, blocks);
	same = kept_step(v, d, &saved, &blocks, &kept);
	ok(same && kept && saved == first,
	   "the same entries again: the same blocks read from the kept index (%zu)", saved);
	d->seeds[d->n - 3] += 5;
	same = kept_step(v, d, &saved, &blocks, &kept);
	ok(same && kept && saved < first,
	   "another edit: %zu blocks read, the saved index still kept", saved);
	d->seeds[d->n / 2] += 5;
	same = kept_step(v, d, &saved, &blocks, &kept);
	ok(same && !kept, "a third edit elsewhere: %zu blocks read, the saved index written",
	   saved);
	same = kept_step(v, d, &saved, &blocks, &kept);
	ok(same && kept && saved == blocks,
	   "and the next build reads every block from it (%zu of %zu)", saved, blocks);
	ok(spoil_posting(v), "(the first posting of the saved index spoilt, the frame made right)");
	same = kept_step(v, d, &saved, &blocks, &kept);
	ok(same && !kept && saved == 0,
	   "a posting that does not decode: every block tokenised, the saved index written");
	same = kept_step(v, d, &saved, &blocks, &kept);
	ok(same && kept && saved == blocks, "and the next build reads every block from it again");
}

static void test_random(const struct env *v, struct docs *d)
{
	size_t i, k, op, saved, blocks;
	uint32_t rnd = 7;
	int all = 1;

	for (i = 0; i < 60 && all; i++) {
		k = next_rand(&rnd) % d->n;
		op = next_rand(&rnd) % 4;
		if (op == 0 && d->n < 60) {
			insert_doc(d, k, 200 + i, next_rand(&rnd));
		} else if (op == 1 && d->n > 4) {
			remove_doc(d, k);
		} else if (op == 2) {
			d->seeds[k] = next_rand(&rnd);
			d->seeds[next_rand(&rnd) % d->n] += 3;
		}
		all &= run(v, d, 14, 1 + (int)(i % 2), &saved, &blocks);
	}
	ok(all, "60 random edits, insertions and removals: always the same index");
}

static void test_damaged(const struct env *v, const struct docs *d)
{
	struct buf data = BUF_INIT;
	struct scache *sc;
	size_t saved, blocks, head = strlen("huibian-search ");

	run(v, d, 14, 1, &saved, &blocks);
	get_file(&data, v->file);
	data.ptr[data.len / 2] ^= 1;
	put_file(v->file, data.ptr, data.len);
	ok(scache_read(&sc, v->file, v->key) == 0, "a damaged file is refused");
	data.ptr[data.len / 2] ^= 1;
	put_file(v->file, data.ptr, data.len / 2);
	ok(scache_read(&sc, v->file, v->key) == 0, "and a truncated one");
	data.ptr[head] ^= 1;
	fix_frame(data.ptr, data.len);
	put_file(v->file, data.ptr, data.len);
	ok(scache_read(&sc, v->file, v->key) == 0, "and one of another format");
	data.ptr[head] ^= 1;
	fix_frame(data.ptr, data.len);
	put_file(v->file, data.ptr, data.len);
	ok(scache_read(&sc, v->file, v->key) == 1, "(the file put right is read)");
	scache_free(sc);
	buf_release(&data);
}

/* A small corpus (few bytes to change) of blocks that the next build
 * reads but for the last. */
static void test_mutations(const struct env *v, struct docs *d)
{
	struct corpus c;
	size_t saved, blocks, tried, nread;
	int same;

	d->n = 14;
	run(v, d, 3, 1, &saved, &blocks);
	d->seeds[d->n - 1] += 5;
	make_corpus(&c, d->ids, d->seeds, d->n, 3);
	nread = mutate_all(v->tok, &c, v->file, v->key, &tried);
	ok(tried > 1000 && blocks >= 2,
	   "every byte of the body changed, the frame made right: %zu read of %zu", nread, tried);
	same = step(v->tok, &c, v->file, v->key, 2, &saved, &blocks);
	ok(same && saved > 0, "the file as it was is still read (%zu of %zu blocks)", saved,
	   blocks);
	free_corpus(&c);
}

int main(void)
{
	struct env v;
	struct docs d;
	struct buf err = BUF_INIT;
	char dir[] = "/tmp/huibian-scache-XXXXXX";
	size_t i;

	if (searchtok_open(&v.tok, &err) < 0 || !mkdtemp(dir)) {
		printf("Bail out! %s\n", err.ptr);
		return 1;
	}
	snprintf(v.file, sizeof v.file, "%s/search-x", dir);
	hash_bytes(v.key, "env", 3);
	for (d.n = 36, i = 0; i < d.n; i++) {
		d.ids[i] = i;
		d.seeds[i] = (uint32_t)(i * 7919 + 13);
	}
	test_round_trip(&v, &d);
	test_edits(&v, &d);
	test_kept(&v, &d);
	test_random(&v, &d);
	test_damaged(&v, &d);
	test_mutations(&v, &d);
	unlink(v.file);
	rmdir(dir);
	searchtok_free(v.tok);
	buf_release(&err);
	return tap_done();
}
