/* feedscsv.c - data/measures.csv (UTF-8 with BOM, RFC 4180): one row per
 * measure in site order; see feeds.h.  With the memo, a group keyed by
 * every measure's hash (viewsint.h: each covers its document's hash and
 * every field of the measure, which is all its rows show). */
#include "feeds.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "memo.h"
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

/* The file in out: the head, then one row per measure in site order. */
static void measures_csv(struct buf *out, const struct views *v)
{
	size_t i, k;

	buf_put(out, csv_head, sizeof(csv_head) - 1);
	for (i = 0; i < v->s->ndocs; i++)
		for (k = 0; k < v->s->docs[i]->nmeasures; k++)
			csv_measure(out, v, i, k);
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
	struct buf b = BUF_INIT;
	int rc;

	if (m) {
		csv_key(key, v, m);
		if (views_memo_reuse_key(m, &q, key))
			return 0;
	}
	measures_csv(&b, v);
	rc = output_write_key(q.out, CSV_PATH, b.ptr, b.len, q.key);
	if (rc < 0)
		diag_error(q.d, CSV_PATH, 0, 0, "cannot write this file of the site");
	buf_release(&b);
	return rc;
}
