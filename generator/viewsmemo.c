/* viewsmemo.c - the memo keys of the views' groups of pages: the hashes of
 * the documents and measures, made once per build, the start and end of a
 * group's key, and what the views save for the next build (viewsfile.h);
 * see viewsint.h (struct vmemo) and memo.h. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "memo.h"
#include "parallel.h"
#include "viewsint.h"
#include "xalloc.h"

/* What the groups share while they are written. */
struct vstate {
	atomic_size_t groups, reused;	  /* keyed, and reused of them */
	atomic_size_t chunks, copied;	  /* of data/measures.csv, when made */
	pthread_mutex_t lock;		  /* guards the rest */
	unsigned char (*keys)[HASH_SIZE]; /* every group keyed */
	size_t nkeys, cap;
	struct viewsfile saved; /* what the last build saved; all 0 when none */
	int have_saved;
	unsigned char (*pre)[HASH_SIZE]; /* the groups views_memo_shortcut reused, sorted */
	size_t npre;
	struct chunks csv; /* the table of data/measures.csv as written (path NULL: none) */
	unsigned char csv_key[HASH_SIZE];
	int csv_keyed; /* csv_key is set: the file was written or reused */
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

static struct vstate *state_new(const struct pages *p);

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
	parallel_for((s->ndocs + HASH_BLOCK - 1) / HASH_BLOCK, p->jobs, hash_docs, &h);
	memo_begin(&b, m->base, "views all");
	memo_num(&b, (long long)s->ndocs);
	buf_put(&b, m->doc, s->ndocs * (size_t)HASH_SIZE);
	for (i = 0; i < s->ndocs; i++)
		memo_num(&b, (long long)s->docs[i]->nmeasures);
	buf_put(&b, m->measure, n * (size_t)HASH_SIZE);
	memo_end(m->all, &b);
	m->state = state_new(p);
}

void views_memo_release(struct vmemo *m)
{
	struct vstate *st = m->state;

	free(m->doc);
	free(m->measure);
	free(m->mfirst);
	pthread_mutex_destroy(&st->lock);
	free(st->keys);
	viewsfile_release(&st->saved);
	free(st->pre);
	chunks_release(&st->csv);
	free(st);
}

/* The state of the groups of pages p writes, with what the last build's
 * views saved. */
static struct vstate *state_new(const struct pages *p)
{
	struct vstate *st = xcalloc(1, sizeof(*st));
	const char *file = cache_views_file(p->cache);

	atomic_init(&st->groups, 0);
	atomic_init(&st->reused, 0);
	atomic_init(&st->chunks, 0);
	atomic_init(&st->copied, 0);
	pthread_mutex_init(&st->lock, NULL);
	st->have_saved = file && viewsfile_load(&st->saved, file) == 0;
	return st;
}

static int cmp_key(const void *a, const void *b)
{
	return memcmp(a, b, HASH_SIZE);
}

int views_memo_shortcut(const struct vmemo *m, const struct pages *p)
{
	struct vstate *st = m->state;
	size_t i, n = st->saved.ngroups;

	if (!st->have_saved || !n || memcmp(st->saved.all, m->all, HASH_SIZE))
		return 0;
	for (i = 0; i < n && output_reuse(p->out, st->saved.groups[i], NULL); i++)
		;
	if (i == n) {
		atomic_store(&st->groups, n);
		atomic_store(&st->reused, n);
		return 1;
	}
	st->pre = xcalloc(i + 1, HASH_SIZE); /* linked: not to be linked again */
	memcpy(st->pre, st->saved.groups, i * (size_t)HASH_SIZE);
	st->npre = i;
	qsort(st->pre, i, HASH_SIZE, cmp_key);
	return 0;
}

/* The table of data/measures.csv to save: the one it was written with, or
 * the saved one when it was reused with the key that table has. */
static const struct chunks *csv_to_save(const struct vstate *st)
{
	if (st->csv.path)
		return &st->csv;
	if (st->have_saved && st->saved.csv.path && st->csv_keyed &&
	    !memcmp(st->saved.csv.key, st->csv_key, HASH_SIZE))
		return &st->saved.csv;
	return NULL;
}

void views_memo_save(const struct vmemo *m, const struct pages *p)
{
	struct vstate *st = m->state;
	const char *file = cache_views_file(p->cache);
	const struct chunks *csv = csv_to_save(st);
	struct viewsfile f;

	if (!file)
		return;
	memset(&f, 0, sizeof(f));
	memcpy(f.all, m->all, HASH_SIZE);
	f.groups = st->keys;
	f.ngroups = st->nkeys;
	if (csv)
		f.csv = *csv; /* borrowed: not released here */
	viewsfile_save(&f, file, cache_out(p->cache));
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

/* Remember key among the groups' keys. */
static void keep_key(struct vstate *st, const unsigned char *key)
{
	pthread_mutex_lock(&st->lock);
	if (st->nkeys == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 256;
		st->keys = xreallocarray(st->keys, st->cap, HASH_SIZE);
	}
	memcpy(st->keys[st->nkeys++], key, HASH_SIZE);
	pthread_mutex_unlock(&st->lock);
}

int views_memo_reuse_key(const struct vmemo *m, struct pages *q, const unsigned char *key)
{
	struct vstate *st = m->state;

	keep_key(st, key);
	atomic_fetch_add(&st->groups, 1);
	if ((st->npre && bsearch(key, st->pre, st->npre, HASH_SIZE, cmp_key)) ||
	    output_reuse(q->out, key, NULL)) {
		atomic_fetch_add(&st->reused, 1);
		return 1;
	}
	q->key = key;
	return 0;
}

const struct chunks *views_memo_saved_csv(const struct vmemo *m)
{
	const struct vstate *st = m->state;

	return st->have_saved && st->saved.csv.path ? &st->saved.csv : NULL;
}

void views_memo_csv(const struct vmemo *m, const unsigned char key[HASH_SIZE], struct chunks *t,
		    size_t copied)
{
	struct vstate *st = m->state;

	pthread_mutex_lock(&st->lock);
	memcpy(st->csv_key, key, HASH_SIZE);
	st->csv_keyed = 1;
	if (t) {
		chunks_release(&st->csv);
		st->csv = *t;
		memset(t, 0, sizeof(*t));
		atomic_fetch_add(&st->chunks, st->csv.n);
		atomic_fetch_add(&st->copied, copied);
	}
	pthread_mutex_unlock(&st->lock);
}

void views_memo_report(const struct vmemo *m, const struct pages *p)
{
	const struct vstate *st = m->state;
	size_t chunks = atomic_load(&st->chunks);

	if (!p->verbose)
		return;
	if (isatty(fileno(stderr))) /* a terminal's progress line erased first */
		fputs("\r\033[K", stderr);
	fprintf(stderr, "huibian: views: %zu of %zu groups of pages from the last build",
		atomic_load(&st->reused), atomic_load(&st->groups));
	if (chunks)
		fprintf(stderr,
			"; data/measures.csv: the rows of %zu of %zu documents from its published "
			"copy",
			atomic_load(&st->copied), chunks);
	fputc('\n', stderr);
}
