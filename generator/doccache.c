/* doccache.c - what parse and extract made of each document, saved and
 * read back; see doccache.h. */
#include "doccache.h"

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
#include "value.h"
#include "xalloc.h"

#define MAX_DEPTH 80 /* deeper front matter is refused (yamldoc: 64) */

/* What was read back for one path. */
struct entry {
	struct doc *doc;   /* made from the saved front matter, until taken */
	struct doc *taken; /* the same, once taken (the caller's) */
	int has_xkey;	   /* its extract was read back into doc, with: */
	unsigned char xkey[HASH_SIZE];
	struct strlist cites; /* the documents it cites, by slug */
};

/* The paths whose entries one file holds. */
struct file {
	size_t *paths; /* indices into x->paths, in order */
	size_t n;
	int intact;	       /* read, and every entry was the current one of its path */
	int clean;	       /* intact and every extract read back: not written again */
	struct record_map map; /* the file read: the documents' plain texts point into it */
};

struct doccache {
	char *prefix, *out, *content_dir;
	unsigned char env[HASH_SIZE];
	struct strlist paths;
	struct strset by_path; /* path → index + 1 */
	unsigned char (*pkeys)[HASH_SIZE];
	char *has_pkey; /* the file's bytes were hashed by the fingerprint */
	struct entry *e;
	struct file files[DOCCACHE_FILES];
	/* from doccache_extract: */
	struct site *s;
	unsigned char (*xkeys)[HASH_SIZE]; /* per path */
	long *doc_of;			   /* per path: its document in s, or -1 */
	char *hit;			   /* per document of s */
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

/* The parse key (hash: the bytes) or the extract key (hash: the blob id). */
static void doc_key(unsigned char out[HASH_SIZE], const struct doccache *x, const char *kind,
		    const unsigned char *cite, const char *path, const void *hash, size_t len)
{
	struct buf b, file = BUF_INIT;

	buf_printf(&file, "%s/%s", x->content_dir, path);
	memo_begin(&b, x->env, kind);
	memo_bytes(&b, cite, cite ? HASH_SIZE : 0);
	memo_str(&b, path);
	memo_str(&b, file.ptr);
	memo_bytes(&b, hash, len);
	memo_end(out, &b);
	buf_release(&file);
}

/* The file a path's entry goes to. */
static size_t file_of(const char *path)
{
	unsigned char h[HASH_SIZE];

	hash_bytes(h, path, strlen(path));
	return h[0] % DOCCACHE_FILES;
}

struct doccache *doccache_new(const char *prefix, const char *out,
			      const unsigned char env[HASH_SIZE], const char *content_dir,
			      const struct strlist *paths, const unsigned char *const *hashes)
{
	struct doccache *x;
	struct file *f;
	size_t i, n = paths->n;

	if (!prefix || !out || !env)
		return NULL;
	x = xcalloc(1, sizeof(*x));
	x->prefix = xstrdup(prefix);
	x->out = xstrdup(out);
	x->content_dir = xstrdup(content_dir);
	memcpy(x->env, env, HASH_SIZE);
	x->by_path = (struct strset)STRSET_INIT;
	x->pkeys = xcalloc(n + 1, sizeof(*x->pkeys));
	x->has_pkey = xcalloc(n + 1, 1);
	x->e = xcalloc(n + 1, sizeof(*x->e));
	for (i = 0; i < n; i++) {
		strlist_push(&x->paths, paths->v[i]);
		strset_add(&x->by_path, paths->v[i], (void *)(uintptr_t)(i + 1));
		if (hashes[i]) {
			x->has_pkey[i] = 1;
			doc_key(x->pkeys[i], x, "parse", NULL, paths->v[i], hashes[i], HASH_SIZE);
		}
		f = &x->files[file_of(paths->v[i])];
		f->paths = xreallocarray(f->paths, f->n + 1, sizeof(*f->paths));
		f->paths[f->n++] = i;
	}
	return x;
}

static void file_name(struct buf *out, const struct doccache *x, size_t f)
{
	buf_reset(out);
	buf_printf(out, "%s-%02zu", x->prefix, f);
}

/* ---- reading ---- */

static struct value *get_value(struct record_cursor *k, int depth);

/* A member of map v: key, its line and column, value (a key twice is
 * refused, as yamldoc refuses it). */
static void get_member(struct record_cursor *k, struct value *v, int depth)
{
	char *key = record_get_str(k);
	int line = (int)record_get_num(k), col = (int)record_get_num(k);
	struct value *item;

	if (!key || value_get(v, key))
		k->bad = 1;
	item = k->bad ? NULL : get_value(k, depth + 1);
	if (item) {
		value_set(v, key, item);
		v->key_line[v->n - 1] = line;
		v->key_col[v->n - 1] = col;
	}
	free(key);
}

/* A value tree (NULL when k turns bad).  A number's value is its text's
 * (yamldoc: strtod of the text as written). */
static struct value *get_value(struct record_cursor *k, int depth)
{
	long long type = record_get_num(k);
	struct value *v, *item;
	size_t i, n;

