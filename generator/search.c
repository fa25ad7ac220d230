/* search.c - build the search index in memory; searchwrite.c writes it.
 *
 * search_index_add only copies the entry; search_index_write first settles
 * the bodies on several threads (a measure whose text is a slice of its
 * document's body keeps the slice, not a copy; own bodies are hashed for
 * the memo keys), then tokenises all entries: each entry's fields are normalised and cut
 * into keys (searchtok.h): CJK bigrams, CJK end keys and words.  For every
 * key the index keeps its postings as a string of varints (see
 * searchint.h), one or two per entry that contains the key, in entry
 * order:
 *
 *     (entry id - previous entry id) << 1 | 1          when tf = 1, not in title
 *     (entry id - previous entry id) << 1, (tf - 1) << 1 | in_title   otherwise
 *
 * where tf counts the key in all indexed fields and in_title says it occurs
 * in the title or the 发文字号.  Positions are not stored: the exact phrase
 * and the snippets are checked in the browser on the texts of the
 * candidates.
 *
 * Speed: the entries are cut into parts (runs of whole documents with their
 * measures) tokenised on several threads, each into its own table of terms
 * (CJK keys are 39-bit integers in an open-addressing table whose slots
 * hold key and term id).  A field's keys come as an array
 * (searchtok_keys); their terms are looked up, then counted, a few keys
 * ahead of the cache (prefetch), each key counting its entry's tf in
 * place; the terms an entry touched are flushed in one pass, the postings
 * going to the term's cache line of counts (struct count) and from there,
 * 35 bytes at a time, to the term's postings in the part.  Then the parts'
 * terms are merged, again on several threads, each thread taking the terms
 * of its merge group, part after part: a merged term only links the
 * parts' terms of its key (its segments) and counts their bytes; the
 * postings are written from the segments into the shard files
 * (search_term_postings), the first entry of each segment re-based on the
 * last of the one before, so every posting list is in entry order
 * whatever the threads did.  Measures that are slices of their document's
 * body reuse the document's keys (slice_keys).
 *
 * Rebuilds (with search_index_set_cache): the entries are also cut into
 * blocks where the texts say (make_blocks: about 390 KB of body text, 435
 * blocks for 10,000 documents; an edit moves one cut at most), each keyed
 * by everything tokenising it reads (block_key), and the merged index is
 * saved with the blocks' keys (searchcache.h).  The next build finds its
 * blocks there (match_blocks: same key, in the same order), and each run
 * of blocks found one after the other becomes a part read from the saved
 * index, not tokenised: for every saved term, the postings of the run's
 * entries, found with the skip points the saved index keeps every
 * SEARCH_SKIP bytes or so (skip points are recorded while tokenising,
 * when staged postings move past a multiple of SEARCH_SKIP, and carried
 * over when a part is saved again).  Postings are deltas, so a run's bytes
 * are the same wherever it moved but its first, which the merge re-bases
 * as it does for any part; so the merge, and everything after it, does not
 * know which parts were read.  Why not save every block's own terms and
 * merge them at each build: parts of 1 MB have 5.8 million terms between
 * them at 10,000 documents (merging and writing them costs more than
 * tokenising); a run of saved blocks is one segment per term, whatever
 * its length (choose_runs bounds the runs).  The blocks not found are
 * tokenised as before, in parts of PART_MIN or the threads' share.  The
 * saved index is written again after the build, unless it was read whole
 * (then it is this index) or all of it but a few blocks (keep_saved).
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "memo.h"
#include "parallel.h"
#include "searchcache.h"
#include "searchint.h"
#include "searchtok.h"
#include "utf8.h"
#include "xalloc.h"

#define NGROUPS 64	       /* merge groups */
#define PART_MIN (1u << 20)    /* bytes of text in a part, at least */
#define BLOCK_MIN (256u << 10) /* bytes of body text in a block, at least (see make_blocks) */
#define BLOCK_CUT 8	       /* then a block ends before one document in BLOCK_CUT, about */
#define RUN_BLOCKS 16	       /* BLOCK_MIN of a run of saved blocks worth reading */
#define MAX_RUNS 8	       /* runs of saved blocks read, at most */
#define STALE_SHARE 64	       /* the saved index is kept while at most one block in */
#define STALE_MAX 4	       /* STALE_SHARE, and STALE_MAX, is not found there */
#define SLOT_ID_BITS 22	       /* a slot: key << 22 | term index + 1 */
#define SLOT_ID_MASK (((uint64_t)1 << SLOT_ID_BITS) - 1)

