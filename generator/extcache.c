/* extcache.c - the extracted documents saved and read back; see
 * extcache.h. */
#include "extcache.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "memo.h"
#include "parallel.h"
#include "record.h"
#include "strset.h"
#include "xalloc.h"

/* The documents whose entries one file holds. */
struct file {
	size_t *docs; /* indices into the site's documents, in order */
	size_t n;
	int clean; /* the file holds these documents' entries, all used */
};

struct extcache {
	char *prefix, *out;
	struct site *s;
	unsigned char (*keys)[HASH_SIZE];
	char *hit;	       /* the document was filled from its entry */
	struct strset by_path; /* path → index + 1 */
	struct file files[EXTCACHE_FILES];
};

/* What a citation in a text can name: every document's slug, title,
 * attachment and 发文字号, in order (site_index keeps the first of two
 * documents with one number). */
static void cite_key(unsigned char out[HASH_SIZE], const struct site *s)
{
	struct buf b;
	size_t i;

	memo_begin(&b, NULL, "cite");
	memo_num(&b, (long long)s->ndocs);
	for (i = 0; i < s->ndocs; i++) {
		memo_str(&b, s->docs[i]->slug);
		memo_str(&b, s->docs[i]->title);
		memo_str(&b, s->docs[i]->attachment);
		memo_str(&b, s->docs[i]->number);
	}
	memo_end(out, &b);
}

static void doc_key(unsigned char out[HASH_SIZE], const unsigned char env[HASH_SIZE],
		    const unsigned char cite[HASH_SIZE], const struct doc *doc)
{
	struct buf b;

	memo_begin(&b, env, "extract");
	memo_bytes(&b, cite, HASH_SIZE);
	memo_str(&b, doc->path);
	memo_str(&b, doc->file);
	memo_bytes(&b, doc->blob_id, sizeof(doc->blob_id));
	memo_end(out, &b);
}

/* The file a document's entry goes to. */
static size_t file_of(const char *path)
{
	unsigned char h[HASH_SIZE];

	hash_bytes(h, path, strlen(path));
	return h[0] % EXTCACHE_FILES;
}

struct extcache *extcache_new(const char *prefix, const char *out,
			      const unsigned char env[HASH_SIZE], struct site *s)
{
	struct extcache *x;
	unsigned char cite[HASH_SIZE];
	struct file *f;
	size_t i;

	if (!prefix || !out || !env)
		return NULL;
	x = xcalloc(1, sizeof(*x));
	x->prefix = xstrdup(prefix);
	x->out = xstrdup(out);
	x->s = s;
	x->keys = xcalloc(s->ndocs + 1, sizeof(*x->keys));
	x->hit = xcalloc(s->ndocs + 1, 1);
	x->by_path = (struct strset)STRSET_INIT;
	cite_key(cite, s);
	for (i = 0; i < s->ndocs; i++) {
		if (!s->docs[i]->has_blob_id)
			continue;
		doc_key(x->keys[i], env, cite, s->docs[i]);
		strset_add(&x->by_path, s->docs[i]->path, (void *)(uintptr_t)(i + 1));
		f = &x->files[file_of(s->docs[i]->path)];
		f->docs = xreallocarray(f->docs, f->n + 1, sizeof(*f->docs));
		f->docs[f->n++] = i;
	}
	return x;
}

static void file_name(struct buf *out, const struct extcache *x, size_t f)
{
	buf_reset(out);
	buf_printf(out, "%s-%02zu", x->prefix, f);
}

/* ---- reading ---- */

static void get_list(struct record_cursor *k, struct strlist *l)
{
	l->n = record_get_count(k);
	l->v = record_get_strs(k, l->n, 0);
}

static void get_measure(struct record_cursor *k, struct measure *m)
{
	if (!(m->id = record_get_str(k)))
		k->bad = 1;
	get_list(k, &m->topics);
	get_list(k, &m->depts);
	m->amount = record_get_str(k);
	m->beneficiaries = record_get_str(k);
	m->mode = record_get_str(k);
	m->deadline.y = (int)record_get_num(k);
	m->deadline.m = (int)record_get_num(k);
	m->deadline.d = (int)record_get_num(k);
	m->line = (int)record_get_num(k);
	m->col = (int)record_get_num(k);
	m->text = record_get_str(k);
	m->summary = record_get_str(k);
}

