/* spare.c - the previous site as the starting point of the next; see
 * spare.h for the contract. */
#include "spare.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parallel.h"
#include "tree.h"
#include "xalloc.h"

struct spare {
	char *dir;
	struct tree_list list; /* what spare_open found, in listing order */
	struct strset names;   /* relpath → (void *)(index in list + 1) */
};

int spare_open(struct spare **out, const char *dir, int jobs)
{
	struct spare *s = xcalloc(1, sizeof(*s));
	size_t i;

	*out = NULL;
	s->dir = xstrdup(dir);
	s->names = (struct strset)STRSET_INIT;
	if (tree_list(&s->list, dir, jobs) < 0) {
		int e = errno;
		spare_free(s);
		errno = e;
		return -1;
	}
	for (i = 0; i < s->list.n; i++)
		strset_add(&s->names, s->list.v[i].rel, (void *)(uintptr_t)(i + 1));
	*out = s;
	return 0;
}

/* The index of relpath in the listing, or -1. */
static long spare_find(const struct spare *s, const char *relpath)
{
	void *v;

	return s && strset_get(&s->names, relpath, &v) ? (long)((uintptr_t)v - 1) : -1;
}

int spare_same(const struct spare *s, const char *relpath, unsigned long long ino)
{
	long i = spare_find(s, relpath);

	return i >= 0 && !s->list.v[i].is_dir && s->list.v[i].ino == ino;
}

int spare_has(const struct spare *s, const char *relpath)
{
	return spare_find(s, relpath) >= 0;
}

int spare_is_file(const struct spare *s, const char *relpath)
{
	long i = spare_find(s, relpath);

	return i >= 0 && !s->list.v[i].is_dir;
}

size_t spare_entries(const struct spare *s)
{
	return s ? s->list.n : 0;
}

/* Add the folders leading to file relpath to set. */
static void add_parents(struct strset *set, const char *relpath)
{
	char *p = xstrdup(relpath), *slash;

	while ((slash = strrchr(p, '/')) != NULL) {
		*slash = '\0';
		if (!strset_add(set, p, NULL))
			break;
	}
	free(p);
}

/* The removals of spare_finish, as parallel tasks. */
struct sweep {
	const struct spare *s;
	size_t *idx; /* the entries to remove (a folder with all it holds) */
	size_t n;
	atomic_long failed; /* the lowest index that failed + 1, or 0 */
};

static void sweep_run(size_t i, void *ctx)
{
	struct sweep *w = ctx;
	struct buf path = BUF_INIT;
	long want = (long)i + 1, seen;

	buf_printf(&path, "%s/%s", w->s->dir, w->s->list.v[w->idx[i]].rel);
	if (tree_remove(path.ptr) < 0) {
		seen = atomic_load(&w->failed);
		while ((seen == 0 || seen > want) &&
		       !atomic_compare_exchange_weak(&w->failed, &seen, want))
			;
	}
	buf_release(&path);
}

/* The entries to remove: neither wanted nor inside a folder removed
 * already (the listing has each folder before what it holds). */
static void sweep_pick(struct sweep *w, const struct strset *files, const struct strset *keep)
{
	struct strset gone = STRSET_INIT;
	const struct spare *s = w->s;
	size_t i;

	w->idx = xcalloc(s->list.n + 1, sizeof(*w->idx));
	for (i = 0; i < s->list.n; i++) {
		const char *rel = s->list.v[i].rel, *slash = strrchr(rel, '/');
		int inside = 0;

		if (slash) {
			char *parent = xstrndup(rel, (size_t)(slash - rel));
			inside = strset_get(&gone, parent, NULL);
			free(parent);
		}
		if (strset_get(files, rel, NULL) || (!inside && strset_get(keep, rel, NULL)))
			continue;
		if (s->list.v[i].is_dir)
			strset_add(&gone, rel, NULL);
		if (!inside)
			w->idx[w->n++] = i;
	}
	strset_release(&gone);
}

int spare_finish(struct spare *s, const struct strset *files, int jobs, struct buf *failed)
{
	struct strset keep = STRSET_INIT;
	struct sweep w = {s, NULL, 0, 0};
	size_t i;
	long f;

	for (i = 0; i < files->cap; i++)
		if (files->keys[i])
			add_parents(&keep, files->keys[i]);
	sweep_pick(&w, files, &keep);
	parallel_for(w.n, jobs, sweep_run, &w);
	f = atomic_load(&w.failed);
	if (f)
		buf_printf(failed, "%s/%s", s->dir, s->list.v[w.idx[f - 1]].rel);
	free(w.idx);
	strset_release(&keep);
	return f ? -1 : 0;
}

void spare_free(struct spare *s)
{
	if (!s)
		return;
	free(s->dir);
	tree_list_release(&s->list);
	strset_release(&s->names);
	free(s);
}
