/* feedscsv.c - data/measures.csv (UTF-8 with BOM, RFC 4180): one row per
 * measure in site order; see feeds.h.
 *
 * With the memo, the rows of each document are a chunk keyed by its
 * measures' hashes (viewsint.h: each covers its document's hash and every
 * field of the measure, which is all its rows show), and the table of the
 * chunks is saved in the build cache (viewsfile.h).  The next build that
 * has to write the file again copies every chunk whose key it finds in the
 * table from the published file, and makes only the others. */
#include "feeds.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "escape.h"
#include "memo.h"
#include "strset.h"
#include "xalloc.h"

#define CSV_PATH "data/measures.csv"

/* What precedes the rows: the BOM and the header. */
static const char csv_head[] = "\xEF\xBB\xBF"
			       "id,url,document_path,document_title,document_number,"
			       "document_status,topics,depts,depts_canonical,amount,"
			       "beneficiaries,mode,deadline,summary,text\r\n";

static void csv(struct buf *out, const char *s, int first)
{
	if (!first)
		buf_putc(out, ',');
	escape_csv(out, s ? s : "", s ? strlen(s) : 0);
}

static void csv_list(struct buf *out, const struct strlist *l)
{
	char *j = strlist_join(l, "、");

	csv(out, j, 0);
	free(j);
}

/* The row of measure i of document di. */
static void csv_measure(struct buf *out, const struct views *v, size_t di, size_t i)
{
	const struct doc *doc = v->s->docs[di];
	const struct measure *m = &doc->measures[i];
	struct buf tmp = BUF_INIT;
	char dl[11];
	size_t k;

	csv(out, m->id, 1);
	buf_printf(&tmp, "%s/index.html#%s", doc->slug, m->id);
	csv(out, tmp.ptr, 0);
	csv(out, doc->path, 0);
	csv(out, doc->title, 0);
	csv(out, doc->number, 0);
	csv(out, status_label(doc->status), 0);
	csv_list(out, &m->topics);
	csv_list(out, &m->depts);
	buf_reset(&tmp);
	for (k = 0; k < m->depts.n; k++)
		buf_printf(&tmp, "%s%s", k ? "、" : "", v->depts[v->docs[di].mdepts[i][k]].name);
	csv(out, tmp.ptr, 0);
	csv(out, m->amount, 0);
	csv(out, m->beneficiaries, 0);
	csv(out, m->mode, 0);
	date_format(dl, m->deadline);
	csv(out, dl, 0);
	csv(out, m->summary, 0);
	csv(out, m->text, 0);
	buf_puts(out, "\r\n");
	buf_release(&tmp);
}

/* The published file and its table, when they can be used. */
struct oldcsv {
	const struct chunks *t; /* saved by the last build (views_memo_saved_csv) */
	const char *data;	/* mapped (output_map_published) */
	size_t len;
	struct strset index; /* hex chunk key → chunk number + 1 */
};

/* Open the published file that the table t (NULL: none) describes: 1, or
 * 0 when it cannot be used. */
static int old_open(struct oldcsv *old, const struct pages *p, const struct chunks *t)
{
	char hex[HASH_HEX_SIZE];
	size_t i;

	if (!t || strcmp(t->path, CSV_PATH) ||
	    !output_map_published(p->out, CSV_PATH, t->key, &old->data, &old->len))
		return 0;
	if (old->len != chunks_size(t) || t->head != sizeof(csv_head) - 1 ||
	    memcmp(old->data, csv_head, t->head)) {
		output_unmap(old->data, old->len);
		return 0;
	}
	old->t = t;
	old->index = (struct strset)STRSET_INIT;
	for (i = 0; i < t->n; i++) {
		hash_hex(hex, t->keys[i]);
		strset_add(&old->index, hex, (void *)(uintptr_t)(i + 1));
	}
	return 1;
}

static void old_close(struct oldcsv *old)
{
	output_unmap(old->data, old->len);
	strset_release(&old->index);
}

/* The number + 1 of the chunk of key key in old (NULL: none), or 0. */
static size_t old_chunk(const struct oldcsv *old, const unsigned char key[HASH_SIZE])
{
	char hex[HASH_HEX_SIZE];
	void *v;

	if (!old)
		return 0;
	hash_hex(hex, key);
	return strset_get(&old->index, hex, &v) ? (size_t)(uintptr_t)v : 0;
}

/* The file as pieces, one after the other: the head, chunks of the
 * published file and rows made here; offsets until the rows are made. */
enum { FROM_HEAD, FROM_OLD, FROM_MADE };
struct piece {
	int from;
	size_t off, len;
};
struct pieces {
	struct piece *v;
	size_t n, cap;
	struct buf made; /* the rows made */
};

/* Append a piece (joined to the last when it goes on from it). */
static void piece_add(struct pieces *ps, int from, size_t off, size_t len)
{
	struct piece *last = ps->n ? &ps->v[ps->n - 1] : NULL;

	if (last && last->from == from && last->off + last->len == off) {
		last->len += len;
		return;
	}
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 16;
		ps->v = xreallocarray(ps->v, ps->cap, sizeof(*ps->v));
	}
	ps->v[ps->n].from = from;
	ps->v[ps->n].off = off;
	ps->v[ps->n++].len = len;
}