	if (type < VALUE_NULL || type > VALUE_MAP || depth > MAX_DEPTH)
		k->bad = 1;
	if (k->bad)
		return NULL;
	v = value_new((enum value_type)type);
	v->line = (int)record_get_num(k);
	v->col = (int)record_get_num(k);
	v->boolean = (int)record_get_num(k);
	v->str = record_get_str(k);
	v->len = v->str ? strlen(v->str) : 0;
	if (!v->str != (type == VALUE_NULL || type == VALUE_LIST || type == VALUE_MAP))
		k->bad = 1;
	if (type == VALUE_NUMBER && v->str)
		v->number = strtod(v->str, NULL);
	n = type == VALUE_LIST || type == VALUE_MAP ? record_get_count(k) : 0;
	for (i = 0; i < n && !k->bad; i++)
		if (type == VALUE_MAP)
			get_member(k, v, depth);
		else if ((item = get_value(k, depth + 1)) != NULL)
			value_push(v, item);
	if (k->bad) {
		value_free(v);
		return NULL;
	}
	return v;
}

static void get_list(struct record_cursor *k, struct strlist *l)
{
	l->n = record_get_count(k);
	l->v = record_get_strs(k, l->n, 0);
}

static void get_measure(struct record_cursor *k, struct measure *m)
{
	size_t len;

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
	/* borrowed, as a document's plain text; hashed while its pages are
	 * at hand */
	m->text = (char *)record_get_strz(k, &len);
	m->summary = (char *)record_get_strz(k, &len);
	m->borrowed = 1;
	memo_text_hash(m->text_hash, m->text, m->summary);
	m->has_text_hash = 1;
}

/* The extract fields of an entry into t (their fields zero), the
 * citations by slug into cites. */
static void get_extract(struct record_cursor *k, struct doc *t, struct strlist *cites)
{
	size_t j;

	/* borrowed from the mapped file, which doccache_free unmaps */
	t->plain = (char *)record_get_strz(k, &t->plain_len);
	t->plain_borrowed = t->plain != NULL;
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
	get_list(k, cites);
}

/* Move the extract fields of t into doc (whose own are empty). */
static void move_extract(struct doc *doc, struct doc *t)
{
	doc->plain = t->plain;
	doc->plain_len = t->plain_len;
	doc->plain_borrowed = t->plain_borrowed;
	doc->toc = t->toc;
	doc->ntoc = t->ntoc;
	doc->measures = t->measures;
	doc->nmeasures = t->nmeasures;
	doc->measures_cap = t->measures_cap;
	memset(t, 0, sizeof(*t));
}

/* What one entry holds, as read. */
struct saved {
	char *path;
	unsigned char pkey[HASH_SIZE], blob[20], xkey[HASH_SIZE];
	int body_line, has_xkey;
	struct value *front;
	struct doc extract; /* only its extract fields */
	struct strlist cites;
};

/* n bytes written as 2n lower-case hex digits (a key, a blob id). */
static void get_hex(struct record_cursor *k, unsigned char *out, size_t n)
{
	char hex[2 * HASH_SIZE + 16 + 1];

	record_get_fixed(k, hex, sizeof(hex));
	if (!k->bad && (strlen(hex) != 2 * n || hash_parse_bytes(out, n, hex) < 0))
		k->bad = 1;
}

static void get_saved(struct record_cursor *k, struct saved *sv)
{
	char *x;

	sv->path = record_get_str(k);
	get_hex(k, sv->pkey, HASH_SIZE);
	get_hex(k, sv->blob, sizeof(sv->blob));
	sv->body_line = (int)record_get_num(k);
	sv->front = get_value(k, 0);
	if (!sv->path || !sv->front)
		k->bad = 1;
	x = record_get_str(k); /* the extract key, or NULL */
	if (x && !k->bad) {
		sv->has_xkey = hash_parse(sv->xkey, x) == 0 && strlen(x) == 2 * HASH_SIZE;
		if (!sv->has_xkey)
			k->bad = 1;
		else
			get_extract(k, &sv->extract, &sv->cites);
	}
	free(x);
	record_get_eol(k);
}

static void saved_release(struct saved *sv)
{
	free(sv->path);
	value_free(sv->front);
	doc_release_extract(&sv->extract);
	strlist_release(&sv->cites);
}

/* Read one entry of file fi; make its document when its parse key is the
 * current one.  1 when made, 0 when not (or k is bad). */
static int get_entry(struct record_cursor *k, struct doccache *x, size_t fi)
{
	struct saved sv;
	struct diag quiet = DIAG_INIT;
	struct entry *e;
	struct doc *doc;
	void *v = NULL;

	memset(&sv, 0, sizeof(sv));
	get_saved(k, &sv);
	if (k->bad || file_of(sv.path) != fi || !strset_get(&x->by_path, sv.path, &v) ||
	    !x->has_pkey[(uintptr_t)v - 1] || x->e[(uintptr_t)v - 1].doc ||
	    memcmp(sv.pkey, x->pkeys[(uintptr_t)v - 1], HASH_SIZE)) {
		saved_release(&sv);
		return 0;
	}
	e = &x->e[(uintptr_t)v - 1];
	if (doc_from_front(&doc, x->content_dir, sv.path, sv.front, sv.blob, sv.body_line,
			   &quiet) == 0) {
		e->doc = doc;
		e->has_xkey = sv.has_xkey;
		memcpy(e->xkey, sv.xkey, HASH_SIZE);
		move_extract(doc, &sv.extract);
		e->cites = sv.cites;
		sv.cites = (struct strlist){NULL, 0};
	}
	sv.front = NULL; /* doc_from_front took it */
	saved_release(&sv);
	diag_release(&quiet);
	return e->doc != NULL;
}

static void entry_release(struct entry *e)
{
	doc_free(e->doc);
	strlist_release(&e->cites);
	memset(e, 0, sizeof(*e));
}

/* Read file fi (mapped, kept until doccache_free): make the documents of
 * its entries whose parse key is unchanged. */
static void load_file(size_t fi, void *ctx)
{
	struct doccache *x = ctx;
	struct file *f = &x->files[fi];
	struct buf name = BUF_INIT;
	struct record_cursor k;
	size_t n, i, made = 0;

	file_name(&name, x, fi);
	if (!f->n || record_map_file(&f->map, name.ptr) < 0 || !f->map.data ||
	    record_open(&k, f->map.data, f->map.len, DOCCACHE_MAGIC, DOCCACHE_FORMAT, NULL) < 0)
		goto out;
	n = record_get_count(&k);
	for (i = 0; i < n && !k.bad; i++)
		made += (size_t)get_entry(&k, x, fi);
	if (k.bad || k.p != k.end) { /* nothing of a damaged file is used */
		for (i = 0; i < f->n; i++)
			entry_release(&x->e[f->paths[i]]);
		made = 0;
		goto out;
	}
	f->intact = n == f->n && made == f->n;
out:
	if (!made) /* no document points into it */
		record_unmap(&f->map);
	buf_release(&name);
}

size_t doccache_load(struct doccache *x, int jobs)
{
	size_t i, n = 0;

	if (!x)
		return 0;
	parallel_for(DOCCACHE_FILES, jobs, load_file, x);
	for (i = 0; i < x->paths.n; i++)
		n += x->e[i].doc != NULL;
	return n;
}

struct doc *doccache_take(struct doccache *x, size_t i)
{
	struct entry *e;

