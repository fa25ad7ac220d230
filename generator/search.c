/* search.c - build the search index in memory; searchwrite.c writes it.
 *
 * Each entry's fields are normalised and tokenised (searchtok.h).  For every
 * term the index keeps its postings as a string of base-32 varints (see
 * searchint.h), one pair per entry that contains the term:
 *
 *     (entry id - previous entry id), (tf << 1 | in_title)
 *
 * where tf counts the term in all indexed fields and in_title says it occurs
 * in the title or the 发文字号.  Positions are not stored: the exact phrase
 * and the snippets are checked in the browser on the text files of the
 * candidates, which keeps the shards to about a third of the text.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>

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

/* Base-32 varint: high groups first with a continuation digit, the last
 * group with a final digit; 0..31 is one character. */
void search_put_varint(struct buf *b, uint32_t v)
{
	char tmp[8];
	int n = 0;

	tmp[n++] = SEARCH_FINAL[v & 31];
	for (v >>= 5; v; v >>= 5)
		tmp[n++] = SEARCH_CONT[v & 31];
	while (n)
		buf_putc(b, tmp[--n]);
}

struct search_index *search_index_new(void)
{
	struct search_index *ix = xcalloc(1, sizeof *ix);

	ix->cap = 1024;
	ix->slots = xcalloc(ix->cap, sizeof *ix->slots);
	return ix;
}

static void grow_table(struct search_index *ix)
{
	size_t i, cap = ix->cap * 2;
	uint32_t *slots = xcalloc(cap, sizeof *slots);

	for (i = 0; i < ix->nterms; i++) {
		size_t j = ix->terms[i].hash & (cap - 1);

		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = (uint32_t)i + 1;
	}
	free(ix->slots);
	ix->slots = slots;
	ix->cap = cap;
}

/* The id of term s[0..len), added if new. */
static uint32_t term_id(struct search_index *ix, const char *s, size_t len)
{
	uint32_t h = search_fnv1a(s, len);
	size_t j = h & (ix->cap - 1);
	struct search_term *t;

	for (; ix->slots[j]; j = (j + 1) & (ix->cap - 1)) {
		t = &ix->terms[ix->slots[j] - 1];
		if (t->hash == h && t->len == len && !memcmp(t->str, s, len))
			return ix->slots[j] - 1;
	}
	if (ix->nterms == ix->termcap) {
		ix->termcap = ix->termcap ? ix->termcap * 2 : 1024;
		ix->terms = xreallocarray(ix->terms, ix->termcap, sizeof *ix->terms);
	}
	t = &ix->terms[ix->nterms];
	memset(t, 0, sizeof *t);
	t->str = xstrndup(s, len);
	t->len = len;
	t->hash = h;
	buf_init(&t->post);
	ix->slots[j] = (uint32_t)ix->nterms + 1;
	if (++ix->nterms * 2 > ix->cap)
		grow_table(ix);
	return (uint32_t)ix->nterms - 1;
}

struct add_ctx {
	struct search_index *ix;
	int flag;      /* 1 in title and 发文字号 */
	size_t length; /* unigrams and words: the entry's length for BM25 */
};

static void add_term(void *vctx, const char *term, size_t len, enum searchtok_kind kind)
{
	struct add_ctx *c = vctx;
	struct search_index *ix = c->ix;

	if (kind != SEARCHTOK_BIGRAM)
		c->length++;
	if (ix->nocc == ix->occcap) {
		ix->occcap = ix->occcap ? ix->occcap * 2 : 4096;
		ix->occ = xreallocarray(ix->occ, ix->occcap, sizeof *ix->occ);
	}
	ix->occ[ix->nocc++] = (uint64_t)term_id(ix, term, len) << 1 | (uint64_t)c->flag;
}

static void add_field(struct add_ctx *c, const char *s, int flag)
{
	struct buf norm = BUF_INIT;

	if (!s || !*s)
		return;
	if (searchtok_normalize(&norm, s, strlen(s)) == 0) {
		c->flag = flag;
		searchtok_terms(norm.ptr, norm.len, add_term, c);
	}
	c->ix->text_bytes += strlen(s);
	buf_release(&norm);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Append entry id's (tf, flag) to each term in the sorted occurrences. */
static void flush_occ(struct search_index *ix, uint32_t id)
{
	size_t i = 0, j;

	qsort(ix->occ, ix->nocc, sizeof *ix->occ, cmp_u64);
	while (i < ix->nocc) {
		uint32_t tid = (uint32_t)(ix->occ[i] >> 1);
		struct search_term *t = &ix->terms[tid];
		uint32_t flag = 0;

		for (j = i; j < ix->nocc && (uint32_t)(ix->occ[j] >> 1) == tid; j++)
			flag |= (uint32_t)(ix->occ[j] & 1);
		search_put_varint(&t->post, id - t->last);
		search_put_varint(&t->post, (uint32_t)(j - i) << 1 | flag);
		t->last = id;
		t->df++;
		i = j;
	}
	ix->nocc = 0;
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

void search_index_add(struct search_index *ix, const struct search_entry *e)
{
	struct add_ctx c = {ix, 0, 0};
	uint32_t id = (uint32_t)ix->ndocs;
	struct search_doc *d;

	if (ix->ndocs == ix->doccap) {
		ix->doccap = ix->doccap ? ix->doccap * 2 : 64;
		ix->docs = xreallocarray(ix->docs, ix->doccap, sizeof *ix->docs);
	}
	d = &ix->docs[ix->ndocs++];
	copy_entry(d, e);
	add_field(&c, e->title, 1);
	add_field(&c, e->number, 1);
	add_field(&c, e->issuers, 0);
	add_field(&c, e->depts, 0);
	add_field(&c, e->topics, 0);
	add_field(&c, e->body, 0);
	d->length = c.length;
	ix->total_length += c.length;
	flush_occ(ix, id);
}

void search_index_stats(const struct search_index *ix, struct search_stats *st)
{
	memset(st, 0, sizeof *st);
	if (!ix)
		return;
	st->entries = ix->ndocs;
	st->terms = ix->nterms;
	st->shards = ix->nshards;
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
	for (i = 0; i < ix->nterms; i++) {
		free(ix->terms[i].str);
		buf_release(&ix->terms[i].post);
	}
	for (i = 0; i < ix->ndocs; i++)
		free_doc(&ix->docs[i]);
	free(ix->terms);
	free(ix->slots);
	free(ix->docs);
	free(ix->occ);
	free(ix);
}