uint32_t search_fnv1a(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* Write v as a varint at p; returns its length (at most 7). */
static inline size_t varint_to(char *p, uint32_t v)
{
	char tmp[8];
	size_t n = 0, k = 0;

	if (v < SEARCH_NFINAL) {
		p[0] = SEARCH_FINAL[v];
		return 1;
	}
	if (v < SEARCH_NFINAL * SEARCH_NCONT) {
		p[0] = SEARCH_CONT[v / SEARCH_NFINAL];
		p[1] = SEARCH_FINAL[v % SEARCH_NFINAL];
		return 2;
	}
	tmp[n++] = SEARCH_FINAL[v % SEARCH_NFINAL];
	for (v /= SEARCH_NFINAL; v; v /= SEARCH_NCONT)
		tmp[n++] = SEARCH_CONT[v % SEARCH_NCONT];
	while (n)
		p[k++] = tmp[--n];
	return k;
}

/* The length of v as a varint. */
static size_t varint_len(uint32_t v)
{
	size_t n = 1;

	for (v /= SEARCH_NFINAL; v; v /= SEARCH_NCONT)
		n++;
	return n;
}

void search_put_varint(struct buf *b, uint32_t v)
{
	char tmp[8];
	int n = 0;

	if (v < SEARCH_NFINAL && b->len + 1 < b->cap) {
		b->ptr[b->len++] = SEARCH_FINAL[v];
		b->ptr[b->len] = '\0';
		return;
	}
	tmp[n++] = SEARCH_FINAL[v % SEARCH_NFINAL];
	for (v /= SEARCH_NFINAL; v; v /= SEARCH_NCONT)
		tmp[n++] = SEARCH_CONT[v % SEARCH_NCONT];
	buf_grow(b, (size_t)n);
	while (n)
		b->ptr[b->len++] = tmp[--n];
	b->ptr[b->len] = '\0';
}

struct search_index *search_index_new(void)
{
	struct search_index *ix = xcalloc(1, sizeof *ix);

	ix->jobs = 1;
	ix->last_doc = -1;
	return ix;
}

void search_index_set_jobs(struct search_index *ix, int jobs)
{
	ix->jobs = jobs < 1 ? 1 : jobs;
}

void search_index_set_memo(struct search_index *ix, const unsigned char *base)
{
	ix->memo = base;
}

void search_index_set_cache(struct search_index *ix, const char *file, const char *out)
{
	ix->cache_file = file;
	ix->cache_out = out;
}

/* ---- a table of terms (one per part, one per merge group) ---- */

struct term_table {
	struct search_term *v;
	size_t n, cap;
	uint64_t *slots; /* key << SLOT_ID_BITS | index + 1; 0 = empty */
	size_t scap;	 /* power of two */
};

static uint32_t hash64(uint64_t k)
{
	k *= 0x9E3779B97F4A7C15ull;
	return (uint32_t)(k >> 32);
}

static void table_init(struct term_table *tt, size_t scap)
{
	memset(tt, 0, sizeof *tt);
	tt->scap = scap;
	tt->slots = xcalloc(scap, sizeof *tt->slots);
}

static void table_grow(struct term_table *tt)
{
	size_t i, cap = tt->scap * 2;
	uint64_t *slots = xcalloc(cap, sizeof *slots);

	for (i = 0; i < tt->scap; i++) {
		size_t j;

		if (!tt->slots[i])
			continue;
		j = hash64(tt->slots[i] >> SLOT_ID_BITS) & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = tt->slots[i];
	}
	free(tt->slots);
	tt->slots = slots;
	tt->scap = cap;
}

/* The index of the term with key (and, for a word, the string w[0..wlen)),
 * added if new; *added says whether it was. */
static uint32_t table_find(struct term_table *tt, uint64_t key, const char *w, size_t wlen,
			   int *added)
{
	size_t j = hash64(key) & (tt->scap - 1);
	struct search_term *t;

	for (; tt->slots[j]; j = (j + 1) & (tt->scap - 1)) {
		uint32_t id = (uint32_t)(tt->slots[j] & SLOT_ID_MASK) - 1;

		if (tt->slots[j] >> SLOT_ID_BITS != key)
			continue;
		t = &tt->v[id];
		if (!w || (t->wlen == wlen && !memcmp(t->word, w, wlen)))
			return *added = 0, id;
	}
	if (tt->n >= SLOT_ID_MASK - 1)
		abort(); /* 4M distinct keys: far beyond any site */
	if (tt->n == tt->cap) {
		tt->cap = tt->cap ? tt->cap * 2 : 256;
		tt->v = xreallocarray(tt->v, tt->cap, sizeof *tt->v);
	}
	t = &tt->v[tt->n];
	memset(t, 0, sizeof *t);
	t->key = key;
	t->word = w ? xstrndup(w, wlen) : NULL;
	t->wlen = wlen;
	t->seg_part = t->tail_part = NO_SEG;
	tt->slots[j] = key << SLOT_ID_BITS | (tt->n + 1);
	*added = 1;
	if (++tt->n * 2 > tt->scap)
		table_grow(tt);
	return (uint32_t)tt->n - 1;
}

static void term_release(struct search_term *t)
{
	free(t->word);
}

/* ---- one part: tokenising its entries ---- */

struct hot {	      /* per term of a part, the fields used per key */
	uint32_t cur; /* entry being added + 1, 0 = none */
	uint32_t tf;  /* its tf << 1 | in the title or 发文字号 */
};

#define STAGE 35 /* bytes of postings staged in a struct count */

/* Per term of a part, the fields used per entry: one cache line, with the
 * term's latest postings, moved to post when STAGE is full (so most
 * postings are written where the counts are). */
struct count {
	uint32_t last;	   /* the last entry flushed */
	uint32_t df;	   /* entries flushed */
	uint32_t tfsum;	   /* their occurrences */
	uint32_t plen;	   /* bytes of their postings in post */
	uint32_t pcap;	   /* bytes allocated for post */
	uint8_t nstage;	   /* bytes in stage */
	char stage[STAGE]; /* the postings after those in post */
	char *post;	   /* the postings of every entry but the first */
};

/* A term of a saved part: its saved term t, where its postings lie in
 * t's (bytes lo to hi: its ppost) after df postings of tfsum occurrences
 * (its first one not counted), and its first skip point there (index
 * skip): its skip points are t's below hi, read when the index is
 * saved again, not copied. */
struct saved_seg {
	const struct scache_term *t;
	uint32_t lo, hi, df, tfsum, skip;
};

struct part {
	size_t from, to; /* entries */
	struct term_table tt;
	struct hot *hot;      /* per term, tt.cap of them */
	struct count *counts; /* the same */
	size_t ncounts;
	uint32_t *touched; /* terms of the entry being added */
	size_t ntouched, touchcap;
	struct searchtok_cps cps, dcps; /* a field; the recorded document body */
	struct searchtok_cps dat;	/* per character of that body: its first in dcps */
	struct searchtok_keys keys;	/* keys of a field */
	struct searchtok_keys dkeys;	/* keys of the recorded document body */
	long rec_doc;			/* the document recorded, or -1 */
	uint32_t *rec_term;		/* its keys' terms */
	uint32_t *tids;			/* the terms of keys */
	size_t tidcap;
	size_t reccap;
	size_t at_byte, at_char; /* a byte offset in its body and its character */
	uint32_t id;		 /* the entry being added */
	int flag;		 /* 1 in title and 发文字号 */
	size_t length;		 /* its CJK characters and words: the entry's length for BM25 */
	size_t text_bytes;
	uint32_t *order;	    /* term indexes by merge group */
	size_t gstart[NGROUPS + 1]; /* group g is order[gstart[g] .. gstart[g+1]) */
	/* skip points of the terms (search_term.skip_at): recorded while
	 * tokenising when skips_on (skip_tid: whose), or from the saved index */
	int skips_on;
	struct search_skip *skips;
	uint32_t *skip_tid;
	size_t nskips, skipcap;
	/* saved: a run of blocks whose terms come from the saved index, not
	 * tokenised (their words are the saved file's); saved_from: its first
	 * entry there */
	int saved;
	size_t saved_from;
	size_t block0, nblocks; /* a saved part: the blocks it holds */
	struct saved_seg *sseg; /* a saved part: per term, where it is saved */
};

/* Make room for the counts of term tid: they are aligned on cache lines
 * (when aligned_alloc can). */
static void grow_counts(struct part *pt, uint32_t tid)
{
	size_t cap = pt->tt.cap > tid ? pt->tt.cap : (size_t)tid + 1;
	size_t bytes = (cap * sizeof *pt->counts + 63) / 64 * 64;
	struct count *counts = aligned_alloc(64, bytes);

	if (!counts)
		counts = xmalloc(bytes);
	if (pt->ncounts)
		memcpy(counts, pt->counts, pt->ncounts * sizeof *counts);
	free(pt->counts);
	pt->counts = counts;
	pt->hot = xreallocarray(pt->hot, cap, sizeof *pt->hot);
	memset(pt->hot + pt->ncounts, 0, (cap - pt->ncounts) * sizeof *pt->hot);
	memset(pt->counts + pt->ncounts, 0, (cap - pt->ncounts) * sizeof *pt->counts);
	pt->ncounts = cap;
}

/* Count one occurrence of term tid (< pt->ncounts) in the entry being
 * added. */
static inline void count_term(struct part *pt, uint32_t tid)
{
	struct hot *h = &pt->hot[tid];

	if (h->cur != pt->id + 1) {
		if (pt->ntouched == pt->touchcap) {
			pt->touchcap = pt->touchcap ? pt->touchcap * 2 : 1024;
			pt->touched = xreallocarray(pt->touched, pt->touchcap, sizeof *pt->touched);
		}
		pt->touched[pt->ntouched++] = tid;
		h->cur = pt->id + 1;
		h->tf = 0;
	}
	h->tf += 2;
	h->tf |= (uint32_t)pt->flag;
}

#define AHEAD 16 /* keys or terms looked up ahead (prefetched) */

/* Count the terms tids[0..n) in the entry being added, fetching the
 * counts of those AHEAD further on into the cache. */
static void count_terms(struct part *pt, const uint32_t *tids, size_t n)
{
	size_t i;

	if (pt->tt.n > pt->ncounts)
		grow_counts(pt, (uint32_t)pt->tt.n - 1);
	pt->length += n;
	for (i = 0; i < n; i++) {
		if (i + AHEAD < n)
			__builtin_prefetch(&pt->hot[tids[i + AHEAD]]);
		count_term(pt, tids[i]);
	}
}

/* The term of a word of n code points cp[0..n) (longer than 63 UTF-8
 * bytes: cut there). */
static uint32_t word_term(struct part *pt, const int32_t *cp, size_t n)
{
	char word[256];
	size_t i, len = 0;
	int added;

	for (i = 0; i < n && len + 4 <= sizeof word; i++) /* longer words are cut */
		len += (size_t)utf8proc_encode_char(cp[i], (utf8proc_uint8_t *)word + len);
	return table_find(&pt->tt, SEARCH_WORD_BIT | search_fnv1a(word, len), word, len, &added);
}

/* The term of CJK key k: table_find's loop for a key already there. */
static inline uint32_t cjk_term(struct term_table *tt, uint64_t key)
{
	size_t j = hash64(key) & (tt->scap - 1);
	uint64_t slot;
	int added;

	for (; (slot = tt->slots[j]) != 0; j = (j + 1) & (tt->scap - 1))
		if (slot >> SLOT_ID_BITS == key)
			return (uint32_t)(slot & SLOT_ID_MASK) - 1;
	return table_find(tt, key, NULL, 0, &added);
}

/* The term of key k of the text cp. */
static inline uint32_t key_term(struct part *pt, const struct searchtok_key *k, const int32_t *cp)
{
	int32_t num[2 * SEARCHTOK_NUM_MAX + 1];
	const int32_t *word;
	size_t len;

	if (!(k->key & SEARCHTOK_WORD_KEY))
		return cjk_term(&pt->tt, k->key);
	len = searchtok_word(k, cp, num, &word);
	return word_term(pt, word, len);
}

/* The terms of keys[0..n) of the text cp into tids, fetching the slots
 * of the keys AHEAD further on into the cache. */
static void terms_of_keys(struct part *pt, const struct searchtok_key *keys, size_t n,
			  const int32_t *cp, uint32_t *tids)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i + AHEAD < n)
			__builtin_prefetch(
			    &pt->tt.slots[hash64(keys[i + AHEAD].key) & (pt->tt.scap - 1)]);
		tids[i] = key_term(pt, &keys[i], cp);
	}
}

/* Room for n terms in *v (of *cap). */
static void tids_reserve(uint32_t **v, size_t *cap, size_t n)
{
	if (n <= *cap)
		return;
	*cap = n > 2 * *cap ? n : 2 * *cap;
	*v = xreallocarray(*v, *cap, sizeof **v);
}

/* Count the keys of the normalised cp[0..n) in the entry being added. */
static void count_keys(struct part *pt, const int32_t *cp, size_t n)
{
	pt->keys.n = 0;
	searchtok_keys(cp, n, &pt->keys);
	tids_reserve(&pt->tids, &pt->tidcap, pt->keys.n);
	terms_of_keys(pt, pt->keys.v, pt->keys.n, cp, pt->tids);
	count_terms(pt, pt->tids, pt->keys.n);
}

static void add_field(struct part *pt, struct searchtok *tok, const char *s, size_t len, int flag)
{
	if (!len)
		return;
	pt->cps.n = 0;
	if (searchtok_normalize_cps(tok, &pt->cps, s, len) == 0) {
		pt->flag = flag;
		count_keys(pt, pt->cps.v, pt->cps.n);
	}
	pt->text_bytes += len;
}

/* Count the keys of the document body in pt->dcps, keeping them in
 * pt->dkeys with their terms in pt->rec_term. */
static void record_keys(struct part *pt)
{
	pt->dkeys.n = 0;
	searchtok_keys(pt->dcps.v, pt->dcps.n, &pt->dkeys);
	tids_reserve(&pt->rec_term, &pt->reccap, pt->dkeys.n);
	terms_of_keys(pt, pt->dkeys.v, pt->dkeys.n, pt->dcps.v, pt->rec_term);
	count_terms(pt, pt->rec_term, pt->dkeys.n);
}

