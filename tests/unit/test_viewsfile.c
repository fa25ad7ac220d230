/* Unit tests for viewsfile.c: what the views save (the views key, the keys
 * of their groups, the table of data/measures.csv's chunks) reads back as
 * it was written; a damaged frame is refused; any byte of the body changed
 * (with the frame made right again, as a hostile file could) is refused or
 * read without a crash or a leak, as a table whose chunks follow each
 * other (the sanitizer build runs this too).  And hash_pieces (hash.h),
 * which hashes the file the table describes, is hash_bytes of the pieces
 * joined. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "viewsfile.h"
#include "hash.h"
#include "savedfile.h"
#include "tap.h"
#include "xalloc.h"

static char dir[] = "/tmp/huibian-viewsfile-XXXXXX";
static char file[600];

/* ng group keys, and a table of n chunks of lengths 10, 20, 30 … after a
 * head of 7 bytes (none when n is 0). */
static void make_file(struct viewsfile *f, size_t ng, size_t n)
{
	struct chunks *c = &f->csv;
	size_t i;

	memset(f, 0, sizeof(*f));
	memset(f->all, 0xCD, HASH_SIZE);
	f->ngroups = ng;
	f->groups = xcalloc(ng + 1, HASH_SIZE);
	for (i = 0; i < ng; i++)
		memset(f->groups[i], (int)(0x80 + i), HASH_SIZE);
	if (!n)
		return;
	c->path = xstrdup("data/measures.csv");
	memset(c->key, 0xAB, HASH_SIZE);
	c->head = 7;
	c->n = n;
	c->keys = xcalloc(n + 1, HASH_SIZE);
	c->len = xcalloc(n + 1, sizeof(*c->len));
	for (i = 0; i < n; i++) {
		memset(c->keys[i], (int)i + 1, HASH_SIZE);
		c->len[i] = 10 * (i + 1);
	}
}

static int same_table(const struct chunks *a, const struct chunks *b)
{
	size_t i, off = a->head;

	if (!a->path || !b->path)
		return !a->path && !b->path;
	if (strcmp(a->path, b->path) || memcmp(a->key, b->key, HASH_SIZE) || a->head != b->head ||
	    a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		if (memcmp(a->keys[i], b->keys[i], HASH_SIZE) || a->len[i] != b->len[i] ||
		    b->off[i] != off)
			return 0;
		off += a->len[i];
	}
	return chunks_size(b) == off;
}

static int same_file(const struct viewsfile *a, const struct viewsfile *b)
{
	return !memcmp(a->all, b->all, HASH_SIZE) && a->ngroups == b->ngroups &&
	       !memcmp(a->groups, b->groups, a->ngroups * HASH_SIZE) &&
	       same_table(&a->csv, &b->csv);
}

/* A loaded table must have its chunks one after the other from its head. */
static int consistent(const struct chunks *c)
{
	size_t i, off = c->head;

	for (i = 0; c->path && i < c->n; i++) {
		if (c->off[i] != off)
			return 0;
		off += c->len[i];
	}
	return !c->path || chunks_size(c) == off;
}

static size_t load_one(void *ctx)
{
	struct viewsfile f;
	size_t *bad = ctx;

	if (viewsfile_load(&f, file) < 0)
		return 0;
	*bad += !consistent(&f.csv);
	viewsfile_release(&f);
	return 1;
}

static void test_roundtrip(void)
{
	struct viewsfile a, b;
	size_t n;

	for (n = 0; n <= 3; n += 3) {
		make_file(&a, n ? 5 : 0, n);
		ok(viewsfile_save(&a, file, "/tmp/out") == 0,
		   "%zu groups and a table of %zu chunks saved", a.ngroups, n);
		ok(viewsfile_load(&b, file) == 0 && same_file(&a, &b),
		   "and read back as they were");
		if (n)
			is_int(chunks_size(&b.csv), 7 + 10 + 20 + 30,
			       "the table's size: the head and the chunks");
		viewsfile_release(&a);
		viewsfile_release(&b);
	}
	ok(viewsfile_load(&b, "/nonexistent/views") < 0 && b.ngroups == 0 && !b.csv.path,
	   "a missing file is refused, the result left empty");
}

static void test_damaged(void)
{
	struct viewsfile a, b;
	struct buf good = BUF_INIT, data = BUF_INIT;
	size_t tried = 0, bad = 0, read;

	make_file(&a, 2, 3);
	viewsfile_save(&a, file, "/tmp/out");
	get_file(&good, file);
	buf_set(&data, good.ptr, good.len);
	data.ptr[data.len / 2] ^= 1;
	put_file(file, data.ptr, data.len);
	ok(viewsfile_load(&b, file) < 0, "a byte changed, the frame not made right: refused");
	put_file(file, good.ptr, good.len - 1);
	ok(viewsfile_load(&b, file) < 0, "a truncated file: refused");
	read = mutate_saved(file, &good, load_one, &bad, &tried);
	ok(tried > 1000 && read < tried && bad == 0,
	   "every byte changed, frame made right: %zu tried, %zu read (each a table of chunks "
	   "one after the other), the rest refused, no crash",
	   tried, read);
	viewsfile_release(&a);
	buf_release(&good);
	buf_release(&data);
}

static void test_pieces(void)
{
	static const char text[] = "id,url\r\n\"a\",\"b\"\r\n\"c\",\"d\"\r\n";
	unsigned char whole[HASH_SIZE], split[HASH_SIZE];
	struct iovec v[4];
	size_t n = sizeof(text) - 1, i, j;
	int all = 1;

	hash_bytes(whole, text, n);
	for (i = 0; i <= n; i++)
		for (j = i; j <= n; j++) {
			v[0] = (struct iovec){(void *)text, i};
			v[1] = (struct iovec){(void *)(text + i), 0};
			v[2] = (struct iovec){(void *)(text + i), j - i};
			v[3] = (struct iovec){(void *)(text + j), n - j};
			hash_pieces(split, v, 4);
			all &= !memcmp(whole, split, HASH_SIZE);
		}
	v[0] = (struct iovec){(void *)text, n};
	hash_pieces(split, v, 1);
	ok(all && !memcmp(whole, split, HASH_SIZE),
	   "hash_pieces: the hash of the pieces joined, however they are cut");
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(file, sizeof(file), "%s/views-test", dir);
	test_roundtrip();
	test_damaged();
	test_pieces();
	unlink(file);
	rmdir(dir);
	return tap_done();
}