/* The documents an entry cites, by slug (all of them must be the site's). */
static void get_cites(struct record_cursor *k, struct doc *t, const struct site *s)
{
	size_t j;
	char *slug;
	void *found;

	t->ncites = record_get_count(k);
	t->cites = xcalloc(t->ncites + 1, sizeof(*t->cites));
	for (j = 0; j < t->ncites && !k->bad; j++) {
		found = NULL;
		if (!(slug = record_get_str(k)) || !strset_get(&s->by_slug, slug, &found))
			k->bad = 1;
		t->cites[j] = found;
		free(slug);
	}
}

/* The fields of an entry after its key, into t (extract fields zero). */
static void get_fields(struct record_cursor *k, struct doc *t, const struct site *s)
{
	size_t j;

	t->plain = record_get_str(k);
	t->ntoc = record_get_count(k);
	t->toc = xcalloc(t->ntoc + 1, sizeof(*t->toc));
	for (j = 0; j < t->ntoc && !k->bad; j++) {
		t->toc[j].level = (int)record_get_num(k);
		t->toc[j].anchor = record_get_str(k);
		t->toc[j].text = record_get_str(k);
	}
	t->nmeasures = t->measures_cap = record_get_count(k);
	t->measures = xcalloc(t->nmeasures + 1, sizeof(*t->measures));
	for (j = 0; j < t->nmeasures && !k->bad; j++)
		get_measure(k, &t->measures[j]);
	get_cites(k, t, s);
	record_get_eol(k);
}

/* Move the extract fields of t into doc (whose own are empty). */
static void fill(struct doc *doc, const struct doc *t)
{
	doc->plain = t->plain;
	doc->toc = t->toc;
	doc->ntoc = t->ntoc;
	doc->measures = t->measures;
	doc->nmeasures = t->nmeasures;
	doc->measures_cap = t->measures_cap;
	doc->cites = t->cites;
	doc->ncites = t->ncites;
}

/* Read one entry of file fi; fill its document when the entry is its
 * current one.  1 when filled, 0 when not (or k is bad). */
static int get_entry(struct record_cursor *k, struct extcache *x, size_t fi)
{
	char *path = record_get_str(k), hex[HASH_HEX_SIZE];
	unsigned char key[HASH_SIZE];
	void *v = NULL;
	size_t i = 0;
	struct doc t;
	int use;

	record_get_fixed(k, hex, sizeof(hex));
	memset(&t, 0, sizeof(t));
	get_fields(k, &t, x->s);
	if (path && file_of(path) == fi && strset_get(&x->by_path, path, &v))
		i = (size_t)(uintptr_t)v - 1;
	use = !k->bad && v && !x->hit[i] && hash_parse(key, hex) == 0 &&
	      !memcmp(key, x->keys[i], HASH_SIZE);
	if (use) {
		fill(x->s->docs[i], &t);
		x->hit[i] = 1;
	} else {
		doc_release_extract(&t);
	}
	free(path);
	return use;
}

/* Undo the fills of file f (its data turned out damaged). */
static void unfill(struct extcache *x, const struct file *f)
{
	size_t j;

	for (j = 0; j < f->n; j++)
		if (x->hit[f->docs[j]]) {
			doc_release_extract(x->s->docs[f->docs[j]]);
			x->hit[f->docs[j]] = 0;
		}
}

static void load_file(size_t fi, void *ctx)
{
	struct extcache *x = ctx;
	struct file *f = &x->files[fi];
	struct buf data = BUF_INIT, name = BUF_INIT;
	struct record_cursor k;
	size_t n, e, used = 0;

	file_name(&name, x, fi);
	if (!f->n || record_read_file(&data, name.ptr) < 0 ||
	    record_open(&k, data.ptr, data.len, EXTCACHE_MAGIC, EXTCACHE_FORMAT, NULL) < 0)
		goto out;
	n = record_get_count(&k);
	for (e = 0; e < n && !k.bad; e++)
		used += (size_t)get_entry(&k, x, fi);
	if (k.bad || k.p != k.end) {
		unfill(x, f);
		goto out;
	}
	f->clean = n == f->n && used == f->n;
out:
	buf_release(&name);
	buf_release(&data);
}