/* The body of document entry id, whose measures are slices of it:
 * normalised once into pt->dcps (pt->dat says where each character's code
 * points begin) and its keys recorded, so that the measures' keys come
 * from there (add_slice).  Only when each character was normalised alone:
 * then a slice's code points are those of its characters. */
static void add_doc_body(struct part *pt, struct searchtok *tok, const struct search_doc *d,
			 size_t id)
{
	int r;

	pt->dcps.n = pt->dat.n = 0;
	pt->rec_doc = -1;
	r = searchtok_normalize_at(tok, &pt->dcps, &pt->dat, d->body, d->body_len);
	pt->flag = 0;
	if (r == 1) {
		record_keys(pt);
		pt->rec_doc = (long)id;
		pt->at_byte = pt->at_char = 0;
	} else if (r == 0) {
		count_keys(pt, pt->dcps.v, pt->dcps.n);
	}
	pt->text_bytes += d->body_len;
}

/* Count the recorded number key "B号A" k (rec_term[j]) for a measure that
 * starts at cs: as recorded when A starts in the measure, with the part
 * of A in it when it starts before, not when it ends before. */
static void count_num2(struct part *pt, size_t j, size_t cs)
{
	const struct searchtok_key *k = &pt->dkeys.v[j];
	size_t alen = (size_t)(k->key >> 20 & 0xFFFFF), blen = (size_t)(k->key & 0xFFFFF);
	size_t gap = (size_t)(k->key >> 40 & 0x3FFFFF);
	int32_t num[2 * SEARCHTOK_NUM_MAX + 1];
	uint32_t tid;

	if (k->start >= cs) {
		count_terms(pt, pt->rec_term + j, 1);
		return;
	}
	if (k->start + alen <= cs)
		return;
	memcpy(num, pt->dcps.v + k->start + gap, blen * sizeof *num);
	num[blen] = 0x53F7;
	memcpy(num + blen + 1, pt->dcps.v + cs, (k->start + alen - cs) * sizeof *num);
	tid = word_term(pt, num, blen + 1 + (k->start + alen - cs));
	count_terms(pt, &tid, 1);
}

/* Is k a number key "B号A" (one with an A)? */
static int is_num2(const struct searchtok_key *k)
{
	return (k->key & SEARCHTOK_NUM_KEY) && (k->key >> 20 & 0xFFFFF);
}

/* Count the recorded keys [lo, hi) of a measure that starts at cs (the
 * keys "B号A" by count_num2). */
static void count_record(struct part *pt, size_t lo, size_t hi, size_t cs)
{
	size_t j, from = lo;

	for (j = lo; j < hi; j++)
		if (is_num2(&pt->dkeys.v[j]) && pt->dkeys.v[j].start < cs) {
			count_terms(pt, pt->rec_term + from, j - from);
			count_num2(pt, j, cs);
			from = j + 1;
		}
	count_terms(pt, pt->rec_term + from, hi - from);
}

/* Count the recorded keys "B号A" of the piece after the measure's last
 * separator b (up to ce) whose A is before b: the piece's own tokenising
 * cannot see them. */
static void count_spanning(struct part *pt, size_t from, size_t cs, size_t b, size_t ce)
{
	size_t j;

	for (j = from; j < pt->dkeys.n && pt->dkeys.v[j].last < ce; j++)
		if (is_num2(&pt->dkeys.v[j]) && pt->dkeys.v[j].start < b)
			count_num2(pt, j, cs);
}

/* The keys of a measure whose body is the characters [cs, ce) of its
 * document's: the pieces before its first and after its last separator
 * are tokenised, the keys between come from the document's record (keys
 * but number keys never span a separator, so they are the same; those
 * are counted when A is in the measure). */
