/* histcache.c - a history walk saved and read back; see histcache.h. */
#include "histcache.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "strset.h"
#include "xalloc.h"

#define HISTCACHE_MAX (1ULL << 30) /* a larger file is not read */

/* ---- writing ---- */

static void put_str(struct buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!s) {
		buf_puts(b, "- ");
		return;
	}
	buf_printf(b, "%zu:", n);
	buf_put(b, s, n);
	buf_putc(b, ' ');
}

static void put_num(struct buf *b, long long n)
{
	buf_printf(b, "%lld ", n);
}

static void put_commit(struct buf *b, const struct history_commit *c)
{
	size_t i;

	put_str(b, c->id);
	put_str(b, c->short_id);
	put_num(b, c->time);
	put_num(b, c->offset_minutes);
	put_str(b, c->author);
	put_str(b, c->summary);
	put_num(b, c->boundary);
	put_num(b, (long long)c->nadded);
	for (i = 0; i < c->nadded; i++)
		put_str(b, c->added[i]);
	put_num(b, (long long)c->nchanged);
	for (i = 0; i < c->nchanged; i++) {
		put_str(b, c->changed[i]);
		put_str(b, c->changed_from[i]);
	}
	put_num(b, (long long)c->nremoved);
	for (i = 0; i < c->nremoved; i++)
		put_str(b, c->removed[i]);
	buf_putc(b, '\n');
}

/* Document hd, its versions' commits by index (ids: commit id → index + 1). */
static void put_doc(struct buf *b, const struct history_doc *hd, const struct strset *ids)
{
	char hex[GIT_OID_HEXSZ + 1];
	void *v;
	size_t k;

	put_str(b, hd->path);
	put_num(b, hd->deleted);
	put_num(b, (long long)hd->n);
	for (k = 0; k < hd->n; k++) {
		v = NULL;
		strset_get(ids, hd->v[k].id, &v);
		put_num(b, (long long)(uintptr_t)v - 1);
		put_str(b, hd->v[k].path);
		git_oid_tostr(hex, sizeof(hex), &hd->v[k].blob);
		put_str(b, hex);
		put_num(b, hd->v[k].status);
	}
	buf_putc(b, '\n');
}

int histcache_write(const struct history *h, const char *file, const char *out,
		    const unsigned char key[HASH_SIZE])
{
	struct buf rec = BUF_INIT;
	struct strset ids = STRSET_INIT;
	unsigned char sum[HASH_SIZE];
	char hex[HASH_HEX_SIZE];
	size_t i, body;
	int rc;

	buf_printf(&rec, "huibian-history %d %s\n", HISTCACHE_FORMAT, HUIBIAN_VERSION);
	body = rec.len;
	hash_hex(hex, key);
	buf_printf(&rec, "out %s\nkey %s\n%d %zu %zu\n", out, hex, h->shallow, h->ncommits,
		   h->ndocs);
	for (i = 0; i < h->ncommits; i++) {
		strset_add(&ids, h->commits[i].id, (void *)(uintptr_t)(i + 1));
		put_commit(&rec, &h->commits[i]);
	}
	for (i = 0; i < h->ndocs; i++)
		put_doc(&rec, &h->docs[i], &ids);
	hash_bytes(sum, rec.ptr + body, rec.len - body);
	hash_hex(hex, sum);
	buf_printf(&rec, "end %s\n", hex);
	rc = cache_write_file(file, &rec);
	strset_release(&ids);
	buf_release(&rec);
	return rc;
}

/* ---- reading ---- */

/* The whole of file into out (at most max bytes).  0, or -1. */
static int read_file(struct buf *out, const char *file, unsigned long long max)
{
	FILE *fp = fopen(file, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!fp)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 && rc == 0) {
		buf_put(out, chunk, n);
		if (out->len > max)
			rc = -1;
	}
	if (ferror(fp))
		rc = -1;
	fclose(fp);
	return rc;
}

