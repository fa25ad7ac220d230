/* viewsfile.c - what the views save for the next build; see viewsfile.h. */
#include "viewsfile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "record.h"
#include "xalloc.h"

#define VIEWSFILE_MAGIC "huibian-views"
#define VIEWSFILE_FORMAT 1

size_t chunks_size(const struct chunks *c)
{
	return c->n ? c->off[c->n - 1] + c->len[c->n - 1] : c->head;
}

void chunks_release(struct chunks *c)
{
	free(c->path);
	free(c->keys);
	free(c->len);
	free(c->off);
	memset(c, 0, sizeof(*c));
}

void viewsfile_release(struct viewsfile *f)
{
	free(f->groups);
	chunks_release(&f->csv);
	memset(f, 0, sizeof(*f));
}

/* n keys as one string of hex. */
static void put_keys(struct buf *b, const unsigned char (*keys)[HASH_SIZE], size_t n)
{
	char hex[HASH_HEX_SIZE];
	size_t i;

	buf_put_dec(b, n * 2 * HASH_SIZE);
	buf_putc(b, ':');
	for (i = 0; i < n; i++) {
		hash_hex(hex, keys[i]);
		buf_put(b, hex, 2 * HASH_SIZE);
	}
	buf_putc(b, ' ');
}

/* n keys from one string of hex (n + 1 slots, malloc'ed). */
static unsigned char (*get_keys(struct record_cursor *k, size_t n))[HASH_SIZE]
{
	unsigned char(*keys)[HASH_SIZE] = xcalloc(n + 1, HASH_SIZE);
	char *hex = record_get_str(k);
	size_t i;

	if (!hex || strlen(hex) != n * 2 * HASH_SIZE)
		k->bad = 1;
	for (i = 0; i < n && !k->bad; i++)
		if (hash_parse(keys[i], hex + i * 2 * HASH_SIZE) < 0)
			k->bad = 1;
	free(hex);
	return keys;
}

/* One key in hex. */
static void get_key(struct record_cursor *k, unsigned char key[HASH_SIZE])
{
	char *hex = record_get_str(k);

	if (!hex || strlen(hex) != 2 * HASH_SIZE || hash_parse(key, hex) < 0)
		k->bad = 1;
	free(hex);
}

/* The table at k into c (its path read), with its chunks' offsets. */
static void get_table(struct chunks *c, struct record_cursor *k)
{
	long long head, len;
	size_t i, off;

	get_key(k, c->key);
	head = record_get_num(k);
	c->n = record_get_count(k);
	c->keys = get_keys(k, c->n);
	c->len = xcalloc(c->n + 1, sizeof(*c->len));
	c->off = xcalloc(c->n + 1, sizeof(*c->off));
	if (head < 0)
		k->bad = 1;
	c->head = off = (size_t)head;
	for (i = 0; i < c->n && !k->bad; i++) {
		len = record_get_num(k);
		if (len < 0 || (unsigned long long)len > SIZE_MAX - off)
			k->bad = 1; /* past what a size can hold: a bad file */
		c->off[i] = off;
		c->len[i] = (size_t)len;
		off += (size_t)len;
	}
}

int viewsfile_load(struct viewsfile *f, const char *file)
{
	struct buf data = BUF_INIT;
	struct record_cursor k;
	int rc = -1;

	memset(f, 0, sizeof(*f));
	if (record_read_file(&data, file) < 0 ||
	    record_open(&k, data.ptr, data.len, VIEWSFILE_MAGIC, VIEWSFILE_FORMAT, NULL) < 0)
		goto out;
	get_key(&k, f->all);
	f->ngroups = record_get_count(&k);
	f->groups = get_keys(&k, f->ngroups);
	if ((f->csv.path = record_get_str(&k)) != NULL)
		get_table(&f->csv, &k);
	record_get_eol(&k);
	if (!k.bad && k.p == k.end)
		rc = 0;
out:
	if (rc < 0)
		viewsfile_release(f);
	buf_release(&data);
	return rc;
}

int viewsfile_save(const struct viewsfile *f, const char *file, const char *out)
{
	const struct chunks *c = &f->csv;
	struct buf b = BUF_INIT;
	char hex[HASH_HEX_SIZE];
	size_t body, i;
	int rc;

	body = record_begin(&b, VIEWSFILE_MAGIC, VIEWSFILE_FORMAT, out, NULL);
	hash_hex(hex, f->all);
	record_put_str(&b, hex);
	record_put_num(&b, (long long)f->ngroups);
	put_keys(&b, (const unsigned char(*)[HASH_SIZE])f->groups, f->ngroups);
	record_put_str(&b, c->path);
	if (c->path) {
		hash_hex(hex, c->key);
		record_put_str(&b, hex);
		record_put_num(&b, (long long)c->head);
		record_put_num(&b, (long long)c->n);
		put_keys(&b, (const unsigned char(*)[HASH_SIZE])c->keys, c->n);
		for (i = 0; i < c->n; i++)
			record_put_num(&b, (long long)c->len[i]);
	}
	buf_putc(&b, '\n');
	record_end(&b, body);
	rc = cache_write_file(file, &b);
	buf_release(&b);
	return rc;
}
