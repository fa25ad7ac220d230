/* memo.c - memo keys of page groups; see memo.h. */
#include "memo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "history.h"
#include "page.h"
#include "parallel.h"
#include "xalloc.h"

void memo_begin(struct buf *b, const unsigned char *base, const char *kind)
{
	buf_init(b);
	buf_puts(b, "huibian-memo 2\n");
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
	hash_bytes(out, b->ptr, b->len);
	buf_release(b);
}

static void memo_date(struct buf *b, struct date d)
{
	char s[11];

	date_format(s, d);
	memo_str(b, s);
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

/* What the views may show of doc: every front matter field, its status
 * and every field of its measures but where they were written (which
 * only the warnings of views_check name), as a hash h. */
static void memo_doc_view(unsigned char h[HASH_SIZE], const struct doc *doc)
{
	const char *const strs[] = {doc->path,	     doc->slug,	  doc->compilation,
				    doc->title,	     doc->number, doc->recipients,
				    doc->level,	     doc->kind,	  doc->section,
				    doc->attachment, doc->source, doc->index_number};
	const struct strlist *const lists[] = {&doc->issuers, &doc->topics, &doc->supersedes,
					       &doc->repeals, &doc->amends};
	struct buf d;
	size_t i;

	memo_begin(&d, NULL, "view");
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		memo_str(&d, strs[i]);
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		memo_strlist(&d, lists[i]);
	memo_date(&d, doc->signed_on);
	memo_date(&d, doc->published);
	memo_date(&d, doc->effective);
	memo_date(&d, doc->expires);
	memo_num(&d, doc->order);
	memo_num(&d, doc->has_order);
	memo_num(&d, doc->has_status);
	memo_num(&d, (long long)doc->status_given);
	memo_num(&d, (long long)doc->status);
	memo_num(&d, (long long)doc->nmeasures);
	for (i = 0; i < doc->nmeasures; i++) {
		const struct measure *m = &doc->measures[i];
		memo_str(&d, m->id);
		memo_strlist(&d, &m->topics);
		memo_strlist(&d, &m->depts);
		memo_str(&d, m->amount);
		memo_str(&d, m->beneficiaries);
		memo_str(&d, m->mode);
		memo_date(&d, m->deadline);
		memo_str(&d, m->text);
		memo_str(&d, m->summary);
	}
	memo_end(h, &d);
}

/* The documents' view hashes, made in parallel. */
struct doc_views {
	const struct site *s;
	unsigned char (*h)[HASH_SIZE];
};

static void doc_view_run(size_t i, void *ctx)
{
	struct doc_views *v = ctx;

	memo_doc_view(v->h[i], v->s->docs[i]);
}

void memo_views(unsigned char out[HASH_SIZE], const unsigned char site[HASH_SIZE],
		const struct site *s, int jobs)
{
	struct doc_views v = {s, xcalloc(s->ndocs + 1, HASH_SIZE)};
	struct buf b;
	size_t i;

	parallel_for(s->ndocs, jobs, doc_view_run, &v);
	memo_begin(&b, site, "views");
	memo_num(&b, (long long)s->ndocs);
	for (i = 0; i < s->ndocs; i++)
		buf_put(&b, v.h[i], HASH_SIZE);
	memo_end(out, &b);
	free(v.h);
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
