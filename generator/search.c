/* search.c - build the search index in memory; searchwrite.c writes it.
 *
 * search_index_add only copies the entry (a measure whose text is a slice
 * of its document's body keeps the slice, not a copy).  search_index_write
 * first tokenises all entries: each entry's fields are normalised and cut
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
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "parallel.h"
#include "searchint.h"
#include "searchtok.h"
#include "utf8.h"
#include "xalloc.h"

#define NGROUPS 64	    /* merge groups */
#define PART_MIN (1u << 20) /* bytes of text in a part, at least */
#define SLOT_ID_BITS 22	    /* a slot: key << 22 | term index + 1 */
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

static void table_free(struct term_table *tt)
{
	size_t i;

	for (i = 0; i < tt->n; i++)
		term_release(&tt->v[i]);
	free(tt->v);
	free(tt->slots);
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

/* Append the posting of entry pt->id with tf to c's (see the top of this
 * file; at most 14 bytes). */
static void put_posting(struct part *pt, struct count *c, uint32_t tf)
{
	uint32_t d = (pt->id - c->last) << 1;
	char *p;

	if (c->nstage + 14 > STAGE)
		unstage(c);
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

struct build {
	struct search_index *ix;
	struct part *parts;
	size_t nparts;
	struct term_table *groups; /* NGROUPS merged tables */
};

static void tokenise_part(size_t i, void *ctx)
{
	struct build *b = ctx;
	struct part *pt = &b->parts[i];
	size_t id;

	table_init(&pt->tt, 1 << 14);
	pt->rec_doc = -1;
	for (id = pt->from; id < pt->to; id++)
		add_entry(pt, b->ix, id);
	finish_counts(pt);
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

void search_term_postings(const struct search_index *ix, const struct search_term *t,
			  struct buf *out)
{
	uint32_t p = t->seg_part, k = t->seg_term, last = 0;
	char *o;

	buf_grow(out, t->plen);
	o = out->ptr + out->len;
	while (p != NO_SEG) {
		const struct search_term *s = &ix->parts[p].tt.v[k];
		uint32_t delta = s->first - last;

		if (s->first_tf == 2) {
			o += varint_to(o, delta << 1 | 1);
		} else {
			o += varint_to(o, delta << 1);
			o += varint_to(o, s->first_tf - 2);
		}
		if (s->plen) /* else ppost may be NULL */
			memcpy(o, s->ppost, s->plen);
		o += s->plen;
		last = s->last;
		p = s->seg_part;
		k = s->seg_term;
	}
	*o = '\0';
	out->len = (size_t)(o - out->ptr);
}

/* Cut the entries into parts of whole documents (a document and the
 * measures after it), about PART_MIN bytes or half a thread's
 * share each. */
static void make_parts(struct build *b)
{
	struct search_index *ix = b->ix;
	size_t i, bytes = 0, total = 0, want;

	for (i = 0; i < ix->ndocs; i++)
		total += ix->docs[i].body_len;
	want = total / (size_t)ix->jobs;
	if (want < PART_MIN)
		want = PART_MIN;
	b->parts = xcalloc(ix->ndocs + 1, sizeof *b->parts);
	b->nparts = 0;
	for (i = 0; i < ix->ndocs; i++) {
		if (i == 0 ||
		    (bytes >= want && ix->docs[i].parent < 0 && !ix->docs[i].is_measure)) {
			if (b->nparts)
				b->parts[b->nparts - 1].to = i;
			b->parts[b->nparts++].from = i;
			bytes = 0;
		}
		bytes += ix->docs[i].body_len;
	}
	if (b->nparts)
		b->parts[b->nparts - 1].to = ix->ndocs;
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

int search_index_build(struct search_index *ix, struct buf *err)
{
	struct build b = {ix, NULL, 0, NULL};
	size_t i;

	if (!ix->tok && searchtok_open(&ix->tok, err) < 0)
		return -1;
	if (ix->terms)
		return 0;
	make_parts(&b);
	parallel_for(b.nparts, ix->jobs, tokenise_part, &b);
	b.groups = xcalloc(NGROUPS, sizeof *b.groups);
	parallel_for(NGROUPS, ix->jobs, merge_group, &b);
	collect_terms(&b);
	ix->total_length = ix->text_bytes = 0;
	for (i = 0; i < ix->ndocs; i++)
		ix->total_length += ix->docs[i].length;
	for (i = 0; i < b.nparts; i++) {
		ix->text_bytes += b.parts[i].text_bytes;
		free(b.parts[i].order);
	}
	ix->parts = b.parts;
	ix->nparts = b.nparts;
	free(b.groups);
	return 0;
}

/* ---- entries ---- */

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

static void copy_entry(struct search_doc *d, const struct search_entry *e)
{
	d->url = dup_or_empty(e->url);
	d->title = dup_or_empty(e->title);
	d->doc_title = dup_or_empty(e->doc_title);
	d->number = dup_or_empty(e->number);
	d->issuers = dup_or_empty(e->issuers);
	d->depts = dup_or_empty(e->depts);
	d->topics = dup_or_empty(e->topics);
	d->date = dup_or_empty(e->date);
	d->level = dup_or_empty(e->level);
	d->status_label = dup_or_empty(e->status_label);
	d->status_class = dup_or_empty(e->status_class);
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

/* Keep d's body: a slice of its document's when it is one (looked for
 * after the previous measure's first, measures being in order), else
 * owned (then freed for a slice) or a copy. */
static void set_body(struct search_index *ix, struct search_doc *d, const char *body, char *owned)
{
	const char *pb, *at = NULL;

	body = owned ? owned : body ? body : "";
	d->body_len = strlen(body);
	if (d->parent >= 0 && d->body_len) {
		pb = ix->docs[d->parent].body;
		if (ix->scan <= ix->docs[d->parent].body_len)
			at = strstr(pb + ix->scan, body);
		if (!at)
			at = strstr(pb, body);
	}
	if (at) {
		d->body = NULL;
		d->body_off = (size_t)(at - pb);
		ix->scan = d->body_off + d->body_len;
		free(owned);
		return;
	}
	d->body = owned ? owned : xstrndup(body, d->body_len);
}

/* search_index_add with the body borrowed (body) or given (owned). */
static void add(struct search_index *ix, const struct search_entry *e, const char *body,
		char *owned)
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
	copy_entry(d, e);
	d->parent = find_parent(ix, d);
	if (!d->is_measure) {
		ix->last_doc = (long)ix->ndocs;
		ix->scan = 0;
	}
	set_body(ix, d, body, owned);
	ix->ndocs++;
}

void search_index_add(struct search_index *ix, const struct search_entry *e)
{
	add(ix, e, e->body, NULL);
}

void search_index_add_owned(struct search_index *ix, const struct search_entry *e, char *body)
{
	add(ix, e, NULL, body);
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
}

static void free_doc(struct search_doc *d)
{
	free(d->url);
	free(d->title);
	free(d->doc_title);
	free(d->number);
	free(d->issuers);
	free(d->depts);
	free(d->topics);
	free(d->body);
	free(d->date);
	free(d->level);
	free(d->status_label);
	free(d->status_class);
}

void search_index_free(struct search_index *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < ix->nterms; i++)
		term_release(&ix->terms[i]);
	for (i = 0; i < ix->nparts; i++) {
		table_free(&ix->parts[i].tt);
		part_free_postings(&ix->parts[i]);
	}
	free(ix->parts);
	for (i = 0; i < ix->ndocs; i++)
		free_doc(&ix->docs[i]);
	searchtok_free(ix->tok);
	free(ix->terms);
	free(ix->docs);
	free(ix);
}
