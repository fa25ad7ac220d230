/* Unit tests for histcache.c: a saved history walk reads back as it was
 * written; another key, a damaged frame, or any byte of the body changed
 * (with the frame made right again, as a hostile file could) is refused
 * or read without a crash or a leak (the sanitizer build runs this too). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "histcache.h"
#include "history.h"
#include "savedfile.h"
#include "tap.h"
#include "xalloc.h"

static char **strs(const char *a, const char *b)
{
	char **v = xcalloc(3, sizeof(*v));

	v[0] = a ? xstrdup(a) : NULL;
	v[1] = b ? xstrdup(b) : NULL;
	return v;
}

/* Commit i of h: id "<digit>…", author 张三, summary. */
static void make_commit(struct history_commit *c, char digit, const char *summary)
{
	memset(c->id, digit, GIT_OID_HEXSZ);
	memset(c->short_id, digit, 7);
	c->time = 1700000000 + digit;
	c->offset_minutes = 480;
	c->author = xstrdup("张三");
	c->summary = xstrdup(summary);
}

static void make_version(struct history_version *v, const struct history_commit *c,
			 const char *path, char blobdigit, char status)
{
	char hex[GIT_OID_HEXSZ + 1];

	history_version_of(v, c);
	v->path = xstrdup(path);
	memset(hex, blobdigit, GIT_OID_HEXSZ);
	hex[GIT_OID_HEXSZ] = '\0';
	git_oid_fromstr(&v->blob, hex);
	v->status = status;
}

/* Two commits; demo/a.md added then changed, demo/b.md added then deleted. */
static void make_history(struct history *h)
{
	memset(h, 0, sizeof(*h));
	h->ncommits = 2;
	h->commits = xcalloc(3, sizeof(*h->commits));
	make_commit(&h->commits[0], '2', "修订：删除 b");
	h->commits[0].changed = strs("demo/a.md", NULL);
	h->commits[0].changed_from = strs(NULL, NULL);
	h->commits[0].nchanged = 1;
	h->commits[0].removed = strs("demo/b.md", NULL);
	h->commits[0].nremoved = 1;
	make_commit(&h->commits[1], '1', "收录");
	h->commits[1].added = strs("demo/a.md", "demo/b.md");
	h->commits[1].nadded = 2;
	h->ndocs = 2;
	h->docs = xcalloc(3, sizeof(*h->docs));
	h->docs[0].path = xstrdup("demo/a.md");
	h->docs[0].n = 2;
	h->docs[0].v = xcalloc(2, sizeof(*h->docs[0].v));
	make_version(&h->docs[0].v[0], &h->commits[0], "site/demo/a.md", 'b', 'M');
	make_version(&h->docs[0].v[1], &h->commits[1], "site/demo/a.md", 'a', 'A');
	h->docs[1].path = xstrdup("demo/b.md");
	h->docs[1].deleted = 1;
	h->docs[1].n = 2;
	h->docs[1].v = xcalloc(2, sizeof(*h->docs[1].v));
	make_version(&h->docs[1].v[0], &h->commits[0], "site/demo/b.md", 'c', 'D');
	make_version(&h->docs[1].v[1], &h->commits[1], "site/demo/b.md", 'c', 'A');
}

static int same_version(const struct history_version *x, const struct history_version *y)
{
	return !strcmp(x->id, y->id) && !strcmp(x->short_id, y->short_id) && x->time == y->time &&
	       x->offset_minutes == y->offset_minutes && !strcmp(x->author, y->author) &&
	       !strcmp(x->summary, y->summary) && !strcmp(x->path, y->path) &&
	       git_oid_equal(&x->blob, &y->blob) && x->status == y->status;
}

/* Are v's author and summary those of its commit in h (not copies)? */
static int borrowed(const struct history *h, const struct history_version *v)
{
	size_t i;

	for (i = 0; i < h->ncommits; i++)
		if (!strcmp(h->commits[i].id, v->id))
			return v->author == h->commits[i].author &&
			       v->summary == h->commits[i].summary;
	return 0;
}

static int same_history(const struct history *a, const struct history *b)
{
	size_t i, k;

	if (a->ndocs != b->ndocs || a->ncommits != b->ncommits || a->shallow != b->shallow)
		return 0;
	for (i = 0; i < a->ncommits; i++) {
		const struct history_commit *x = &a->commits[i], *y = &b->commits[i];
		if (strcmp(x->id, y->id) || strcmp(x->summary, y->summary) ||
		    x->nadded != y->nadded || x->nchanged != y->nchanged ||
		    x->nremoved != y->nremoved || (x->nchanged && y->changed_from[0]))
			return 0;
	}
	for (i = 0; i < a->ndocs; i++) {
		if (strcmp(a->docs[i].path, b->docs[i].path) || a->docs[i].n != b->docs[i].n ||
		    a->docs[i].deleted != b->docs[i].deleted)
			return 0;
		for (k = 0; k < a->docs[i].n; k++)
			if (!same_version(&a->docs[i].v[k], &b->docs[i].v[k]) ||
			    !borrowed(b, &b->docs[i].v[k]))
				return 0;
	}
	return 1;
}

struct reading {
	const char *file;
	const unsigned char *key;
};

/* Read the saved walk: 1 when read (and released), 0 when refused. */
static size_t read_walk(void *ctx)
{
	const struct reading *rd = ctx;
	struct history h;

	memset(&h, 0, sizeof(h));
	if (histcache_read(&h, rd->file, rd->key) != 1)
		return 0;
	history_release_walk(&h);
	return 1;
}

int main(void)
{
	char dir[] = "/tmp/huibian-histcache-XXXXXX", file[64];
	unsigned char key[HASH_SIZE], other[HASH_SIZE];
	struct history h, back;
	struct buf good = BUF_INIT;
	size_t tried = 0, accepted;

	git_libgit2_init();
	if (!mkdtemp(dir))
		return 1;
	snprintf(file, sizeof(file), "%s/history-x", dir);
	hash_bytes(key, "key", 3);
	hash_bytes(other, "other", 5);
	make_history(&h);
	is_int(histcache_write(&h, file, "/srv/public", key), 0, "a walk is saved");
	memset(&back, 0, sizeof(back));
	is_int(histcache_read(&back, file, key), 1, "and read back with its key");
	ok(same_history(&h, &back), "as it was: commits, documents, versions, authors shared");
	history_release_walk(&back);
	memset(&back, 0, sizeof(back));
	is_int(histcache_read(&back, file, other), 0, "another key: not read");
	ok(back.ndocs == 0 && back.docs == NULL, "(and nothing filled in)");
	is_int(histcache_read(&back, "/nonexistent/history-x", key), 0, "no file: not read");
	get_file(&good, file);
	good.ptr[good.len / 2] ^= 1;
	put_file(file, good.ptr, good.len);
	is_int(histcache_read(&back, file, key), 0, "one bit changed: the frame refuses it");
	good.ptr[good.len / 2] ^= 1;
	accepted = mutate_saved(file, &good, read_walk, &(struct reading){file, key}, &tried);
	ok(tried > 1000 && accepted < tried / 2,
	   "every byte changed, frame made right: %zu tried, %zu read, the rest refused, no crash",
	   tried, accepted);
	history_release_walk(&h);
	buf_release(&good);
	remove(file);
	rmdir(dir);
	git_libgit2_shutdown();
	return tap_done();
}