static void slice_keys(struct part *pt, size_t cs, size_t ce)
{
	const int32_t *v = pt->dcps.v;
	size_t a = ce, b = ce, lo = 0, hi = pt->dkeys.n, k;

	for (k = cs; k < ce && a == ce; k++)
		if (searchtok_cuts(v[k]))
			a = k;
	for (k = ce; k > a + 1 && b == ce; k--)
		if (searchtok_cuts(v[k - 1]))
			b = k - 1;
	if (a == ce) {
		count_keys(pt, v + cs, ce - cs);
		return;
	}
	if (b == ce)
		b = a;
	count_keys(pt, v + cs, a - cs);
	while (lo < hi) { /* the first key whose last character is after a */
		size_t mid = lo + (hi - lo) / 2;

		if (pt->dkeys.v[mid].last <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < pt->dkeys.n && pt->dkeys.v[k].last < b; k++)
		;
	count_record(pt, lo, k, cs);
	count_keys(pt, v + b + 1, ce - b - 1);
	count_spanning(pt, k, cs, b, ce);
}

/* The body of a measure that is a slice of the document recorded. */
static void add_slice(struct part *pt, const struct search_index *ix, const struct search_doc *d)
{
	const char *body = ix->docs[d->parent].body;
	size_t cs, ce;

	if (d->body_off < pt->at_byte)
		pt->at_byte = pt->at_char = 0;
	pt->at_char += utf8_count(body + pt->at_byte, d->body_off - pt->at_byte);
	pt->at_byte = d->body_off;
	cs = pt->at_char;
	ce = cs + utf8_count(body + d->body_off, d->body_len);
	pt->flag = 0;
	slice_keys(pt, (size_t)pt->dat.v[cs], (size_t)pt->dat.v[ce]);
	pt->text_bytes += d->body_len;
}

/* Move the staged postings of c to c->post. */
static void unstage(struct count *c)
{
	if (!c->nstage)
		return;
	if (c->plen + c->nstage > c->pcap) {
		c->pcap = c->pcap ? 2 * c->pcap : 4 * STAGE;
		c->post = xrealloc(c->post, c->pcap);
	}
	memcpy(c->post + c->plen, c->stage, c->nstage);
	c->plen += c->nstage;
	c->nstage = 0;
}

/* Record a skip point of term tid (counts c) where its next posting
 * will be written. */
static void add_skip(struct part *pt, uint32_t tid, const struct count *c)
{
	if (pt->nskips == pt->skipcap) {
		pt->skipcap = pt->skipcap ? 2 * pt->skipcap : 1024;
		pt->skips = xreallocarray(pt->skips, pt->skipcap, sizeof *pt->skips);
		pt->skip_tid = xreallocarray(pt->skip_tid, pt->skipcap, sizeof *pt->skip_tid);
	}
	pt->skips[pt->nskips].off = c->plen;
	pt->skips[pt->nskips].id = c->last;
	pt->skips[pt->nskips].df = c->df;
	pt->skips[pt->nskips].tfsum = c->tfsum;
	pt->skip_tid[pt->nskips++] = tid;
}

/* Append the posting of entry pt->id with tf to c's (see the top of this
 * file; at most 14 bytes).  Staged bytes moved to c->post past a multiple
 * of SEARCH_SKIP make a skip point there (when skips_on). */
static void put_posting(struct part *pt, struct count *c, uint32_t tf)
{
	uint32_t d = (pt->id - c->last) << 1, before;
	char *p;

	if (c->nstage + 14 > STAGE) {
		before = c->plen;
		unstage(c);
		if (pt->skips_on && before / SEARCH_SKIP != c->plen / SEARCH_SKIP)
			add_skip(pt, (uint32_t)(c - pt->counts), c);
	}
	p = c->stage + c->nstage;
	if (tf == 2 && d + 1 < SEARCH_NFINAL) { /* tf 1, not in the title: most */
		*p = SEARCH_FINAL[d + 1];
		c->nstage++;
	} else if (tf == 2) {
		c->nstage += (uint8_t)varint_to(p, d | 1);
	} else {
		p += varint_to(p, d);
		p += varint_to(p, tf - 2);
		c->nstage = (uint8_t)(p - c->stage);
	}
}

/* Record the entry pt->id in each term it touched: the first entry of a
 * term is kept aside (merging re-bases its delta), later ones go to the
 * term's postings in the part. */
static void flush_terms(struct part *pt)
{
	size_t i;

	for (i = 0; i < pt->ntouched; i++) {
		uint32_t tid = pt->touched[i], tf = pt->hot[tid].tf;
		struct count *c = &pt->counts[tid];

		if (i + AHEAD < pt->ntouched)
			__builtin_prefetch(&pt->counts[pt->touched[i + AHEAD]], 1);
		if (!c->df) {
			pt->tt.v[tid].first = pt->id;
			pt->tt.v[tid].first_tf = tf;
		} else {
			put_posting(pt, c, tf);
		}
		c->last = pt->id;
		c->df++;
		c->tfsum += tf >> 1;
		pt->hot[tid].cur = 0;
	}
	pt->ntouched = 0;
}

/* Copy the counts of the part's terms into them. */
static void finish_counts(struct part *pt)
{
	size_t i;

	for (i = 0; i < pt->tt.n; i++) {
		struct search_term *t = &pt->tt.v[i];

		unstage(&pt->counts[i]);
		t->last = pt->counts[i].last;
		t->df = pt->counts[i].df;
		t->tfsum = pt->counts[i].tfsum;
		t->plen = pt->counts[i].plen;
		t->ppost = pt->counts[i].post;
	}
}

const char *search_doc_body(const struct search_index *ix, const struct search_doc *d)
{
	return d->body ? d->body : ix->docs[d->parent].body + d->body_off;
}

static void add_entry(struct part *pt, struct search_index *ix, size_t id)
{
	struct search_doc *d = &ix->docs[id];

	pt->id = (uint32_t)id;
	pt->length = 0;
	/* A document's title and 发文字号 are boosted; a measure's "title" is
	 * only its first sentence, which must not outrank document titles. */
	add_field(pt, ix->tok, d->title, strlen(d->title), !d->is_measure);
	add_field(pt, ix->tok, d->number, strlen(d->number), 1);
	add_field(pt, ix->tok, d->issuers, strlen(d->issuers), 0);
	add_field(pt, ix->tok, d->depts, strlen(d->depts), 0);
	add_field(pt, ix->tok, d->topics, strlen(d->topics), 0);
	if (d->body && id + 1 < ix->ndocs && ix->docs[id + 1].parent == (long)id)
		add_doc_body(pt, ix->tok, d, id);
	else if (!d->body && d->parent == pt->rec_doc)
		add_slice(pt, ix, d);
	else
		add_field(pt, ix->tok, search_doc_body(ix, d), d->body_len, 0);
	d->length = pt->length;
	flush_terms(pt);
}

/* The merge group of a term: any function of the key will do, but not
 * the low bits of the hash, which place it in the group's table. */
static uint32_t term_group(const struct search_term *t)
{
	return hash64(t->key) >> 26 & (NGROUPS - 1);
}

/* Sort the part's terms by merge group (a counting sort). */
static void part_order(struct part *pt)
{
	size_t i, pos[NGROUPS];
	uint32_t *g = xcalloc(pt->tt.n + 1, sizeof *g);

	memset(pt->gstart, 0, sizeof pt->gstart);
	for (i = 0; i < pt->tt.n; i++) {
		g[i] = term_group(&pt->tt.v[i]);
		pt->gstart[g[i] + 1]++;
	}
	for (i = 0; i < NGROUPS; i++) {
		pt->gstart[i + 1] += pt->gstart[i];
		pos[i] = pt->gstart[i];
	}
	pt->order = xcalloc(pt->tt.n + 1, sizeof *pt->order);
	for (i = 0; i < pt->tt.n; i++)
		pt->order[pos[g[i]]++] = (uint32_t)i;
	free(g);
}

static void part_free_postings(struct part *pt)
{
	size_t i;

	for (i = 0; i < pt->ncounts; i++)
		free(pt->counts[i].post);
	free(pt->counts);
}

/* Free what part pt holds (its words too, unless they are the saved
 * file's). */
static void part_release(struct part *pt)
{
	size_t i;

	if (!pt->saved)
		for (i = 0; i < pt->tt.n; i++)
			term_release(&pt->tt.v[i]);
	free(pt->tt.v);
	free(pt->tt.slots);
	part_free_postings(pt);
	free(pt->skips);
	free(pt->skip_tid);
	free(pt->order);
	free(pt->sseg);
}

struct build {
	struct search_index *ix;
	struct part *parts;
	size_t nparts;
	struct term_table *groups; /* NGROUPS merged tables */
};

/* Put the skip points recorded in pt in term order (a counting sort: a
 * term's stay in the order of their offsets) and give each term its
 * own. */
static void sort_skips(struct part *pt)
{
	struct search_skip *v = xcalloc(pt->nskips + 1, sizeof *v);
	uint32_t at = 0;
	size_t i;

	for (i = 0; i < pt->nskips; i++)
		pt->tt.v[pt->skip_tid[i]].nskip++;
	for (i = 0; i < pt->tt.n; i++) {
		pt->tt.v[i].skip_at = at;
		at += pt->tt.v[i].nskip;
		pt->tt.v[i].nskip = 0;
	}
	for (i = 0; i < pt->nskips; i++) {
		struct search_term *t = &pt->tt.v[pt->skip_tid[i]];

		v[t->skip_at + t->nskip++] = pt->skips[i];
	}
	free(pt->skips);
	free(pt->skip_tid);
	pt->skips = v;
	pt->skip_tid = NULL;
	pt->skipcap = pt->nskips;
}

static void tokenise_part(struct build *b, struct part *pt)
{
	size_t id;

	table_init(&pt->tt, 1 << 14);
	pt->rec_doc = -1;
	for (id = pt->from; id < pt->to; id++)
		add_entry(pt, b->ix, id);
	finish_counts(pt);
	if (pt->skips_on)
		sort_skips(pt);
	part_order(pt);
	free(pt->hot);
	free(pt->touched);
	free(pt->cps.v);
	free(pt->dcps.v);
	free(pt->dat.v);
	free(pt->keys.v);
	free(pt->dkeys.v);
	free(pt->rec_term);
	free(pt->tids);
	pt->hot = NULL;
	pt->touched = NULL;
}

/* ---- parts from the saved index (searchcache.h) ---- */

/* Where saved term t's postings of the saved entries [a, e) lie, looked
 * for from *pos on: they begin at *from and end where *pos is moved to;
 * *skip is the number of t's skip points before a.  0, or -1 when a
 * posting does not decode. */
static int find_run(const struct scache *c, const struct scache_term *t, uint32_t a, uint32_t e,
		    struct scache_pos *pos, struct scache_pos *from, uint32_t *skip)
{
	*skip = 0;
	if (t->first < a && scache_seek(c, t, a, pos, skip) < 0)
		return -1;
	*from = *pos;
	if (t->last < e) {
		*pos = (struct scache_pos){t->plen, t->last, t->df, t->tfsum};
		return 0;
	}
	return scache_seek(c, t, e, pos, NULL);
}

/* Make s (with g) the segment of saved term t between from and to (not
 * empty), in saved part pt: its ids moved to pt's.  0, or -1 when its
 * first posting does not decode. */
static int saved_term(struct search_term *s, struct saved_seg *g, const struct part *pt,
		      const struct scache *c, const struct scache_term *t,
		      const struct scache_pos *from, const struct scache_pos *to, uint32_t skip)
{
	uint32_t shift = (uint32_t)pt->from - (uint32_t)pt->saved_from, id, tf;
	struct scache_pos at = *from;
	struct search_skip sk;

	if (scache_next(c, t, &at, &id, &tf) != 1 || at.off > to->off)
		return -1;
	memset(s, 0, sizeof *s);
	s->key = t->key;
	s->word = (char *)t->word; /* borrowed: see part_release */
	s->wlen = t->wlen;
	s->first = id + shift;
	s->first_tf = tf;
	s->last = to->id + shift;
	s->df = to->df - from->df;
	s->tfsum = to->tfsum - from->tfsum;
	s->ppost = t->post + at.off;
	s->plen = to->off - at.off;
	s->seg_part = s->tail_part = NO_SEG;
	while (skip < t->nskips && (scache_skip(t, skip, &sk), sk.off <= at.off))
		skip++; /* those before from are before at, and one more at most */
	*g = (struct saved_seg){t, at.off, to->off, from->df, from->tfsum, skip};
	return 0;
}

/* The saved parts (runs of blocks found in the saved index) are read in
 * one pass over the saved terms, cut into LOAD_CHUNKS tasks: each term's
 * runs in order, so that finding where one begins goes on from where the
 * one before ended (a run next to the edited block begins a few postings
 * after the run before it ends).  The terms of chunk c in run r go to
 * slots at[c * nruns + r] on, which the counts of a first pass reserved;
 * n[...] says how many it filled. */
#define LOAD_CHUNKS 32

struct load {
	struct build *b;
	struct part **runs;
	size_t nruns;
	size_t *at, *n;
	int bad[LOAD_CHUNKS]; /* a posting of the chunk did not decode */
};

/* The first of l's runs that ends after saved entry id. */
static size_t run_after(const struct load *l, uint32_t id)
{
	size_t lo = 0, hi = l->nruns, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->runs[mid]->saved_from + (l->runs[mid]->to - l->runs[mid]->from) <= id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Load the saved terms of chunk k into the runs. */
static void load_chunk(struct load *l, size_t k)
{
	const struct scache *c = l->b->ix->saved;
	size_t i, r, *at = l->at + k * l->nruns, *n = l->n + k * l->nruns;
	struct scache_pos pos, from;
	uint32_t a, e, skip;

	for (i = c->nterms * k / LOAD_CHUNKS; i < c->nterms * (k + 1) / LOAD_CHUNKS; i++) {
		const struct scache_term *t = &c->terms[i];

		pos = (struct scache_pos){0, 0, 0, 0};
		for (r = run_after(l, t->first); r < l->nruns; r++) {
			struct part *pt = l->runs[r];

			a = (uint32_t)pt->saved_from;
			e = (uint32_t)(pt->saved_from + pt->to - pt->from);
			if (a > t->last)
				break;
			if (find_run(c, t, a, e, &pos, &from, &skip) < 0 ||
			    (pos.off > from.off &&
			     saved_term(&pt->tt.v[at[r] + n[r]], &pt->sseg[at[r] + n[r]], pt, c, t,
					&from, &pos, skip) < 0)) {
				l->bad[k] = 1;
				return;
			}
			n[r] += pos.off > from.off;
		}
	}
}

/* Reserve the slots of every chunk in every run: the saved terms whose
 * first and last entries span some of the run (the first pass). */
static void load_plan(struct load *l)
{
	const struct scache *c = l->b->ix->saved;
	size_t i, k, r, *count = l->n, total;
	uint32_t a;

	for (k = 0; k < LOAD_CHUNKS; k++)
		for (i = c->nterms * k / LOAD_CHUNKS; i < c->nterms * (k + 1) / LOAD_CHUNKS; i++)
			for (r = run_after(l, c->terms[i].first); r < l->nruns; r++) {
				a = (uint32_t)l->runs[r]->saved_from;
				if (a > c->terms[i].last)
					break;
				count[k * l->nruns + r]++;
			}
	for (r = 0; r < l->nruns; r++) {
		for (k = 0, total = 0; k < LOAD_CHUNKS; k++) {
			l->at[k * l->nruns + r] = total;
			total += count[k * l->nruns + r];
			count[k * l->nruns + r] = 0;
		}
		l->runs[r]->tt.v = xcalloc(total + 1, sizeof *l->runs[r]->tt.v);
		l->runs[r]->tt.cap = total + 1;
		l->runs[r]->sseg = xcalloc(total + 1, sizeof *l->runs[r]->sseg);
	}
}

/* Finish run r after the chunks: close the gaps the chunks left between
 * their terms, and give its entries their saved lengths. */
static void load_finish(struct load *l, size_t r)
{
	struct part *pt = l->runs[r];
	const struct scache *c = l->b->ix->saved;
	struct search_doc *docs = l->b->ix->docs;
	size_t k, i, n = 0, from, cnt;

	for (k = 0; k < LOAD_CHUNKS; k++) {
		from = l->at[k * l->nruns + r];
		cnt = l->n[k * l->nruns + r];
		memmove(pt->tt.v + n, pt->tt.v + from, cnt * sizeof *pt->tt.v);
		memmove(pt->sseg + n, pt->sseg + from, cnt * sizeof *pt->sseg);
		n += cnt;
	}
	pt->tt.n = n;
	for (i = pt->from; i < pt->to; i++)
		docs[i].length = scache_length(c, pt->saved_from + (i - pt->from));
	for (i = pt->block0; i < pt->block0 + pt->nblocks; i++)
		pt->text_bytes += l->b->ix->blocks[i].text_bytes;
	part_order(pt);
}

/* Task i of fill_parts: tokenise the i-th part not saved (the larger
 * tasks first), or load chunk i - ntok of the saved terms. */
struct fill {
	struct load *l;
	struct part **tok;
	size_t ntok;
};

static void fill_one(size_t i, void *ctx)
{
	struct fill *f = ctx;

	if (i < f->ntok)
		tokenise_part(f->l->b, f->tok[i]);
	else if (f->l->nruns)
		load_chunk(f->l, i - f->ntok);
}

static void finish_one(size_t r, void *ctx)
{
	load_finish(ctx, r);
}

/* Tokenise saved part i instead (when loading failed). */
static void retokenise_one(size_t r, void *ctx)
{
	struct load *l = ctx;
	struct part *pt = l->runs[r];

	free(pt->tt.v);
	free(pt->sseg);
	memset(&pt->tt, 0, sizeof pt->tt);
	pt->sseg = NULL;
	pt->saved = 0;
	tokenise_part(l->b, pt);
}

/* Fill every part: the saved ones from the saved index, the others
 * tokenised, on the threads; and if a saved posting does not decode, the
 * saved ones tokenised too. */
static void fill_parts(struct build *b)
{
	struct load l = {b, NULL, 0, NULL, NULL, {0}};
	struct fill f = {&l, NULL, 0};
	size_t i, bad = 0;

	l.runs = xcalloc(b->nparts + 1, sizeof *l.runs);
	f.tok = xcalloc(b->nparts + 1, sizeof *f.tok);
	for (i = 0; i < b->nparts; i++)
		if (b->parts[i].saved)
			l.runs[l.nruns++] = &b->parts[i];
		else
			f.tok[f.ntok++] = &b->parts[i];
	l.at = xcalloc(LOAD_CHUNKS * l.nruns + 1, sizeof *l.at);
	l.n = xcalloc(LOAD_CHUNKS * l.nruns + 1, sizeof *l.n);
	if (l.nruns)
		load_plan(&l);
	parallel_for(f.ntok + LOAD_CHUNKS, b->ix->jobs, fill_one, &f);
	for (i = 0; i < LOAD_CHUNKS; i++)
		bad |= (size_t)l.bad[i];
	parallel_for(l.nruns, b->ix->jobs, bad ? retokenise_one : finish_one, &l);
	b->ix->saved_bad = bad != 0;
	free(l.runs);
	free(l.at);
	free(l.n);
	free(f.tok);
}

/* ---- merging ---- */

/* The bytes of the first entry of segment s re-based on last. */
static size_t first_len(const struct search_term *s, uint32_t last)
{
	uint32_t delta = s->first - last;

	if (s->first_tf == 2)
		return varint_len(delta << 1 | 1);
	return varint_len(delta << 1) + varint_len(s->first_tf - 2);
}

/* Append term s (term k of part p) to merged term t as its last segment. */
static void merge_term(struct build *b, struct search_term *t, struct search_term *s, uint32_t p,
		       uint32_t k)
{
	if (t->seg_part == NO_SEG) {
		t->seg_part = p;
		t->seg_term = k;
		t->first = s->first;
		t->first_tf = s->first_tf;
	} else {
		b->parts[t->tail_part].tt.v[t->tail_term].seg_part = p;
		b->parts[t->tail_part].tt.v[t->tail_term].seg_term = k;
	}
	t->tail_part = p;
	t->tail_term = k;
	t->plen += first_len(s, t->last) + s->plen;
	t->last = s->last;
	t->df += s->df;
	t->tfsum += s->tfsum;
}

/* Merge group g of every part, in part order. */
static void merge_group(size_t g, void *ctx)
{
	struct build *b = ctx;
	struct term_table *tt = &b->groups[g];
	size_t p, k;
	int added;

	table_init(tt, 1 << 10);
	for (p = 0; p < b->nparts; p++) {
		struct part *pt = &b->parts[p];

		for (k = pt->gstart[g]; k < pt->gstart[g + 1]; k++) {
			struct search_term *s = &pt->tt.v[pt->order[k]];
			uint32_t m = table_find(tt, s->key, s->word, s->wlen, &added);

			merge_term(b, &tt->v[m], s, (uint32_t)p, pt->order[k]);
		}
	}
}

/* Append skip point sk to skips when it lies SEARCH_SKIP / 2 bytes or
 * more after the one kept before (at *kept). */
static void keep_skip(struct buf *skips, const struct search_skip *sk, uint32_t *kept)
{
	if (sk->off < *kept + SEARCH_SKIP / 2)
		return;
	buf_put(skips, sk, sizeof *sk);
	*kept = sk->off;
}

/* The skip points of term k (s) of saved part pt in the merged postings,
 * where s's ppost begins at byte at, after df postings of tfsum
 * occurrences: those of its saved term between its bytes, moved. */
static void saved_skips(struct buf *skips, const struct part *pt, uint32_t k, uint32_t at,
			uint32_t df, uint32_t tfsum, uint32_t *kept)
{
	const struct saved_seg *g = &pt->sseg[k];
	uint32_t i, shift = (uint32_t)pt->from - (uint32_t)pt->saved_from;
	struct search_skip sk;

	for (i = g->skip; i < g->t->nskips; i++) {
		scache_skip(g->t, i, &sk);
		if (sk.off >= g->hi)
			break;
		sk.off = sk.off - g->lo + at;
		sk.id += shift;
		sk.df = sk.df - g->df + df;
		sk.tfsum = sk.tfsum - g->tfsum + tfsum;
		keep_skip(skips, &sk, kept);
	}
}

/* The skip points of segment s (term k of part pt) in the merged
 * postings, where s's ppost begins at byte at, after df postings of
 * tfsum occurrences. */
static void segment_skips(struct buf *skips, const struct part *pt, const struct search_term *s,
			  uint32_t k, uint32_t at, uint32_t df, uint32_t tfsum, uint32_t *kept)
{
	struct search_skip sk;
	uint32_t i;

	if (pt->saved) {
		saved_skips(skips, pt, k, at, df, tfsum, kept);
		return;
	}
	for (i = 0; i < s->nskip; i++) {
		sk = pt->skips[s->skip_at + i];
		sk.off += at;
		sk.df += df;
		sk.tfsum += tfsum;
		keep_skip(skips, &sk, kept);
	}
}

void search_term_postings(const struct search_index *ix, const struct search_term *t,
			  struct buf *out, struct buf *skips)
{
	uint32_t p = t->seg_part, k = t->seg_term, last = 0, df = 0, tfsum = 0, kept = 0;
	struct search_skip sk;
	char *o, *start;

	buf_grow(out, t->plen);
	start = o = out->ptr + out->len;
	while (p != NO_SEG) {
		const struct search_term *s = &ix->parts[p].tt.v[k];
		uint32_t delta = s->first - last;

		if (skips && df) { /* where the segment begins */
			sk = (struct search_skip){(uint32_t)(o - start), last, df, tfsum};
			keep_skip(skips, &sk, &kept);
		}
		if (s->first_tf == 2) {
			o += varint_to(o, delta << 1 | 1);
		} else {
			o += varint_to(o, delta << 1);
			o += varint_to(o, s->first_tf - 2);
		}
		if (skips)
			segment_skips(skips, &ix->parts[p], s, k, (uint32_t)(o - start), df, tfsum,
				      &kept);
		if (s->plen) /* else ppost may be NULL */
			memcpy(o, s->ppost, s->plen);
		o += s->plen;
		last = s->last;
		df += s->df;
		tfsum += s->tfsum;
		p = s->seg_part;
		k = s->seg_term;
	}
	*o = '\0';
	out->len = (size_t)(o - out->ptr);
}

/* ---- parts and blocks ---- */

/* Is entry i a document (which a part or a block may begin with)? */
static int is_doc(const struct search_index *ix, size_t i)
{
	return ix->docs[i].parent < 0 && !ix->docs[i].is_measure;
}

/* Append to b's parts the entries [from, to) cut into parts of whole
 * documents (a document and the measures after it) of want bytes or
 * more. */
static void cut_parts(struct build *b, size_t from, size_t to, size_t want)
{
	struct search_index *ix = b->ix;
	size_t i, bytes = 0;

	for (i = from; i < to; i++) {
		if (i == from || (bytes >= want && is_doc(ix, i))) {
			if (i > from)
				b->parts[b->nparts - 1].to = i;
			b->parts[b->nparts].from = i;
			b->parts[b->nparts++].skips_on = ix->blocks != NULL;
			bytes = 0;
		}
		bytes += ix->docs[i].body_len;
	}
	if (to > from)
		b->parts[b->nparts - 1].to = to;
}

/* The bytes of body text of entries [from, to). */
static size_t body_bytes(const struct search_index *ix, size_t from, size_t to)
{
	size_t i, n = 0;

	for (i = from; i < to; i++)
		n += ix->docs[i].body_len;
	return n;
}

/* The blocks after block i that go with it into one part: while it is
 * saved, the next ones saved one after the other; while not, those not
 * saved.  Returns the end of the run. */
static size_t run_end(const struct search_index *ix, size_t i)
{
	size_t j = i + 1;

	while (j < ix->nblocks &&
	       (ix->blocks[i].saved < 0 ? ix->blocks[j].saved < 0
					: ix->blocks[j].saved == ix->blocks[j - 1].saved + 1))
		j++;
	return j;
}

struct run {
	size_t from, to, bytes; /* blocks; bytes of body text */
};

static int cmp_runs(const void *a, const void *b)
{
	const struct run *x = a, *y = b;

	return x->bytes != y->bytes ? (x->bytes < y->bytes ? 1 : -1)
				    : (x->from > y->from) - (x->from < y->from);
}

/* Keep as saved only the runs of saved blocks worth reading, the others
 * to be tokenised: reading a run costs a seek or two per term and makes
 * one more segment per term, for the merge, the shards and the next saved
 * index (at 10,000 documents a run of 4 MB of text reads in about the
 * time it tokenises in, with 50,000 terms; a run of one block is mostly
 * lost).  So a run of less than RUN_BLOCKS * BLOCK_MIN bytes (4 MB) is
 * tokenised, and of the others only the MAX_RUNS longest are read: that
 * bounds the segments and their memory (130 bytes each: 8 runs, 65 MB)
 * when many scattered documents changed. */
static void choose_runs(struct search_index *ix)
{
	struct run *v = xcalloc(ix->nblocks + 1, sizeof *v);
	size_t i, j, k, n = 0, min = RUN_BLOCKS * (ix->block_min ? ix->block_min : BLOCK_MIN);

	for (i = 0; i < ix->nblocks; i = j) {
		j = run_end(ix, i);
		if (ix->blocks[i].saved >= 0)
			v[n++] = (struct run){
			    i, j, body_bytes(ix, ix->blocks[i].from, ix->blocks[j - 1].to)};
	}
	qsort(v, n, sizeof *v, cmp_runs);
	for (k = 0; k < n; k++)
		if (k >= MAX_RUNS || v[k].bytes < min)
			for (i = v[k].from; i < v[k].to; i++) {
				ix->blocks[i].saved = -1;
				ix->blocks_saved--;
			}
	free(v);
}

/* Cut the entries into parts: a run of blocks found one after the other
 * in the saved index (chosen by choose_runs) is one part, read from it;
 * the other entries are tokenised in parts of about PART_MIN bytes of
 * text or the threads' share. */
static void make_parts(struct build *b)
{
	struct search_index *ix = b->ix;
	size_t i, j, bytes = 0, want;
	struct part *pt;

	if (ix->blocks_saved)
		choose_runs(ix);
	b->parts = xcalloc(ix->ndocs + 1, sizeof *b->parts);
	b->nparts = 0;
	for (i = 0; i < ix->nblocks; i++)
		if (ix->blocks[i].saved < 0)
			bytes += body_bytes(ix, ix->blocks[i].from, ix->blocks[i].to);
	if (!ix->blocks)
		bytes = body_bytes(ix, 0, ix->ndocs);
	want = bytes / (size_t)ix->jobs < PART_MIN ? PART_MIN : bytes / (size_t)ix->jobs;
	if (!ix->blocks_saved) {
		cut_parts(b, 0, ix->ndocs, want);
		return;
	}
	for (i = 0; i < ix->nblocks; i = j) {
		j = run_end(ix, i);
		if (ix->blocks[i].saved < 0) {
			cut_parts(b, ix->blocks[i].from, ix->blocks[j - 1].to, want);
			continue;
		}
		pt = &b->parts[b->nparts++];
		pt->from = ix->blocks[i].from;
		pt->to = ix->blocks[j - 1].to;
		pt->saved = 1;
		pt->saved_from = ix->saved->blocks[ix->blocks[i].saved].from;
		pt->skips_on = 1; /* should it be tokenised after all */
		pt->block0 = i;
		pt->nblocks = j - i;
	}
}

/* Cut the entries into blocks for the saved index: runs of whole
 * documents that end before a document whose URL hashes to 0 modulo
 * BLOCK_CUT once they hold BLOCK_MIN bytes of body text, and before any
 * document once they hold 16 times that.  So an edit that makes a text longer
 * or shorter moves the cut after it at most, and the blocks further on are
 * the same (searchwrite.c cuts its text files alike). */
static void make_blocks(struct search_index *ix)
{
	size_t i, bytes = 0, min = ix->block_min ? ix->block_min : BLOCK_MIN;
	const char *url;

	ix->blocks = xcalloc(ix->ndocs + 1, sizeof *ix->blocks);
	ix->nblocks = 0;
	for (i = 0; i < ix->ndocs; i++) {
		url = ix->docs[i].url;
		if (i == 0 ||
		    (is_doc(ix, i) &&
		     (bytes >= 16 * min ||
		      (bytes >= min && search_fnv1a(url, strlen(url)) % BLOCK_CUT == 0)))) {
			if (i)
				ix->blocks[ix->nblocks - 1].to = i;
			ix->blocks[ix->nblocks].from = i;
			ix->blocks[ix->nblocks].match = -1;
			ix->blocks[ix->nblocks++].saved = -1;
			bytes = 0;
		}
		bytes += ix->docs[i].body_len;
	}
	if (ix->nblocks)
		ix->blocks[ix->nblocks - 1].to = ix->ndocs;
}

#define HASH_SLICES 64 /* runs of entries hashed as parallel tasks */

/* Hash the own bodies of slice k of the entries. */
static void hash_slice(size_t k, void *ctx)
{
	struct search_index *ix = ctx;
	size_t i;

	for (i = ix->ndocs * k / HASH_SLICES; i < ix->ndocs * (k + 1) / HASH_SLICES; i++)
		if (ix->docs[i].body && !ix->docs[i].hashed)
			hash_bytes(ix->docs[i].hash, ix->docs[i].body, ix->docs[i].body_len);
}

void search_index_hash(struct search_index *ix)
{
	if (ix->hashed)
		return;
	parallel_for(HASH_SLICES, ix->jobs, hash_slice, ix);
	ix->hashed = 1;
}

/* Add string s to a key; returns its length. */
static size_t key_str(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	memo_bytes(b, s, n);
	return n;
}

/* The key of block k: the memo base key (the tool, OpenCC's tables, the
 * options...) and every field of its entries that tokenising reads (see
 * add_entry): title, 发文字号, issuers, departments, topics, the body (the
 * hash of an own body, the place of a slice of the document's), whether a
 * measure, and its document (relative); and the doc_title, which the
 * coding of the texts counts too (search_block_chars).  Needs the
 * hashes. */
static void block_key(struct search_index *ix, size_t k)
{
	struct search_block *bl = &ix->blocks[k];
	struct buf b;
	size_t i;

	memo_begin(&b, ix->memo, "search block");
	memo_num(&b, SEARCHCACHE_FORMAT);
	memo_num(&b, (long long)(bl->to - bl->from));
	bl->text_bytes = 0;
	for (i = bl->from; i < bl->to; i++) {
		const struct search_doc *d = &ix->docs[i];

		memo_num(&b, d->is_measure);
		memo_num(&b, d->parent < 0 ? -1 : d->parent - (long)bl->from);
		memo_bytes(&b, d->doc_title, strlen(d->doc_title)); /* stored, not indexed */
		bl->text_bytes += key_str(&b, d->title) + key_str(&b, d->number) +
				  key_str(&b, d->issuers) + key_str(&b, d->depts) +
				  key_str(&b, d->topics) + d->body_len;
		memo_num(&b, d->body != NULL);
		if (d->body) {
			memo_bytes(&b, d->hash, HASH_SIZE);
		} else {
			memo_num(&b, (long long)d->body_off);
			memo_num(&b, (long long)d->body_len);
		}
	}
	memo_end(bl->key, &b);
}

/* Task i of prepare_blocks: parse the saved index (0), hash piece i - 1
 * of it, or key block i - 1 - its pieces (hashing the block's own
 * bodies first). */
static void prepare_one(size_t i, void *ctx)
{
	struct search_index *ix = ctx;
	size_t k, pieces = ix->saved ? ix->saved->npieces : 0;
	struct search_block *bl;

	if (i == 0 && ix->saved) {
		scache_parse(ix->saved);
	} else if (i >= 1 && i <= pieces) {
		scache_hash_piece(ix->saved, i - 1);
	} else if (i > pieces) {
		bl = &ix->blocks[i - 1 - pieces];
		for (k = bl->from; k < bl->to; k++)
			if (ix->docs[k].body && !ix->docs[k].hashed)
				hash_bytes(ix->docs[k].hash, ix->docs[k].body,
					   ix->docs[k].body_len);
		block_key(ix, i - 1 - pieces);
	}
}

/* Find each block in the saved index: the first block after the one found
 * before it with the same key (so that the saved runs keep their order);
 * a block found has its characters counted there. */
static void match_blocks(struct search_index *ix)
{
	const struct scache *c = ix->saved;
	size_t i, j, next = 0;

	for (i = 0; i < ix->nblocks; i++) {
		for (j = next;
		     j < c->nblocks && memcmp(c->blocks[j].key, ix->blocks[i].key, HASH_SIZE); j++)
			;
		if (j < c->nblocks &&
		    c->blocks[j].to - c->blocks[j].from == ix->blocks[i].to - ix->blocks[i].from) {
			ix->blocks[i].saved = ix->blocks[i].match = (long)j;
			ix->blocks[i].chars = c->blocks[j].chars;
			ix->blocks[i].nchars = c->blocks[j].nchars;
			ix->blocks_saved++;
			next = j + 1;
		}
	}
}

/* Cut the blocks, key them and read the saved index (on the threads),
 * find the blocks in it, and count the characters of those not found. */
static void prepare_blocks(struct search_index *ix)
{
	make_blocks(ix);
	scache_open(&ix->saved, ix->cache_file, ix->memo);
	parallel_for(1 + (ix->saved ? ix->saved->npieces : 0) + ix->nblocks, ix->jobs, prepare_one,
		     ix);
	ix->hashed = 1;
	if (ix->saved && !scache_valid(ix->saved)) {
		scache_free(ix->saved);
		ix->saved = NULL;
	}
	if (ix->saved)
		match_blocks(ix);
	search_block_chars(ix);
}

/* Move the merged groups' terms into ix->terms. */
static void collect_terms(struct build *b)
{
	struct search_index *ix = b->ix;
	size_t g, n = 0;

	for (g = 0; g < NGROUPS; g++)
		n += b->groups[g].n;
	ix->terms = xcalloc(n + 1, sizeof *ix->terms);
	ix->nterms = 0;
	for (g = 0; g < NGROUPS; g++) {
		if (b->groups[g].n)
			memcpy(ix->terms + ix->nterms, b->groups[g].v,
			       b->groups[g].n * sizeof *ix->terms);
		ix->nterms += b->groups[g].n;
		free(b->groups[g].v);
		free(b->groups[g].slots);
	}
}

/* Is the saved index left as it is after this build?  Not when a posting
 * read from it did not decode (then it was not used).  When it holds this
 * index, or all of its blocks but a few (those not found there: at most
 * one in STALE_SHARE, and STALE_MAX; ix->stale_max when set): the next
 * build tokenises those again (a few milliseconds each) instead of this
 * one writing the whole file (70 MB, 0.09 s at 10,000 documents), so an
 * author who edits one document again and again never writes it.  Edits
 * elsewhere add blocks not found until there are too many; then it is
 * written. */
static int keep_saved(const struct search_index *ix)
{
	size_t i, stale = 0, max = ix->nblocks / STALE_SHARE;

	if (!ix->saved || ix->saved_bad)
		return 0;
	for (i = 0; i < ix->nblocks; i++)
		stale += ix->blocks[i].match < 0;
	if (max > STALE_MAX)
		max = STALE_MAX;
	return ix->saved_same || stale <= (ix->stale_max ? ix->stale_max : max);
}

/* The figures of the parts (text bytes, blocks read from the saved
 * index) and of the entries (total length); whether the saved index is
 * this one (one part, read from it whole), and whether it is kept. */
static void sum_parts(struct build *b)
{
	struct search_index *ix = b->ix;
	size_t i;

	ix->total_length = ix->text_bytes = ix->blocks_saved = 0;
	for (i = 0; i < ix->ndocs; i++)
		ix->total_length += ix->docs[i].length;
	for (i = 0; i < b->nparts; i++) {
		ix->text_bytes += b->parts[i].text_bytes;
		ix->blocks_saved += b->parts[i].saved ? b->parts[i].nblocks : 0;
		free(b->parts[i].order);
		b->parts[i].order = NULL;
	}
	ix->saved_same = ix->saved && b->nparts == 1 && b->parts[0].saved &&
			 ix->blocks_saved == ix->saved->nblocks &&
			 ix->nblocks == ix->saved->nblocks;
	ix->saved_keep = keep_saved(ix);
}

/* Settle entry d's body: its length; a measure's body found in its
 * document's (looked for from *scan, after the previous measure, then
 * from the start, measures being in order) becomes a slice of it, its own
 * copy freed unless borrowed; an own body is hashed when the text files or
 * blocks will be keyed (search_index_set_memo before the entries). */
static void settle_entry(struct search_index *ix, struct search_doc *d, size_t *scan)
{
	const char *pb = NULL, *at = NULL;

	if (d->body_len == SIZE_MAX)
		d->body_len = strlen(d->body);
	if (!d->is_measure)
		*scan = 0;
	if (d->parent >= 0 && d->body_len) {
		pb = ix->docs[d->parent].body;
		if (*scan <= ix->docs[d->parent].body_len)
			at = strstr(pb + *scan, d->body);
		if (!at)
			at = strstr(pb, d->body);
	}
	if (at) {
		if (!d->borrowed)
			free(d->body);
		d->body = NULL;
		d->borrowed = 0;
		d->body_off = (size_t)(at - pb);
		*scan = d->body_off + d->body_len;
	} else if (ix->memo) {
		hash_bytes(d->hash, d->body, d->body_len);
		d->hashed = 1;
	}
}

#define SETTLE_SLICES 64 /* runs of documents settled as parallel tasks */

/* The first document entry at or after entry i (ix->ndocs if none). */
static size_t doc_at(const struct search_index *ix, size_t i)
{
	while (i < ix->ndocs && ix->docs[i].is_measure)
		i++;
	return i;
}

/* Task k of settle_bodies: open the tokeniser (0, when not open yet), or
 * settle slice k - 1. */
struct settle {
	struct search_index *ix;
	struct buf *err;
	int rc; /* of searchtok_open */
};

static void settle_slice(size_t k, void *ctx)
{
	struct settle *st = ctx;
	struct search_index *ix = st->ix;
	size_t i, scan = 0, to;

	if (k-- == 0) {
		if (!ix->tok)
			st->rc = searchtok_open(&ix->tok, st->err);
		return;
	}
	to = doc_at(ix, ix->ndocs * (k + 1) / SETTLE_SLICES);
	for (i = k ? doc_at(ix, ix->ndocs * k / SETTLE_SLICES) : 0; i < to; i++)
		settle_entry(ix, &ix->docs[i], &scan);
}

/* Settle every entry's body (settle_entry), on the threads: a slice
 * begins with a document, so that each measure's document is in its
 * slice and settled before it.  The tokeniser is opened meanwhile (OpenCC
 * reads its tables: 25 ms).  0, or -1 with a message in err when it
 * cannot be opened. */
static int settle_bodies(struct search_index *ix, struct buf *err)
{
	struct settle st = {ix, err, 0};

	if (ix->settled)
		return ix->tok ? 0 : searchtok_open(&ix->tok, err);
	parallel_for(1 + SETTLE_SLICES, ix->jobs, settle_slice, &st);
	ix->settled = 1;
	return st.rc;
}

int search_index_build(struct search_index *ix, struct buf *err)
{
	struct build b = {ix, NULL, 0, NULL};

	if (ix->terms)
		return 0;
	if (settle_bodies(ix, err) < 0)
		return -1;
	if (ix->cache_file && ix->memo)
		prepare_blocks(ix);
	make_parts(&b);
	fill_parts(&b);
	b.groups = xcalloc(NGROUPS, sizeof *b.groups);
	parallel_for(NGROUPS, ix->jobs, merge_group, &b);
	collect_terms(&b);
	sum_parts(&b);
	ix->parts = b.parts;
	ix->nparts = b.nparts;
	free(b.groups);
	return 0;
}

/* ---- entries ---- */

#define POOL_CHUNK (256u << 10)

/* A copy of s[0..len) and a NUL in pool p. */
static const char *pool_copy(struct search_pool *p, const char *s, size_t len)
{
	char *d;

	if (len + 1 > p->left) {
		size_t size = len + 1 > POOL_CHUNK ? len + 1 : POOL_CHUNK;

		if (p->n == p->cap) {
			p->cap = p->cap ? 2 * p->cap : 64;
			p->chunks = xreallocarray(p->chunks, p->cap, sizeof *p->chunks);
		}
		p->at = p->chunks[p->n++] = xmalloc(size);
		p->left = size;
	}
	d = p->at;
	memcpy(d, s, len);
	d[len] = '\0';
	p->at += len + 1;
	p->left -= len + 1;
	return d;
}

/* The copy of s ("" for NULL) an entry keeps: the entry before's copy
 * prev (NULL: none) when it is the same string (a document's measures
 * repeat its issuers, date, status and level), else one in the pool. */
static const char *pool_dup(struct search_pool *p, const char *s, const char *prev)
{
	if (!s)
		s = "";
	if (prev && !strcmp(s, prev))
		return prev;
	return pool_copy(p, s, strlen(s));
}

static void pool_free(struct search_pool *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->chunks[i]);
	free(p->chunks);
}

/* Copy the strings of e into d (the entry after prev, or the first when
 * prev is NULL). */
static void copy_entry(struct search_pool *pool, struct search_doc *d, const struct search_entry *e,
		       const struct search_doc *prev)
{
	d->url = pool_dup(pool, e->url, NULL);
	d->title = pool_dup(pool, e->title, NULL);
	d->doc_title = pool_dup(pool, e->doc_title, prev ? prev->doc_title : NULL);
	d->number = pool_dup(pool, e->number, prev ? prev->number : NULL);
	d->issuers = pool_dup(pool, e->issuers, prev ? prev->issuers : NULL);
	d->depts = pool_dup(pool, e->depts, prev ? prev->depts : NULL);
	d->topics = pool_dup(pool, e->topics, prev ? prev->topics : NULL);
	d->date = pool_dup(pool, e->date, prev ? prev->date : NULL);
	d->level = pool_dup(pool, e->level, prev ? prev->level : NULL);
	d->status_label = pool_dup(pool, e->status_label, prev ? prev->status_label : NULL);
	d->status_class = pool_dup(pool, e->status_class, prev ? prev->status_class : NULL);
	d->is_measure = e->is_measure != 0;
}

/* A measure's document: the last document entry, if the measure's URL is
 * that document's URL with a fragment. */
static long find_parent(const struct search_index *ix, const struct search_doc *d)
{
	const char *hash = strchr(d->url, '#');
	const struct search_doc *p;
	size_t len;

	if (!d->is_measure || ix->last_doc < 0 || !hash)
		return -1;
	p = &ix->docs[ix->last_doc];
	len = strlen(p->url);
	if (len != (size_t)(hash - d->url) || strncmp(p->url, d->url, len))
		return -1;
	return ix->last_doc;
}

/* Keep d's body as given: body (len bytes; SIZE_MAX: not known)
 * borrowed (borrow) or copied, or owned (malloc'ed, taken).  Whether it
 * is a slice of its document's and its hash are found later, on the
 * threads (settle_bodies). */
static void store_body(struct search_doc *d, const char *body, size_t len, char *owned, int borrow)
{
	body = owned ? owned : body ? body : "";
	d->borrowed = borrow && !owned;
	d->body_len = len;
	if (owned || d->borrowed)
		d->body = owned ? owned : (char *)body;
	else
		d->body = len != SIZE_MAX ? xstrndup(body, len) : xstrdup(body);
}

/* search_index_add with the body borrowed (body, len bytes or SIZE_MAX:
 * not known; copied unless borrow) or given (owned). */
static void add(struct search_index *ix, const struct search_entry *e, const char *body, size_t len,
		char *owned, int borrow)
{
	struct search_doc *d;

	if (ix->terms) {
		free(owned);
		return; /* already built: entries come before the write */
	}
	if (ix->ndocs == ix->doccap) {
		ix->doccap = ix->doccap ? ix->doccap * 2 : 64;
		ix->docs = xreallocarray(ix->docs, ix->doccap, sizeof *ix->docs);
	}
	d = &ix->docs[ix->ndocs];
	memset(d, 0, sizeof *d);
	copy_entry(&ix->pool, d, e, ix->ndocs ? d - 1 : NULL);
	d->parent = find_parent(ix, d);
	if (!d->is_measure)
		ix->last_doc = (long)ix->ndocs;
	store_body(d, body, len, owned, borrow);
	ix->ndocs++;
}

void search_index_reserve(struct search_index *ix, size_t n)
{
	if (n <= ix->doccap)
		return;
	ix->doccap = n;
	ix->docs = xreallocarray(ix->docs, ix->doccap, sizeof *ix->docs);
}

void search_index_add(struct search_index *ix, const struct search_entry *e)
{
	add(ix, e, e->body, SIZE_MAX, NULL, 0);
}

void search_index_add_owned(struct search_index *ix, const struct search_entry *e, char *body)
{
	add(ix, e, NULL, SIZE_MAX, body, 0);
}

void search_index_add_borrowed(struct search_index *ix, const struct search_entry *e,
			       const char *body, size_t len)
{
	add(ix, e, body, len, NULL, 1);
}

/* Move part's entries (and the pool their strings are in) to the end of
 * ix's, and free the rest of part. */
static void absorb(struct search_index *ix, struct search_index *part)
{
	size_t i, base = ix->ndocs;
	struct search_pool *p = &ix->pool;

	search_index_reserve(ix, ix->ndocs + part->ndocs);
	for (i = 0; i < part->ndocs; i++) {
		ix->docs[base + i] = part->docs[i];
		if (part->docs[i].parent >= 0)
			ix->docs[base + i].parent += (long)base;
	}
	ix->ndocs += part->ndocs;
	if (part->last_doc >= 0)
		ix->last_doc = (long)base + part->last_doc;
	for (i = 0; i < part->pool.n; i++) { /* the chunks, not their free space */
		if (p->n == p->cap) {
			p->cap = p->cap ? 2 * p->cap : 64;
			p->chunks = xreallocarray(p->chunks, p->cap, sizeof *p->chunks);
		}
		p->chunks[p->n++] = part->pool.chunks[i];
	}
	free(part->pool.chunks);
	free(part->docs);
	free(part);
}

#define ADD_SLICES 16 /* runs of items added as parallel tasks */

struct add_items {
	struct search_index **parts;
	size_t n;
	void (*fill)(struct search_index *part, size_t i, void *ctx);
	void *ctx;
};

static void add_items_slice(size_t k, void *ctx)
{
	struct add_items *a = ctx;
	size_t i;

	for (i = a->n * k / ADD_SLICES; i < a->n * (k + 1) / ADD_SLICES; i++)
		a->fill(a->parts[k], i, a->ctx);
}

void search_index_add_items(struct search_index *ix, size_t n,
			    void (*fill)(struct search_index *part, size_t i, void *ctx), void *ctx)
{
	struct add_items a = {xcalloc(ADD_SLICES, sizeof *a.parts), n, fill, ctx};
	size_t k;

	for (k = 0; k < ADD_SLICES; k++)
		a.parts[k] = search_index_new();
	parallel_for(ADD_SLICES, ix->jobs, add_items_slice, &a);
	for (k = 0; k < ADD_SLICES; k++) {
		if (ix->terms) /* already built: entries come before the write */
			search_index_free(a.parts[k]);
		else
			absorb(ix, a.parts[k]);
	}
	free(a.parts);
}

void search_term_str(const struct search_term *t, struct buf *out)
{
	utf8proc_uint8_t enc[4];
	int32_t a = (int32_t)(t->key >> 21), b = (int32_t)(t->key & 0x1FFFFF);

	if (t->word) {
		buf_put(out, t->word, t->wlen);
		return;
	}
	buf_put(out, enc, (size_t)utf8proc_encode_char(a, enc));
	if (b)
		buf_put(out, enc, (size_t)utf8proc_encode_char(b, enc));
}

void search_index_stats(const struct search_index *ix, struct search_stats *st)
{
	memset(st, 0, sizeof *st);
	if (!ix)
		return;
	st->entries = ix->ndocs;
	st->terms = ix->nterms;
	st->shards = ix->nshards;
	st->chunks = ix->nchunks;
	st->text_bytes = ix->text_bytes;
	st->manifest_bytes = ix->manifest_bytes;
	st->shard_bytes = ix->shard_bytes;
	st->store_bytes = ix->store_bytes;
	st->build_s = ix->secs[0];
	st->texts_s = ix->secs[1];
	st->shards_s = ix->secs[2];
	st->manifest_s = ix->secs[3];
	st->cache_s = ix->secs[4];
	st->blocks = ix->nblocks;
	st->blocks_saved = ix->blocks_saved;
	st->cache_bytes = ix->cache_bytes;
}

void search_index_free(struct search_index *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < ix->nterms; i++)
		term_release(&ix->terms[i]);
	for (i = 0; i < ix->nparts; i++)
		part_release(&ix->parts[i]);
	free(ix->parts);
	for (i = 0; i < ix->nblocks; i++)
		free(ix->blocks[i].own_chars);
	free(ix->blocks);
	scache_free(ix->saved);
	for (i = 0; i < ix->ndocs; i++)
		if (!ix->docs[i].borrowed)
			free(ix->docs[i].body);
	pool_free(&ix->pool);
	searchtok_free(ix->tok);
	free(ix->terms);
	free(ix->docs);
	free(ix);
}
