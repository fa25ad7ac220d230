/* viewsmemo.c - the memo keys of the views' groups of pages: the hashes of
 * the documents and measures, made once per build, and the start and end
 * of a group's key; see viewsint.h (struct vmemo) and memo.h. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "memo.h"
#include "parallel.h"
#include "viewsint.h"
#include "xalloc.h"

/* How many groups were keyed, and how many of them reused. */
struct vcount {
	atomic_size_t groups, reused;
};

/* The hash of document di: every front matter field and its status, its
 * level as the views name it, its number of measures and the department
 * (id and canonical name) of each issuer. */
static void doc_hash(unsigned char out[HASH_SIZE], struct buf *b, const struct views *v, size_t di)
{
	const struct doc *doc = v->s->docs[di];
	size_t k;

	memo_restart(b, NULL, "view doc");
	memo_doc_front(b, doc);
	memo_str(b, views_doc_level(doc));
	memo_num(b, (long long)doc->nmeasures);
	for (k = 0; k < doc->issuers.n; k++) {
		memo_str(b, v->depts[v->docs[di].issuers[k]].id);
		memo_str(b, v->depts[v->docs[di].issuers[k]].name);
	}
	memo_hash(out, b);
}

/* The hash of measure k of document di, whose hash is doc: that hash, k,
 * every field of the measure, and the topic and department (id and name)
 * each of its topics and departments resolves to. */
static void measure_hash(unsigned char out[HASH_SIZE], struct buf *b, const struct views *v,
			 const unsigned char doc[HASH_SIZE], size_t di, size_t k)
{
	const struct measure *m = &v->s->docs[di]->measures[k];
	const struct vdoc *vd = &v->docs[di];
	size_t j;

	memo_restart(b, doc, "view measure");
	memo_num(b, (long long)k);
	memo_measure(b, m);
	for (j = 0; j < m->topics.n; j++) {
		memo_str(b, v->topics[vd->mtopics[k][j]].id);
		memo_str(b, v->topics[vd->mtopics[k][j]].name);
	}
	for (j = 0; j < m->depts.n; j++) {
		memo_str(b, v->depts[vd->mdepts[k][j]].id);
		memo_str(b, v->depts[vd->mdepts[k][j]].name);
	}
	memo_hash(out, b);
}

/* The hashes being made on several threads. */
struct hashing {
	const struct views *v;
	struct vmemo *m;
};

/* Documents per task of views_memo_init (a task keys them in one buffer). */
#define HASH_BLOCK 64

/* parallel_for task: the hashes of documents [i * HASH_BLOCK, + HASH_BLOCK)
 * and of their measures (their own slots). */
static void hash_docs(size_t i, void *ctx)
{
	struct hashing *h = ctx;
	const struct site *s = h->v->s;
	struct buf b = BUF_INIT;
	size_t di, k;

	for (di = i * HASH_BLOCK; di < s->ndocs && di < (i + 1) * HASH_BLOCK; di++) {
		doc_hash(h->m->doc[di], &b, h->v, di);
		for (k = 0; k < s->docs[di]->nmeasures; k++)
			measure_hash(h->m->measure[h->m->mfirst[di] + k], &b, h->v, h->m->doc[di],
				     di, k);
	}
	buf_release(&b);
}

void views_memo_init(struct vmemo *m, const struct pages *p, const struct views *v)
{
	const struct site *s = v->s;
	struct hashing h = {v, m};
	size_t i, n = 0;
	struct buf b;

	memo_begin(&b, p->memo, "views");
	memo_num(&b, p->nav_views);
	memo_end(m->base, &b);
	m->mfirst = xcalloc(s->ndocs + 1, sizeof(*m->mfirst));
	for (i = 0; i < s->ndocs; i++) {
		m->mfirst[i] = n;
		n += s->docs[i]->nmeasures;
	}
	m->doc = xcalloc(s->ndocs + 1, HASH_SIZE);
	m->measure = xcalloc(n + 1, HASH_SIZE);
	m->count = xcalloc(1, sizeof(*m->count));
	atomic_init(&m->count->groups, 0);
	atomic_init(&m->count->reused, 0);
	parallel_for((s->ndocs + HASH_BLOCK - 1) / HASH_BLOCK, p->jobs, hash_docs, &h);
}

void views_memo_release(struct vmemo *m)
{
	free(m->doc);
	free(m->measure);
	free(m->mfirst);
	free(m->count);
}

void views_memo_begin(struct buf *b, const struct vmemo *m, const char *kind)
{
	memo_begin(b, m->base, kind);
}

void views_memo_doc(struct buf *b, const struct vmemo *m, size_t di)
{
	buf_put(b, m->doc[di], HASH_SIZE);
}

void views_memo_refs(struct buf *b, const struct vmemo *m, const struct vref *refs, size_t n)
{
	size_t k;

	memo_num(b, (long long)n);
	for (k = 0; k < n; k++) {
		if (refs[k].m == VIEWS_NONE)
			buf_put(b, m->doc[refs[k].doc], HASH_SIZE);
		else
			buf_put(b, m->measure[m->mfirst[refs[k].doc] + refs[k].m], HASH_SIZE);
		memo_num(b, (long long)refs[k].role);
	}
}

int views_memo_reuse(const struct vmemo *m, struct buf *b, struct pages *q,
		     unsigned char key[HASH_SIZE])
{
	memo_end(key, b);
	return views_memo_reuse_key(m, q, key);
}

int views_memo_reuse_key(const struct vmemo *m, struct pages *q, const unsigned char *key)
{
	atomic_fetch_add(&m->count->groups, 1);
	if (output_reuse(q->out, key, NULL)) {
		atomic_fetch_add(&m->count->reused, 1);
		return 1;
	}
	q->key = key;
	return 0;
}

void views_memo_report(const struct vmemo *m, const struct pages *p)
{
	if (!p->verbose)
		return;
	if (isatty(fileno(stderr))) /* a terminal's progress line erased first */
		fputs("\r\033[K", stderr);
	fprintf(stderr, "huibian: views: %zu of %zu groups of pages from the last build\n",
		atomic_load(&m->count->reused), atomic_load(&m->count->groups));
}
