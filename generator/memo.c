/* memo.c - memo keys of page groups; see memo.h. */
#include "memo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "history.h"
#include "page.h"
#include "value.h"

void memo_begin(struct buf *b, const unsigned char *base, const char *kind)
{
	buf_init(b);
	memo_restart(b, base, kind);
}

void memo_restart(struct buf *b, const unsigned char *base, const char *kind)
{
	buf_reset(b);
	buf_puts(b, "huibian-memo 3\n");
	memo_bytes(b, base, base ? HASH_SIZE : 0);
	memo_str(b, kind);
}

/* A tag byte and v in 8 bytes, least significant first (no printf: keys
 * of every document are made on every build). */
static void put_tagged(struct buf *b, char tag, unsigned long long v)
{
	unsigned char w[9];
	int i;

	w[0] = (unsigned char)tag;
	for (i = 1; i < 9; i++, v >>= 8)
		w[i] = (unsigned char)(v & 0xFF);
	buf_put(b, w, sizeof(w));
}

/* 'b', the length in 8 bytes, the bytes ('n' alone for NULL). */
void memo_bytes(struct buf *b, const void *p, size_t len)
{
	if (!p && len == 0) {
		buf_putc(b, 'n');
		return;
	}
	put_tagged(b, 'b', len);
	buf_put(b, p, len);
}

void memo_str(struct buf *b, const char *s)
{
	memo_bytes(b, s, s ? strlen(s) : 0);
}

void memo_num(struct buf *b, long long n)
{
	put_tagged(b, '#', (unsigned long long)n);
}

void memo_end(unsigned char out[HASH_SIZE], struct buf *b)
{
	memo_hash(out, b);
	buf_release(b);
}

void memo_hash(unsigned char out[HASH_SIZE], const struct buf *b)
{
	hash_bytes(out, b->ptr, b->len);
}

/* A date as the number yyyymmdd (every date that date_format prints
 * differently), or 'u' when unset (no printf: a date of every document
 * and measure). */
static void memo_date(struct buf *b, struct date d)
{
	if (!date_is_set(d))
		buf_putc(b, 'u');
	else
		put_tagged(b, 'd',
			   ((unsigned)d.y % 10000u) * 10000ULL + ((unsigned)d.m % 100u) * 100u +
			       (unsigned)d.d % 100u);
}

/* What the pages of other documents show of doc. */
static void memo_doc_link(struct buf *b, const struct doc *doc)
{
	memo_str(b, doc->path);
	memo_str(b, doc->slug);
	memo_str(b, doc->title);
	memo_str(b, doc->number);
	memo_str(b, doc->compilation);
	memo_str(b, doc->section);
	memo_num(b, doc->has_order ? doc->order : -1);
	memo_num(b, doc->has_order);
	memo_num(b, (long long)doc->status);
	memo_date(b, page_doc_date(doc));
}

void memo_site(unsigned char out[HASH_SIZE], const unsigned char env[HASH_SIZE],
	       const struct site *s, const struct history *h)
{
	struct buf b;
	size_t i, j;

	memo_begin(&b, env, "site");
	memo_date(&b, s->today);
	memo_num(&b, h && h->ncommits > 0);
	memo_num(&b, (long long)s->ncomps);
	for (i = 0; i < s->ncomps; i++) {
		const struct compilation *c = s->comps[i];
		memo_str(&b, c->name);
		memo_str(&b, c->title);
		memo_date(&b, c->date);
		memo_num(&b, (long long)c->sections.n);
		for (j = 0; j < c->sections.n; j++)
			memo_str(&b, c->sections.v[j]);
		memo_num(&b, (long long)c->ndocs);
		for (j = 0; j < c->ndocs; j++)
			memo_str(&b, c->docs[j]->path);
	}
	memo_num(&b, (long long)s->ndocs);
	for (i = 0; i < s->ndocs; i++)
		memo_doc_link(&b, s->docs[i]);
	memo_end(out, &b);
}

static void memo_strlist(struct buf *b, const struct strlist *l)
{
	size_t i;

	memo_num(b, (long long)l->n);
	for (i = 0; i < l->n; i++)
		memo_str(b, l->v[i]);
}

