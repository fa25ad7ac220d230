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
 * hold key and term id; each key counts its entry's tf in place and the
 * keys an entry touched are flushed in one pass).  Then the parts' terms
 * are merged, again on several threads, each thread taking the terms whose
 * first character falls in its merge group, part after part, so every
 * posting list is in entry order whatever the threads did.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "parallel.h"
#include "searchint.h"
#include "searchtok.h"
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
static size_t varint_to(char *p, uint32_t v)
{
	char tmp[8];
	size_t n = 0, k = 0;

	tmp[n++] = SEARCH_FINAL[v % SEARCH_NFINAL];
	for (v /= SEARCH_NFINAL; v; v /= SEARCH_NCONT)
		tmp[n++] = SEARCH_CONT[v % SEARCH_NCONT];
	while (n)
		p[k++] = tmp[--n];
	return k;
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
	buf_init(&t->post);
	tt->slots[j] = key << SLOT_ID_BITS | (tt->n + 1);
	*added = 1;
	if (++tt->n * 2 > tt->scap)
		table_grow(tt);
	return (uint32_t)tt->n - 1;
}

static void term_release(struct search_term *t)
{
	free(t->word);
	buf_release(&t->post);
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

struct hot {	      /* per term of a part, the fields used per token */
	uint32_t cur; /* entry being added + 1, 0 = none */
	uint32_t tf;  /* its tf << 1 | in the title or 发文字号 */
};

struct count {		/* per term of a part, the fields used per entry */
	uint32_t last;	/* the last entry flushed */
	uint32_t df;	/* entries flushed */
	uint32_t tfsum; /* their occurrences */
	uint32_t plen;	/* bytes of their postings in the part's list */
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
	int rec;			/* record the keys (add_key) */
	long rec_doc;			/* the document recorded, or -1 */
	uint32_t *rec_term, *rec_last;	/* its keys: term, index of last character */
	size_t nrec, reccap;
	size_t at_byte, at_char; /* a byte offset in its body and its character */
	struct buf flat;	 /* postings records, see flush_terms */
	char *arena;		 /* the part's postings by term, see scatter_postings */
	uint32_t id;		 /* the entry being added */
	int flag;		 /* 1 in title and 发文字号 */
	size_t length;		 /* its CJK characters and words: the entry's length for BM25 */
	size_t text_bytes;
	uint32_t *order;	    /* term indexes by merge group */
	size_t gstart[NGROUPS + 1]; /* group g is order[gstart[g] .. gstart[g+1]) */
};

/* Make room for the counts of term tid. */
static void grow_counts(struct part *pt, uint32_t tid)
{
	size_t cap = pt->tt.cap > tid ? pt->tt.cap : (size_t)tid + 1;

	pt->hot = xreallocarray(pt->hot, cap, sizeof *pt->hot);
	pt->counts = xreallocarray(pt->counts, cap, sizeof *pt->counts);
	memset(pt->hot + pt->ncounts, 0, (cap - pt->ncounts) * sizeof *pt->hot);
	memset(pt->counts + pt->ncounts, 0, (cap - pt->ncounts) * sizeof *pt->counts);
	pt->ncounts = cap;
}

/* Count one occurrence of term tid in the entry being added. */
static inline void count_term(struct part *pt, uint32_t tid)
{
	struct hot *h;

	if (tid >= pt->ncounts)
		grow_counts(pt, tid);
	h = &pt->hot[tid];
	pt->length++;
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

/* The term of a key, counted in the entry being added; with pt->rec set,
 * also recorded with the index of its last character (for slices). */
static void add_key(void *ctx, enum searchtok_kind kind, const int32_t *cp, size_t n, size_t last)
{
	struct part *pt = ctx;
	char word[256];
	size_t i, len = 0;
	uint32_t tid;
	int added;

	if (kind == SEARCHTOK_BIGRAM) {
		tid = table_find(&pt->tt, (uint64_t)cp[0] << 21 | (uint64_t)cp[1], NULL, 0, &added);
	} else if (kind == SEARCHTOK_END) {
		tid = table_find(&pt->tt, (uint64_t)cp[0] << 21, NULL, 0, &added);
	} else {
		for (i = 0; i < n && len + 4 <= sizeof word; i++) /* longer words are cut */
			len += (size_t)utf8proc_encode_char(cp[i], (utf8proc_uint8_t *)word + len);
		tid = table_find(&pt->tt, SEARCH_WORD_BIT | search_fnv1a(word, len), word, len,
				 &added);
	}
	count_term(pt, tid);
	if (pt->rec) {
		if (pt->nrec == pt->reccap) {
			pt->reccap = pt->reccap ? pt->reccap * 2 : 4096;
			pt->rec_term =
			    xreallocarray(pt->rec_term, pt->reccap, sizeof *pt->rec_term);
			pt->rec_last =
			    xreallocarray(pt->rec_last, pt->reccap, sizeof *pt->rec_last);
		}
		pt->rec_term[pt->nrec] = tid;
		pt->rec_last[pt->nrec++] = (uint32_t)last;
	}
}

static void add_field(struct part *pt, struct searchtok *tok, const char *s, size_t len, int flag)
{
	if (!len)
		return;
	pt->cps.n = 0;
	if (searchtok_normalize_cps(tok, &pt->cps, s, len) == 0) {
		pt->flag = flag;
		searchtok_terms_at(pt->cps.v, pt->cps.n, add_key, pt);
	}
	pt->text_bytes += len;
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
	pt->nrec = 0;
	pt->rec_doc = -1;
	r = searchtok_normalize_at(tok, &pt->dcps, &pt->dat, d->body, d->body_len);
	if (r >= 0) {
		pt->flag = 0;
		pt->rec = r == 1;
		searchtok_terms_at(pt->dcps.v, pt->dcps.n, add_key, pt);
		pt->rec = 0;
	}
	if (r == 1) {
		pt->rec_doc = (long)id;
		pt->at_byte = pt->at_char = 0;
	}
	pt->text_bytes += d->body_len;
}

/* Characters in s[0..n) (UTF-8 lead bytes; the body is valid UTF-8, it
 * took the fast path). */
static size_t count_utf8(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* The keys of a measure whose body is the characters [cs, ce) of its
 * document's: the pieces before its first and after its last separator
 * are tokenised, the keys between come from the document's record (keys
 * never span a separator, so they are the same). */
static void slice_keys(struct part *pt, size_t cs, size_t ce)
{
	const int32_t *v = pt->dcps.v;
	size_t a = ce, b = ce, lo = 0, hi = pt->nrec, k;

	for (k = cs; k < ce && a == ce; k++)
		if (searchtok_cuts(v[k]))
			a = k;
	for (k = ce; k > a + 1 && b == ce; k--)
		if (searchtok_cuts(v[k - 1]))
			b = k - 1;
	if (a == ce) {
		searchtok_terms_at(v + cs, ce - cs, add_key, pt);
		return;
	}
	if (b == ce)
		b = a;
	searchtok_terms_at(v + cs, a - cs, add_key, pt);
	while (lo < hi) { /* the first key whose last character is after a */
		size_t mid = lo + (hi - lo) / 2;

		if (pt->rec_last[mid] <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < pt->nrec && pt->rec_last[k] < b; k++)
		count_term(pt, pt->rec_term[k]);
	searchtok_terms_at(v + b + 1, ce - b - 1, add_key, pt);
}

/* The body of a measure that is a slice of the document recorded. */
static void add_slice(struct part *pt, const struct search_index *ix, const struct search_doc *d)
{
	const char *body = ix->docs[d->parent].body;
	size_t cs, ce;

	if (d->body_off < pt->at_byte)
		pt->at_byte = pt->at_char = 0;
	pt->at_char += count_utf8(body + pt->at_byte, d->body_off - pt->at_byte);
	pt->at_byte = d->body_off;
	cs = pt->at_char;
	ce = cs + count_utf8(body + d->body_off, d->body_len);
	pt->flag = 0;
	slice_keys(pt, (size_t)pt->dat.v[cs], (size_t)pt->dat.v[ce]);
	pt->text_bytes += d->body_len;
}

/* Record the entry pt->id in each term it touched: the first entry of a
 * term is kept aside (merging re-bases its delta), later ones go to the
 * part's list of postings as records term id (4 bytes), length (1 byte),
 * varints; scatter_postings sorts them by term. */
static void flush_terms(struct part *pt)
{
	size_t i, n;
	char *rec;

	for (i = 0; i < pt->ntouched; i++) {
		uint32_t tid = pt->touched[i], tf = pt->hot[tid].tf, d;
		struct count *c = &pt->counts[tid];

		if (!c->df) {
			pt->tt.v[tid].first = pt->id;
			pt->tt.v[tid].first_tf = tf;
		} else {
			if (pt->flat.len + 24 >= pt->flat.cap)
				buf_grow(&pt->flat, 24);
			rec = pt->flat.ptr + pt->flat.len;
			memcpy(rec, &tid, 4);
			d = (pt->id - c->last) << 1;
			if (tf == 2 && d + 1 < SEARCH_NFINAL) { /* tf 1, not in the title: most */
				rec[5] = SEARCH_FINAL[d + 1];
				n = 1;
			} else if (tf == 2) {
				n = varint_to(rec + 5, d | 1);
			} else {
				n = varint_to(rec + 5, d);
				n += varint_to(rec + 5 + n, tf - 2);
			}
			rec[4] = (char)n;
			pt->flat.len += 5 + n;
			c->plen += (uint32_t)n;
		}
		c->last = pt->id;
		c->df++;
		c->tfsum += tf >> 1;
		pt->hot[tid].cur = 0;
	}
	if (pt->flat.cap)
		pt->flat.ptr[pt->flat.len] = '\0';
	pt->ntouched = 0;
}

/* Copy the counts of the part's terms into them. */
static void finish_counts(struct part *pt)
{
	size_t i;

	for (i = 0; i < pt->tt.n; i++) {
		struct search_term *t = &pt->tt.v[i];

		t->last = pt->counts[i].last;
		t->df = pt->counts[i].df;
		t->tfsum = pt->counts[i].tfsum;
		t->plen = pt->counts[i].plen;
	}
}

/* Move the records of pt->flat into one arena, each term's together (at
 * poff, plen bytes), in entry order. */
static void scatter_postings(struct part *pt)
{
	size_t i, off = 0, *at = xcalloc(pt->tt.n + 1, sizeof *at); /* write cursors */
	const char *p = pt->flat.ptr, *end = p + pt->flat.len;

	for (i = 0; i < pt->tt.n; i++) {
		at[i] = pt->tt.v[i].poff = off;
		off += pt->tt.v[i].plen;
	}
	pt->arena = xmalloc(off + 8);
	while (p < end) {
		uint32_t tid;
		size_t n = (unsigned char)p[4], k;
		char *dst;

		memcpy(&tid, p, 4);
		dst = pt->arena + at[tid];
		for (k = 0; k < n; k++) /* a few bytes: no call */
			dst[k] = p[5 + k];
		at[tid] += n;
		p += 5 + n;
	}
	free(at);
	buf_release(&pt->flat);
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
	buf_init(&pt->flat);
	pt->rec_doc = -1;
	for (id = pt->from; id < pt->to; id++)
		add_entry(pt, b->ix, id);
	finish_counts(pt);
	scatter_postings(pt);
	part_order(pt);
	free(pt->counts);
	free(pt->hot);
	free(pt->touched);
	free(pt->cps.v);
	free(pt->dcps.v);
	free(pt->dat.v);
	free(pt->rec_term);
	free(pt->rec_last);
	pt->counts = NULL;
	pt->hot = NULL;
	pt->touched = NULL;
	pt->cps.v = NULL;
}

/* Append term s of part pt to merged term t: its first entry re-based on
 * t's last, then the rest as they are. */
static void merge_term(struct search_term *t, const struct search_term *s, const struct part *pt)
{
	uint32_t delta = s->first - t->last;

	if (s->first_tf == 2) {
		search_put_varint(&t->post, delta << 1 | 1);
	} else {
		search_put_varint(&t->post, delta << 1);
		search_put_varint(&t->post, s->first_tf - 2);
	}
	buf_put(&t->post, pt->arena + s->poff, s->plen);
	t->last = s->last;
	t->df += s->df;
	t->tfsum += s->tfsum;
}

/* Merge group g of every part, in part order: first find each term and
 * its size, then append the postings into exactly sized buffers. */
static void merge_group(size_t g, void *ctx)
{
	struct build *b = ctx;
	struct term_table *tt = &b->groups[g];
	size_t p, k, *size;
	int added;

	table_init(tt, 1 << 10);
	for (p = 0; p < b->nparts; p++) {
		struct part *pt = &b->parts[p];

		for (k = pt->gstart[g]; k < pt->gstart[g + 1]; k++) {
			struct search_term *s = &pt->tt.v[pt->order[k]];

			s->merged = table_find(tt, s->key, s->word, s->wlen, &added);
			tt->v[s->merged].post.len += s->plen + 12;
		}
	}
	size = xcalloc(tt->n + 1, sizeof *size);
	for (k = 0; k < tt->n; k++) {
		size[k] = tt->v[k].post.len;
		tt->v[k].post.len = 0;
		buf_grow(&tt->v[k].post, size[k]);
	}
	free(size);
	for (p = 0; p < b->nparts; p++) {
		struct part *pt = &b->parts[p];

		for (k = pt->gstart[g]; k < pt->gstart[g + 1]; k++) {
			struct search_term *s = &pt->tt.v[pt->order[k]];

			merge_term(&tt->v[s->merged], s, pt);
		}
	}
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
	want = total / (2 * (size_t)ix->jobs);
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
		table_free(&b.parts[i].tt);
		free(b.parts[i].order);
		free(b.parts[i].arena);
	}
	free(b.parts);
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
	for (i = 0; i < ix->ndocs; i++)
		free_doc(&ix->docs[i]);
	searchtok_free(ix->tok);
	free(ix->terms);
	free(ix->docs);
	free(ix);
}
