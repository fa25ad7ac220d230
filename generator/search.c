/* search.c - build the search index in memory; searchwrite.c writes it.
 *
 * Each entry's fields are normalised and cut into keys (searchtok.h): CJK
 * bigrams, CJK end keys and words.  For every key the index keeps its
 * postings as a string of varints (see searchint.h), one or two per entry
 * that contains the key, in entry order:
 *
 *     (entry id - previous entry id) << 1 | 1          when tf = 1, not in title
 *     (entry id - previous entry id) << 1, (tf - 1) << 1 | in_title   otherwise
 *
 * where tf counts the key in all indexed fields and in_title says it occurs
 * in the title or the 发文字号.  Positions are not stored: the exact phrase
 * and the snippets are checked in the browser on the texts of the
 * candidates.
 *
 * Speed: CJK keys are 42-bit integers in an open-addressing table, words
 * have their own table; each key counts its entry's tf in place and the keys
 * an entry touched are flushed in one pass, so nothing is sorted and nothing
 * is allocated per key.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "searchint.h"
#include "searchtok.h"
#include "xalloc.h"

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

	ix->cap = 1 << 16;
	ix->slots = xcalloc(ix->cap, sizeof *ix->slots);
	ix->wcap = 1024;
	ix->wslots = xcalloc(ix->wcap, sizeof *ix->wslots);
	ix->last_doc = -1;
	buf_init(&ix->error);
	return ix;
}

static uint32_t hash64(uint64_t k)
{
	k *= 0x9E3779B97F4A7C15ull;
	return (uint32_t)(k >> 32);
}

#define TERM_MASK (((uint64_t)1 << SEARCH_TERM_BITS) - 1)

/* The index in slots of key: its slot, or the empty one where it goes. */
static size_t find_slot(const uint64_t *slots, size_t cap, uint64_t key)
{
	size_t j = hash64(key) & (cap - 1);

	while (slots[j] && slots[j] >> SEARCH_TERM_BITS != key)
		j = (j + 1) & (cap - 1);
	return j;
}

static void grow_slots(struct search_index *ix)
{
	size_t i, cap = ix->cap * 2;
	uint64_t *slots = xcalloc(cap, sizeof *slots);

	for (i = 0; i < ix->cap; i++)
		if (ix->slots[i])
			slots[find_slot(slots, cap, ix->slots[i] >> SEARCH_TERM_BITS)] =
			    ix->slots[i];
	free(ix->slots);
	ix->slots = slots;
	ix->cap = cap;
}

static uint32_t new_term(struct search_index *ix, uint64_t key)
{
	struct search_term *t;

	if (ix->nterms == ix->termcap) {
		ix->termcap = ix->termcap ? ix->termcap * 2 : 4096;
		ix->terms = xreallocarray(ix->terms, ix->termcap, sizeof *ix->terms);
		ix->counts = xreallocarray(ix->counts, ix->termcap, sizeof *ix->counts);
	}
	t = &ix->terms[ix->nterms];
	memset(t, 0, sizeof *t);
	t->key = key;
	buf_init(&t->post);
	memset(&ix->counts[ix->nterms], 0, sizeof *ix->counts);
	return (uint32_t)ix->nterms++;
}

/* The term id of the CJK key, added if new. */
static uint32_t cjk_term(struct search_index *ix, uint64_t key)
{
	size_t j = find_slot(ix->slots, ix->cap, key);
	uint32_t id;

	if (ix->slots[j])
		return (uint32_t)(ix->slots[j] & TERM_MASK) - 1;
	if (ix->nterms >= TERM_MASK - 1)
		abort(); /* 4M distinct keys: far beyond any site */
	id = new_term(ix, key);
	ix->slots[j] = key << SEARCH_TERM_BITS | (id + 1);
	if (ix->nterms * 2 > ix->cap)
		grow_slots(ix);
	return id;
}

static void grow_wslots(struct search_index *ix)
{
	size_t i, cap = ix->wcap * 2;
	uint32_t *slots = xcalloc(cap, sizeof *slots);

	for (i = 0; i < ix->nwords; i++) {
		size_t j = ix->words[i].hash & (cap - 1);

		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = (uint32_t)i + 1;
	}
	free(ix->wslots);
	ix->wslots = slots;
	ix->wcap = cap;
}

/* The term id of the word s[0..len) (normalised UTF-8), added if new. */
static uint32_t word_term(struct search_index *ix, const char *s, size_t len)
{
	uint32_t h = search_fnv1a(s, len);
	size_t j = h & (ix->wcap - 1);
	struct search_word *w;

	for (; ix->wslots[j]; j = (j + 1) & (ix->wcap - 1)) {
		w = &ix->words[ix->wslots[j] - 1];
		if (w->hash == h && w->len == len && !memcmp(w->str, s, len))
			return w->term;
	}
	if (ix->nwords == ix->wordcap) {
		ix->wordcap = ix->wordcap ? ix->wordcap * 2 : 256;
		ix->words = xreallocarray(ix->words, ix->wordcap, sizeof *ix->words);
	}
	w = &ix->words[ix->nwords];
	w->str = xstrndup(s, len);
	w->len = len;
	w->hash = h;
	w->term = new_term(ix, SEARCH_WORD_BIT | ix->nwords);
	ix->wslots[j] = (uint32_t)ix->nwords + 1;
	if (++ix->nwords * 2 > ix->wcap)
		grow_wslots(ix);
	return w->term;
}