void memo_doc_front(struct buf *b, const struct doc *doc)
{
	const char *const strs[] = {doc->path,	     doc->slug,	  doc->compilation,
				    doc->title,	     doc->number, doc->recipients,
				    doc->level,	     doc->kind,	  doc->section,
				    doc->attachment, doc->source, doc->index_number};
	const struct strlist *const lists[] = {&doc->issuers, &doc->topics, &doc->supersedes,
					       &doc->repeals, &doc->amends};
	size_t i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		memo_str(b, strs[i]);
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		memo_strlist(b, lists[i]);
	memo_date(b, doc->signed_on);
	memo_date(b, doc->published);
	memo_date(b, doc->effective);
	memo_date(b, doc->expires);
	memo_num(b, doc->order);
	memo_num(b, doc->has_order);
	memo_num(b, doc->has_status);
	memo_num(b, (long long)doc->status_given);
	memo_num(b, (long long)doc->status);
}

/* The header memo_bytes writes before len bytes of p, in w (9 bytes at
 * most); returns its length. */
static size_t bytes_header(unsigned char w[9], const void *p, size_t len)
{
	unsigned long long v = len;
	int i;

	if (!p && len == 0) {
		w[0] = 'n';
		return 1;
	}
	w[0] = 'b';
	for (i = 1; i < 9; i++, v >>= 8)
		w[i] = (unsigned char)(v & 0xFF);
	return 9;
}

void memo_text_hash(unsigned char out[HASH_SIZE], const char *text, const char *summary)
{
	unsigned char h1[9], h2[9];
	struct iovec v[4];
	size_t n1 = text ? strlen(text) : 0, n2 = summary ? strlen(summary) : 0;

	v[0] = (struct iovec){h1, bytes_header(h1, text, n1)};
	v[1] = (struct iovec){(void *)text, n1};
	v[2] = (struct iovec){h2, bytes_header(h2, summary, n2)};
	v[3] = (struct iovec){(void *)summary, n2};
	hash_pieces(out, v, 4);
}

void memo_measure(struct buf *b, const struct measure *m)
{
	unsigned char h[HASH_SIZE];

	memo_str(b, m->id);
	memo_strlist(b, &m->topics);
	memo_strlist(b, &m->depts);
	memo_str(b, m->amount);
	memo_str(b, m->beneficiaries);
	memo_str(b, m->mode);
	memo_date(b, m->deadline);
	if (!m->has_text_hash)
		memo_text_hash(h, m->text, m->summary);
	memo_bytes(b, m->has_text_hash ? m->text_hash : h, HASH_SIZE);
}

void memo_value(struct buf *b, const struct value *v)
{
	size_t i;

	if (!v) {
		memo_num(b, -1);
		return;
	}
	memo_num(b, (long long)v->type);
	memo_num(b, v->boolean);
	memo_bytes(b, &v->number, sizeof(v->number));
	memo_bytes(b, v->str, v->str ? v->len : 0);
	memo_num(b, (long long)v->n);
	for (i = 0; i < v->n; i++) {
		memo_str(b, v->type == VALUE_MAP ? v->keys[i] : NULL);
		memo_value(b, v->items[i]);
	}
}

/* Every field of version v that a history page shows. */
static void memo_version(struct buf *b, const struct history_version *v)
{
	memo_str(b, v->id);
	memo_str(b, v->short_id);
	memo_num(b, v->time);
	memo_num(b, v->offset_minutes);
	memo_str(b, v->author);
	memo_str(b, v->summary);
	memo_str(b, v->path);
	memo_bytes(b, v->blob.id, sizeof(v->blob.id));
	memo_num(b, v->status);
}

void memo_history(unsigned char out[HASH_SIZE], const unsigned char site[HASH_SIZE],
		  const struct history *h, const struct history_doc *hd, const struct doc *live)
{
	struct buf b;
	size_t k;

	memo_begin(&b, site, "history");
	memo_num(&b, h->shallow);
	memo_str(&b, h->prefix);
	memo_str(&b, hd->path);
	memo_num(&b, hd->deleted);
	memo_num(&b, (long long)hd->n);
	for (k = 0; k < hd->n; k++)
		memo_version(&b, &hd->v[k]);
	memo_num(&b, live != NULL);
	if (live) {
		memo_str(&b, live->path);
		memo_bytes(&b, live->has_blob_id ? live->blob_id : NULL,
			   live->has_blob_id ? sizeof(live->blob_id) : 0);
		memo_num(&b, history_is_modified_id(h, live->path,
						    live->has_blob_id ? live->blob_id : NULL));
	}
	memo_end(out, &b);
}