size_t extcache_load(struct extcache *x, int jobs)
{
	size_t i, n = 0;

	if (!x)
		return 0;
	parallel_for(EXTCACHE_FILES, jobs, load_file, x);
	for (i = 0; i < x->s->ndocs; i++)
		n += (size_t)x->hit[i];
	return n;
}

int extcache_hit(const struct extcache *x, size_t i)
{
	return x && x->hit[i];
}

/* ---- writing ---- */

static void put_list(struct buf *b, const struct strlist *l)
{
	size_t j;

	record_put_num(b, (long long)l->n);
	for (j = 0; j < l->n; j++)
		record_put_str(b, l->v[j]);
}

static void put_measure(struct buf *b, const struct measure *m)
{
	record_put_str(b, m->id);
	put_list(b, &m->topics);
	put_list(b, &m->depts);
	record_put_str(b, m->amount);
	record_put_str(b, m->beneficiaries);
	record_put_str(b, m->mode);
	record_put_num(b, m->deadline.y);
	record_put_num(b, m->deadline.m);
	record_put_num(b, m->deadline.d);
	record_put_num(b, m->line);
	record_put_num(b, m->col);
	record_put_str(b, m->text);
	record_put_str(b, m->summary);
}

static void put_entry(struct buf *b, const struct doc *doc, const unsigned char key[HASH_SIZE])
{
	char hex[HASH_HEX_SIZE];
	size_t j;

	hash_hex(hex, key);
	record_put_str(b, doc->path);
	record_put_str(b, hex);
	record_put_str(b, doc->plain);
	record_put_num(b, (long long)doc->ntoc);
	for (j = 0; j < doc->ntoc; j++) {
		record_put_num(b, doc->toc[j].level);
		record_put_str(b, doc->toc[j].anchor);
		record_put_str(b, doc->toc[j].text);
	}
	record_put_num(b, (long long)doc->nmeasures);
	for (j = 0; j < doc->nmeasures; j++)
		put_measure(b, &doc->measures[j]);
	record_put_num(b, (long long)doc->ncites);
	for (j = 0; j < doc->ncites; j++)
		record_put_str(b, doc->cites[j]->slug);
	buf_putc(b, '\n');
}

struct save {
	struct extcache *x;
	atomic_int failed; /* a file could not be written (set by any thread) */
};

/* Write file fi again unless it is clean; a file with no document goes. */
static void save_file(size_t fi, void *ctx)
{
	struct save *sv = ctx;
	struct extcache *x = sv->x;
	const struct file *f = &x->files[fi];
	struct buf rec = BUF_INIT, name = BUF_INIT;
	size_t j, body;

	file_name(&name, x, fi);
	if (f->clean)
		goto out;
	if (!f->n) {
		if (unlink(name.ptr) != 0 && errno != ENOENT)
			sv->failed = 1;
		goto out;
	}
	body = record_begin(&rec, EXTCACHE_MAGIC, EXTCACHE_FORMAT, x->out, NULL);
	buf_printf(&rec, "%zu\n", f->n);
	for (j = 0; j < f->n; j++)
		put_entry(&rec, x->s->docs[f->docs[j]], x->keys[f->docs[j]]);
	record_end(&rec, body);
	if (cache_write_file(name.ptr, &rec) < 0) {
		unlink(name.ptr);
		sv->failed = 1;
	}
out:
	buf_release(&rec);
	buf_release(&name);
}

int extcache_save(struct extcache *x, int jobs)
{
	struct save sv;

	if (!x)
		return 0;
	sv.x = x;
	atomic_init(&sv.failed, 0);
	parallel_for(EXTCACHE_FILES, jobs, save_file, &sv);
	return atomic_load(&sv.failed) ? -1 : 0;
}

void extcache_free(struct extcache *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < EXTCACHE_FILES; i++)
		free(x->files[i].docs);
	strset_release(&x->by_path);
	free(x->keys);
	free(x->hit);
	free(x->prefix);
	free(x->out);
	free(x);
}