struct add_ctx {
	struct search_index *ix;
	uint32_t id;   /* the entry */
	int flag;      /* 1 in title and 发文字号 */
	size_t length; /* CJK characters and words: the entry's length for BM25 */
};

/* Count one occurrence of term tid in the entry being added. */
static void count_term(struct add_ctx *c, uint32_t tid)
{
	struct search_index *ix = c->ix;
	struct search_count *n = &ix->counts[tid];

	c->length++;
	if (n->cur != c->id + 1) {
		if (ix->ntouched == ix->touchcap) {
			ix->touchcap = ix->touchcap ? ix->touchcap * 2 : 1024;
			ix->touched = xreallocarray(ix->touched, ix->touchcap, sizeof *ix->touched);
		}
		ix->touched[ix->ntouched++] = tid;
		n->cur = c->id + 1;
		n->tf = 0;
	}
	n->tf += 2;
	n->tf |= (uint32_t)c->flag;
}

static void add_key(void *vctx, enum searchtok_kind kind, const int32_t *cp, size_t n)
{
	struct add_ctx *c = vctx;
	char word[256];
	size_t i, len = 0;

	if (kind == SEARCHTOK_BIGRAM) {
		count_term(c, cjk_term(c->ix, (uint64_t)cp[0] << 21 | (uint64_t)cp[1]));
		return;
	}
	if (kind == SEARCHTOK_END) {
		count_term(c, cjk_term(c->ix, (uint64_t)cp[0] << 21));
		return;
	}
	for (i = 0; i < n && len + 4 <= sizeof word; i++) /* longer words are cut */
		len += (size_t)utf8proc_encode_char(cp[i], (utf8proc_uint8_t *)word + len);
	count_term(c, word_term(c->ix, word, len));
}

static void add_field(struct add_ctx *c, const char *s, int flag)
{
	struct search_index *ix = c->ix;
	size_t len;

	if (!s || !*s)
		return;
	len = strlen(s);
	ix->cps.n = 0;
	if (searchtok_normalize_cps(ix->tok, &ix->cps, s, len) == 0) {
		c->flag = flag;
		searchtok_terms(ix->cps.v, ix->cps.n, add_key, c);
	}
	ix->text_bytes += len;
}

/* Append entry id's postings to each term it touched. */
static void flush_terms(struct search_index *ix, uint32_t id)
{
	size_t i;

	for (i = 0; i < ix->ntouched; i++) {
		struct search_count *n = &ix->counts[ix->touched[i]];
		struct search_term *t = &ix->terms[ix->touched[i]];
		uint32_t delta = id - t->last;

		if (n->tf == 2) { /* tf 1, not in the title */
			search_put_varint(&t->post, delta << 1 | 1);
		} else {
			search_put_varint(&t->post, delta << 1);
			search_put_varint(&t->post, n->tf - 2);
		}
		t->last = id;
		t->df++;
		t->tfsum += n->tf >> 1;
		n->cur = 0;
	}
	ix->ntouched = 0;
}

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
	d->body = dup_or_empty(e->body);
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

	if (!d->is_measure || ix->last_doc < 0 || !hash)
		return -1;
	p = &ix->docs[ix->last_doc];
	if (strlen(p->url) != (size_t)(hash - d->url) || strncmp(p->url, d->url, strlen(p->url)))
		return -1;
	return ix->last_doc;
}

void search_index_add(struct search_index *ix, const struct search_entry *e)
{
	struct add_ctx c = {ix, (uint32_t)ix->ndocs, 0, 0};
	struct search_doc *d;

	if (!ix->tok && !ix->error.len && searchtok_open(&ix->tok, &ix->error) < 0)
		return;
	if (!ix->tok)
		return;
	if (ix->ndocs == ix->doccap) {
		ix->doccap = ix->doccap ? ix->doccap * 2 : 64;
		ix->docs = xreallocarray(ix->docs, ix->doccap, sizeof *ix->docs);
	}
	d = &ix->docs[ix->ndocs++];
	copy_entry(d, e);
	d->parent = find_parent(ix, d);
	if (!d->is_measure)
		ix->last_doc = (long)c.id;
	/* A document's title and 发文字号 are boosted; a measure's "title" is
	 * only its first sentence, which must not outrank document titles. */
	add_field(&c, e->title, !d->is_measure);
	add_field(&c, e->number, 1);
	add_field(&c, e->issuers, 0);
	add_field(&c, e->depts, 0);
	add_field(&c, e->topics, 0);
	add_field(&c, e->body, 0);
	d->length = c.length;
	ix->total_length += c.length;
	flush_terms(ix, c.id);
}

void search_term_str(const struct search_index *ix, const struct search_term *t, struct buf *out)
{
	utf8proc_uint8_t enc[4];
	int32_t a = (int32_t)(t->key >> 21), b = (int32_t)(t->key & 0x1FFFFF);

	if (t->key & SEARCH_WORD_BIT) {
		const struct search_word *w = &ix->words[t->key & 0xFFFFFFFF];

		buf_put(out, w->str, w->len);
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
		buf_release(&ix->terms[i].post);
	for (i = 0; i < ix->nwords; i++)
		free(ix->words[i].str);
	for (i = 0; i < ix->ndocs; i++)
		free_doc(&ix->docs[i]);
	searchtok_free(ix->tok);
	buf_release(&ix->error);
	free(ix->terms);
	free(ix->slots);
	free(ix->words);
	free(ix->wslots);
	free(ix->touched);
	free(ix->counts);
	free(ix->cps.v);
	free(ix->docs);
	free(ix);
}
