/* histcache.c - a history walk saved and read back; see histcache.h. */
#include "histcache.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "record.h"
#include "strset.h"
#include "xalloc.h"

/* ---- writing ---- */

static void put_commit(struct buf *b, const struct history_commit *c)
{
	size_t i;

	record_put_str(b, c->id);
	record_put_str(b, c->short_id);
	record_put_num(b, c->time);
	record_put_num(b, c->offset_minutes);
	record_put_str(b, c->author);
	record_put_str(b, c->summary);
	record_put_num(b, c->boundary);
	record_put_num(b, (long long)c->nadded);
	for (i = 0; i < c->nadded; i++)
		record_put_str(b, c->added[i]);
	record_put_num(b, (long long)c->nchanged);
	for (i = 0; i < c->nchanged; i++) {
		record_put_str(b, c->changed[i]);
		record_put_str(b, c->changed_from[i]);
	}
	record_put_num(b, (long long)c->nremoved);
	for (i = 0; i < c->nremoved; i++)
		record_put_str(b, c->removed[i]);
	buf_putc(b, '\n');
}

/* Document hd, its versions' commits by index (ids: commit id → index + 1). */
static void put_doc(struct buf *b, const struct history_doc *hd, const struct strset *ids)
{
	char hex[GIT_OID_HEXSZ + 1];
	void *v;
	size_t k;

	record_put_str(b, hd->path);
	record_put_num(b, hd->deleted);
	record_put_num(b, (long long)hd->n);
	for (k = 0; k < hd->n; k++) {
		v = NULL;
		strset_get(ids, hd->v[k].id, &v);
		record_put_num(b, (long long)(uintptr_t)v - 1);
		record_put_str(b, hd->v[k].path);
		git_oid_tostr(hex, sizeof(hex), &hd->v[k].blob);
		record_put_str(b, hex);
		record_put_num(b, hd->v[k].status);
	}
	buf_putc(b, '\n');
}

int histcache_write(const struct history *h, const char *file, const char *out,
		    const unsigned char key[HASH_SIZE])
{
	struct buf rec = BUF_INIT;
	struct strset ids = STRSET_INIT;
	size_t i, body;
	int rc;

	body = record_begin(&rec, HISTCACHE_MAGIC, HISTCACHE_FORMAT, out, key);
	buf_printf(&rec, "%d %zu %zu\n", h->shallow, h->ncommits, h->ndocs);
	for (i = 0; i < h->ncommits; i++) {
		strset_add(&ids, h->commits[i].id, (void *)(uintptr_t)(i + 1));
		put_commit(&rec, &h->commits[i]);
	}
	for (i = 0; i < h->ndocs; i++)
		put_doc(&rec, &h->docs[i], &ids);
	record_end(&rec, body);
	rc = cache_write_file(file, &rec);
	strset_release(&ids);
	buf_release(&rec);
	return rc;
}

/* ---- reading ---- */

static void get_commit(struct record_cursor *k, struct history_commit *c)
{
	size_t i;

	record_get_fixed(k, c->id, sizeof(c->id));
	record_get_fixed(k, c->short_id, sizeof(c->short_id));
	c->time = record_get_num(k);
	c->offset_minutes = (int)record_get_num(k);
	if (!(c->author = record_get_str(k)) || !(c->summary = record_get_str(k)))
		k->bad = 1;
	c->boundary = (int)record_get_num(k);
	c->nadded = record_get_count(k);
	c->added = record_get_strs(k, c->nadded, 0);
	c->nchanged = record_get_count(k);
	c->changed = xcalloc(c->nchanged + 1, sizeof(*c->changed));
	c->changed_from = xcalloc(c->nchanged + 1, sizeof(*c->changed_from));
	for (i = 0; i < c->nchanged && !k->bad; i++) {
		if (!(c->changed[i] = record_get_str(k)))
			k->bad = 1;
		c->changed_from[i] = record_get_str(k);
	}
	c->nremoved = record_get_count(k);
	c->removed = record_get_strs(k, c->nremoved, 0);
	record_get_eol(k);
}

/* Version k of a document: its commit (index into commits), path, blob
 * id and status; author and summary are borrowed from the commit. */
static void get_version(struct record_cursor *k, struct history_version *v,
			const struct history_commit *commits, size_t ncommits)
{
	long long ci = record_get_num(k);
	char hex[GIT_OID_HEXSZ + 1];
	const struct history_commit *c;

	if (ci < 0 || (size_t)ci >= ncommits) {
		k->bad = 1;
		return;
	}
	c = &commits[ci];
	history_version_of(v, c);
	if (!(v->path = record_get_str(k)))
		k->bad = 1;
	record_get_fixed(k, hex, sizeof(hex));
	if (!k->bad &&
	    (strlen(hex) != GIT_OID_HEXSZ || strspn(hex, "0123456789abcdef") != GIT_OID_HEXSZ ||
	     git_oid_fromstr(&v->blob, hex) < 0))
		k->bad = 1;
	v->status = (char)record_get_num(k);
	if (!strchr("AMRDB", v->status) || !v->status)
		k->bad = 1;
}

static void get_doc(struct record_cursor *k, struct history_doc *hd, const struct history *h)
{
	size_t i;

	if (!(hd->path = record_get_str(k)))
		k->bad = 1;
	hd->deleted = (int)record_get_num(k);
	hd->n = record_get_count(k);
	hd->v = xcalloc(hd->n + 1, sizeof(*hd->v));
	for (i = 0; i < hd->n && !k->bad; i++)
		get_version(k, &hd->v[i], h->commits, h->ncommits);
	record_get_eol(k);
}

int histcache_read(struct history *h, const char *file, const unsigned char key[HASH_SIZE])
{
	struct buf data = BUF_INIT;
	struct history t;
	struct record_cursor k;
	size_t i;
	int rc = 0;

	memset(&t, 0, sizeof(t));
	if (record_read_file(&data, file) < 0 ||
	    record_open(&k, data.ptr, data.len, HISTCACHE_MAGIC, HISTCACHE_FORMAT, key) < 0)
		goto out;
	t.shallow = (int)record_get_num(&k);
	t.ncommits = record_get_count(&k);
	t.ndocs = record_get_count(&k);
	if (k.bad)
		goto out;
	t.commits = xcalloc(t.ncommits + 1, sizeof(*t.commits));
	for (i = 0; i < t.ncommits && !k.bad; i++)
		get_commit(&k, &t.commits[i]);
	t.docs = xcalloc(t.ndocs + 1, sizeof(*t.docs));
	for (i = 0; i < t.ndocs && !k.bad; i++)
		get_doc(&k, &t.docs[i], &t);
	if (k.bad || k.p != k.end) {
		history_release_walk(&t);
		goto out;
	}
	h->docs = t.docs;
	h->ndocs = t.ndocs;
	h->commits = t.commits;
	h->ncommits = t.ncommits;
	h->shallow = t.shallow;
	rc = 1;
out:
	buf_release(&data);
	return rc;
}