struct cursor {
	const char *p, *end;
	int bad;
};

/* A number up to the next space or newline (consumed). */
static long long get_num(struct cursor *k)
{
	long long n = 0;
	int neg = 0, digits = 0;

	if (k->p < k->end && *k->p == '-') {
		neg = 1;
		k->p++;
	}
	while (k->p < k->end && *k->p >= '0' && *k->p <= '9' && digits < 18) {
		n = n * 10 + (*k->p++ - '0');
		digits++;
	}
	if (!digits || k->p >= k->end || (*k->p != ' ' && *k->p != '\n'))
		k->bad = 1;
	else
		k->p++;
	return neg ? -n : n;
}

/* A string "<length>:<bytes> " (malloc'ed; NUL bytes refused), or "- "
 * for NULL. */
static char *get_str(struct cursor *k)
{
	long long n;
	char *s;

	if (k->end - k->p >= 2 && k->p[0] == '-' && k->p[1] == ' ') {
		k->p += 2;
		return NULL;
	}
	n = 0;
	while (k->p < k->end && *k->p >= '0' && *k->p <= '9' && n < (long long)HISTCACHE_MAX)
		n = n * 10 + (*k->p++ - '0');
	if (k->p >= k->end || *k->p != ':' || k->end - k->p - 1 < n + 1 || k->p[1 + n] != ' ' ||
	    memchr(k->p + 1, '\0', (size_t)n)) {
		k->bad = 1;
		return NULL;
	}
	s = xstrndup(k->p + 1, (size_t)n);
	k->p += n + 2;
	return s;
}

/* A string into a fixed array of cap bytes (with the NUL). */
static void get_fixed(struct cursor *k, char *out, size_t cap)
{
	char *s = get_str(k);

	if (!s || strlen(s) >= cap)
		k->bad = 1;
	else
		strcpy(out, s);
	free(s);
}

/* An array of n strings (n + 1 slots), NULL entries allowed when nulls. */
static char **get_strs(struct cursor *k, size_t n, int nulls)
{
	char **v = xcalloc(n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n && !k->bad; i++)
		if (!(v[i] = get_str(k)) && !nulls)
			k->bad = 1;
	return v;
}

/* The newline that ends a commit or a document. */
static void get_eol(struct cursor *k)
{
	if (k->p < k->end && *k->p == '\n')
		k->p++;
	else
		k->bad = 1;
}

/* A count that the rest of the file can hold (each item takes 2 bytes). */
static size_t get_count(struct cursor *k)
{
	long long n = get_num(k);

	if (n < 0 || n > (k->end - k->p) / 2)
		k->bad = 1;
	return k->bad ? 0 : (size_t)n;
}

static void get_commit(struct cursor *k, struct history_commit *c)
{
	size_t i;

	get_fixed(k, c->id, sizeof(c->id));
	get_fixed(k, c->short_id, sizeof(c->short_id));
	c->time = get_num(k);
	c->offset_minutes = (int)get_num(k);
	if (!(c->author = get_str(k)) || !(c->summary = get_str(k)))
		k->bad = 1;
	c->boundary = (int)get_num(k);
	c->nadded = get_count(k);
	c->added = get_strs(k, c->nadded, 0);
	c->nchanged = get_count(k);
	c->changed = xcalloc(c->nchanged + 1, sizeof(*c->changed));
	c->changed_from = xcalloc(c->nchanged + 1, sizeof(*c->changed_from));
	for (i = 0; i < c->nchanged && !k->bad; i++) {
		if (!(c->changed[i] = get_str(k)))
			k->bad = 1;
		c->changed_from[i] = get_str(k);
	}
	c->nremoved = get_count(k);
	c->removed = get_strs(k, c->nremoved, 0);
	get_eol(k);
}

/* Version k of a document: its commit (index into commits), path, blob
 * id and status; author and summary are borrowed from the commit. */