	if (!x || i >= x->paths.n || !x->e[i].doc)
		return NULL;
	e = &x->e[i];
	e->taken = e->doc;
	e->doc = NULL;
	return e->taken;
}

/* Keep the extract read back into doc (path p) when its key is the
 * current one and every document it cites is still there.  1 / 0. */
static int keep_extract(struct doccache *x, struct doc *doc, size_t p)
{
	struct entry *e = &x->e[p];
	void *found;
	size_t j;

	if (!e->has_xkey || memcmp(e->xkey, x->xkeys[p], HASH_SIZE))
		return 0;
	doc->cites = xcalloc(e->cites.n + 1, sizeof(*doc->cites));
	for (j = 0; j < e->cites.n; j++) {
		if (!strset_get(&x->s->by_slug, e->cites.v[j], &found)) {
			free(doc->cites);
			doc->cites = NULL;
			return 0;
		}
		doc->cites[j] = found;
	}
	doc->ncites = e->cites.n;
	return 1;
}

size_t doccache_extract(struct doccache *x, struct site *s)
{
	unsigned char cite[HASH_SIZE];
	struct doc *doc;
	size_t i, n = 0;
	void *v;

	if (!x)
		return 0;
	x->s = s;
	x->xkeys = xcalloc(x->paths.n + 1, sizeof(*x->xkeys));
	x->doc_of = xmalloc((x->paths.n + 1) * sizeof(*x->doc_of));
	for (i = 0; i < x->paths.n; i++)
		x->doc_of[i] = -1;
	x->hit = xcalloc(s->ndocs + 1, 1);
	cite_key(cite, s);
	for (i = 0; i < s->ndocs; i++) {
		doc = s->docs[i];
		if (!strset_get(&x->by_path, doc->path, &v) || !doc->has_blob_id)
			continue;
		x->doc_of[(uintptr_t)v - 1] = (long)i;
		doc_key(x->xkeys[(uintptr_t)v - 1], x, "extract", cite, doc->path, doc->blob_id,
			sizeof(doc->blob_id));
		if (x->e[(uintptr_t)v - 1].taken != doc)
			continue;
		if (keep_extract(x, doc, (uintptr_t)v - 1))
			n += (size_t)(x->hit[i] = 1);
		else
			doc_release_extract(doc);
	}
	return n;
}

int doccache_hit(const struct doccache *x, size_t i)
{
	return x && x->hit && x->hit[i];
}

/* ---- writing ---- */

/* Can v be written down (no string with a NUL byte in it)? */
static int value_plain(const struct value *v)
{
	size_t i;

	if (v->str && strlen(v->str) != v->len)
		return 0;
	for (i = 0; i < v->n; i++)
		if (!value_plain(v->items[i]))
			return 0;
	return 1;
}

static void put_value(struct buf *b, const struct value *v)
{
	size_t i;

	record_put_num(b, v->type);
	record_put_num(b, v->line);
	record_put_num(b, v->col);
	record_put_num(b, v->boolean);
	record_put_str(b, v->type == VALUE_NULL || v->type == VALUE_LIST || v->type == VALUE_MAP
			      ? NULL
			  : v->str ? v->str
				   : "");
	if (v->type != VALUE_LIST && v->type != VALUE_MAP)
		return;
	record_put_num(b, (long long)v->n);
	for (i = 0; i < v->n; i++) {
		if (v->type == VALUE_MAP) {
			record_put_str(b, v->keys[i]);
			record_put_num(b, v->key_line[i]);
			record_put_num(b, v->key_col[i]);
		}
		put_value(b, v->items[i]);
	}
}

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
	record_put_strz(b, m->text);
	record_put_strz(b, m->summary);
}