/* The file in ps: the head, then the rows of every document with
 * measures, each from old when its chunk is there (old NULL: none); with
 * t (NULL: no table), the chunks' keys are t->keys and their lengths are
 * set in t->len.  Returns the number of chunks copied from old. */
static size_t measures_csv(struct pieces *ps, const struct views *v, struct chunks *t,
			   const struct oldcsv *old)
{
	size_t i, k, j = 0, c, start, copied = 0;

	piece_add(ps, FROM_HEAD, 0, sizeof(csv_head) - 1);
	for (i = 0; i < v->s->ndocs; i++) {
		if (!v->s->docs[i]->nmeasures)
			continue;
		if (t && (c = old_chunk(old, t->keys[j])) != 0) {
			piece_add(ps, FROM_OLD, old->t->off[c - 1], old->t->len[c - 1]);
			t->len[j++] = old->t->len[c - 1];
			copied++;
			continue;
		}
		start = ps->made.len;
		for (k = 0; k < v->s->docs[i]->nmeasures; k++)
			csv_measure(&ps->made, v, i, k);
		piece_add(ps, FROM_MADE, start, ps->made.len - start);
		if (t)
			t->len[j++] = ps->made.len - start;
	}
	return copied;
}

/* Write the file of ps (old: the published one its pieces come from). */
static int csv_put(const struct pages *q, const struct pieces *ps, const struct oldcsv *old)
{
	struct iovec *iov = xcalloc(ps->n + 1, sizeof(*iov));
	size_t i;
	int rc;

	for (i = 0; i < ps->n; i++) {
		const char *base = ps->v[i].from == FROM_HEAD  ? csv_head
				   : ps->v[i].from == FROM_OLD ? old->data
							       : ps->made.ptr;
		iov[i].iov_base = (void *)(base + ps->v[i].off);
		iov[i].iov_len = ps->v[i].len;
	}
	rc = output_write_pieces(q->out, CSV_PATH, iov, ps->n, q->key);
	if (rc < 0)
		diag_error(q->d, CSV_PATH, 0, 0, "cannot write this file of the site");
	free(iov);
	return rc;
}

/* The table of the new file of key key: its path, key, head, and a chunk
 * per document with measures, keyed by the base key (which has the tool
 * that writes the rows) and their hashes (lengths to come). */
static void new_table(struct chunks *t, const struct views *v, const struct vmemo *m,
		      const unsigned char key[HASH_SIZE])
{
	size_t i, j = 0;
	struct buf b;

	memset(t, 0, sizeof(*t));
	t->path = xstrdup(CSV_PATH);
	memcpy(t->key, key, HASH_SIZE);
	t->head = sizeof(csv_head) - 1;
	for (i = 0; i < v->s->ndocs; i++)
		t->n += v->s->docs[i]->nmeasures > 0;
	t->keys = xcalloc(t->n + 1, HASH_SIZE);
	t->len = xcalloc(t->n + 1, sizeof(*t->len));
	for (i = 0; i < v->s->ndocs; i++) {
		if (!v->s->docs[i]->nmeasures)
			continue;
		memo_begin(&b, m->base, "csv chunk"); /* the tool, which writes the rows */
		memo_bytes(&b, m->measure[m->mfirst[i]],
			   v->s->docs[i]->nmeasures * (size_t)HASH_SIZE);
		memo_end(t->keys[j++], &b);
	}
}

/* The group key of the file: every measure's hash, in site order. */
static void csv_key(unsigned char key[HASH_SIZE], const struct views *v, const struct vmemo *m)
{
	struct buf b;
	size_t i;

	views_memo_begin(&b, m, "measures.csv");
	memo_num(&b, (long long)v->s->ndocs);
	for (i = 0; i < v->s->ndocs; i++)
		memo_bytes(&b, m->measure[m->mfirst[i]],
			   v->s->docs[i]->nmeasures * (size_t)HASH_SIZE);
	memo_end(key, &b);
}

int feeds_write_csv(const struct pages *p, const struct views *v, const struct vmemo *m)
{
	struct pages q = *p;
	unsigned char key[HASH_SIZE];
	struct pieces ps = {NULL, 0, 0, BUF_INIT};
	struct chunks t;
	struct oldcsv old;
	size_t copied;
	int have_old = 0, rc;

	if (m) {
		csv_key(key, v, m);
		if (views_memo_reuse_key(m, &q, key)) {
			views_memo_csv(m, key, NULL, 0);
			return 0;
		}
		new_table(&t, v, m, key);
		have_old = old_open(&old, p, views_memo_saved_csv(m));
	}
	copied = measures_csv(&ps, v, m ? &t : NULL, have_old ? &old : NULL);
	rc = csv_put(&q, &ps, have_old ? &old : NULL);
	if (have_old)
		old_close(&old);
	if (m && rc == 0)
		views_memo_csv(m, key, &t, copied); /* takes t */
	if (m)
		chunks_release(&t);
	free(ps.v);
	buf_release(&ps.made);
	return rc;
}