static void get_version(struct cursor *k, struct history_version *v,
			const struct history_commit *commits, size_t ncommits)
{
	long long ci = get_num(k);
	char hex[GIT_OID_HEXSZ + 1];
	const struct history_commit *c;

	if (ci < 0 || (size_t)ci >= ncommits) {
		k->bad = 1;
		return;
	}
	c = &commits[ci];
	history_version_of(v, c);
	if (!(v->path = get_str(k)))
		k->bad = 1;
	get_fixed(k, hex, sizeof(hex));
	if (!k->bad &&
	    (strlen(hex) != GIT_OID_HEXSZ || strspn(hex, "0123456789abcdef") != GIT_OID_HEXSZ ||
	     git_oid_fromstr(&v->blob, hex) < 0))
		k->bad = 1;
	v->status = (char)get_num(k);
	if (!strchr("AMRDB", v->status) || !v->status)
		k->bad = 1;
}

static void get_doc(struct cursor *k, struct history_doc *hd, const struct history *h)
{
	size_t i;

	if (!(hd->path = get_str(k)))
		k->bad = 1;
	hd->deleted = (int)get_num(k);
	hd->n = get_count(k);
	hd->v = xcalloc(hd->n + 1, sizeof(*hd->v));
	for (i = 0; i < hd->n && !k->bad; i++)
		get_version(k, &hd->v[i], h->commits, h->ncommits);
	get_eol(k);
}

/* The body of data (after the first line, up to the "end" line) when the
 * header and the end hash are right: 0, or -1. */
static int frame(const char *data, size_t len, const char **body, const char **end)
{
	char head[64], hex[HASH_HEX_SIZE];
	unsigned char sum[HASH_SIZE];
	const char *nl = memchr(data, '\n', len), *last;

	snprintf(head, sizeof(head), "huibian-history %d %s\n", HISTCACHE_FORMAT, HUIBIAN_VERSION);
	if (!nl || (size_t)(nl + 1 - data) != strlen(head) || memcmp(data, head, strlen(head)) ||
	    len < strlen(head) + 4 + 2 * HASH_SIZE + 1 || data[len - 1] != '\n')
		return -1;
	last = data + len - (4 + 2 * HASH_SIZE + 1);
	if (memcmp(last, "end ", 4))
		return -1;
	hash_bytes(sum, nl + 1, (size_t)(last - nl - 1));
	hash_hex(hex, sum);
	if (memcmp(last + 4, hex, 2 * HASH_SIZE))
		return -1;
	*body = nl + 1;
	*end = last;
	return 0;
}

/* The header lines after the first: out (skipped), key, counts. */
static void get_head(struct cursor *k, struct history *t, const unsigned char key[HASH_SIZE])
{
	char hex[HASH_HEX_SIZE], line[8 + HASH_HEX_SIZE];
	const char *nl = memchr(k->p, '\n', (size_t)(k->end - k->p));

	if (!nl || nl - k->p < 5 || memcmp(k->p, "out /", 5)) {
		k->bad = 1;
		return;
	}
	k->p = nl + 1;
	hash_hex(hex, key);
	snprintf(line, sizeof(line), "key %s\n", hex);
	if (k->end - k->p < (long)strlen(line) || memcmp(k->p, line, strlen(line))) {
		k->bad = 1;
		return;
	}
	k->p += strlen(line);
	t->shallow = (int)get_num(k);
	t->ncommits = get_count(k);
	t->ndocs = get_count(k);
}

int histcache_read(struct history *h, const char *file, const unsigned char key[HASH_SIZE])
{
	struct buf data = BUF_INIT;
	struct history t;
	struct cursor k = {NULL, NULL, 0};
	size_t i;
	int rc = 0;

	memset(&t, 0, sizeof(t));
	if (read_file(&data, file, HISTCACHE_MAX) < 0 || frame(data.ptr, data.len, &k.p, &k.end))
		goto out;
	get_head(&k, &t, key);
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