static void put_extract(struct buf *b, const struct doc *doc, const unsigned char key[HASH_SIZE])
{
	char hex[HASH_HEX_SIZE];
	size_t j;

	hash_hex(hex, key);
	record_put_str(b, hex);
	record_put_strz(b, doc->plain);
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
}

/* The document of path p, when it can be saved (else NULL). */
static const struct doc *savable(const struct doccache *x, size_t p)
{
	const struct doc *doc = x->doc_of[p] >= 0 ? x->s->docs[x->doc_of[p]] : NULL;

	return doc && x->has_pkey[p] && doc->has_blob_id && doc->front && value_plain(doc->front)
		   ? doc
		   : NULL;
}

static void put_entry(struct buf *b, const struct doccache *x, size_t p, const struct doc *doc)
{
	char hex[HASH_HEX_SIZE], blob[41];
	size_t j;

	hash_hex(hex, x->pkeys[p]);
	for (j = 0; j < sizeof(doc->blob_id); j++)
		snprintf(blob + 2 * j, 3, "%02x", doc->blob_id[j]);
	record_put_str(b, doc->path);
	record_put_str(b, hex);
	record_put_str(b, blob);
	record_put_num(b, doc->body_line);
	put_value(b, doc->front);
	put_extract(b, doc, x->xkeys[p]);
	buf_putc(b, '\n');
}

struct save {
	struct doccache *x;
	atomic_int failed; /* a file could not be written (set by any thread) */
};

/* Write file fi again unless it is clean; a file with no document goes. */
static void save_file(size_t fi, void *ctx)
{
	struct save *sv = ctx;
	struct doccache *x = sv->x;
	const struct file *f = &x->files[fi];
	struct buf rec = BUF_INIT, name = BUF_INIT;
	const struct doc **docs = NULL;
	size_t j, n = 0, body;

	file_name(&name, x, fi);
	if (f->clean)
		goto out;
	docs = xcalloc(f->n + 1, sizeof(*docs));
	for (j = 0; j < f->n; j++)
		n += (docs[j] = savable(x, f->paths[j])) != NULL;
	if (!n) {
		if (unlink(name.ptr) != 0 && errno != ENOENT)
			sv->failed = 1;
		goto out;
	}
	body = record_begin(&rec, DOCCACHE_MAGIC, DOCCACHE_FORMAT, x->out, NULL);
	buf_printf(&rec, "%zu\n", n);
	for (j = 0; j < f->n; j++)
		if (docs[j])
			put_entry(&rec, x, f->paths[j], docs[j]);
	record_end(&rec, body);
	if (cache_write_file(name.ptr, &rec) < 0) {
		unlink(name.ptr);
		sv->failed = 1;
	}
out:
	free(docs);
	buf_release(&rec);
	buf_release(&name);
}

/* Which files need not be written: intact, and every document of theirs
 * read back in full. */
static void mark_clean(struct doccache *x)
{
	size_t fi, j;
	long i;

	for (fi = 0; fi < DOCCACHE_FILES; fi++) {
		struct file *f = &x->files[fi];
		f->clean = f->intact;
		for (j = 0; j < f->n && f->clean; j++) {
			i = x->doc_of[f->paths[j]];
			f->clean = i >= 0 && x->hit[i] && savable(x, f->paths[j]);
		}
	}
}

int doccache_save(struct doccache *x, int jobs)
{
	struct save sv;

	if (!x || !x->s)
		return 0;
	mark_clean(x);
	sv.x = x;
	atomic_init(&sv.failed, 0);
	parallel_for(DOCCACHE_FILES, jobs, save_file, &sv);
	return atomic_load(&sv.failed) ? -1 : 0;
}

void doccache_free(struct doccache *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < x->paths.n; i++)
		entry_release(&x->e[i]);
	for (i = 0; i < DOCCACHE_FILES; i++) {
		free(x->files[i].paths);
		record_unmap(&x->files[i].map);
	}
	strlist_release(&x->paths);
	strset_release(&x->by_path);
	free(x->pkeys);
	free(x->has_pkey);
	free(x->e);
	free(x->xkeys);
	free(x->doc_of);
	free(x->hit);
	free(x->prefix);
	free(x->out);
	free(x->content_dir);
	free(x);
}
