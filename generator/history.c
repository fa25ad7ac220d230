/* history.c - document versions from one git revision walk; see history.h. */
#include "history.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blobid.h"
#include "chardiff.h"
#include "histcache.h"
#include "xalloc.h"

#define NO_DOC ((size_t)-1)

#define HISTORY_READERS 4 /* at most this many blob reads at once */

struct history_priv {
	git_repository *repo;
	pthread_mutex_t lock; /* for the repository and head */
	git_tree *head;	      /* HEAD's tree when loaded, or NULL */
	/* parallel to history.docs: the document's blob id in HEAD, when
	 * in_head[i] (read once after the walk, then only read) */
	git_oid *head_ids;
	unsigned char *in_head;
	/* more handles on the same repository, opened when first needed, so
	 * that page writers on several threads read blobs at the same time
	 * (a libgit2 repository is for one thread at a time) */
	struct history_reader {
		pthread_mutex_t lock;
		git_repository *repo; /* NULL until opened */
		int failed;	      /* could not be opened: use the main one */
	} readers[HISTORY_READERS];
};

/* Path → document index, open addressing; entries are never removed. */
struct pathmap {
	char **keys;
	size_t *vals;
	size_t cap, n;
};

/* A changed leaf: 'A' added, 'D' deleted, 'M' modified. */
struct delta {
	char *path; /* repository path */
	git_oid old_id, new_id;
	char st;
};

struct deltas {
	struct delta *v;
	size_t n, cap, nadd, ndel;
	struct buf dir; /* repository path of the folder being compared */
};

struct loader {
	struct history *h;
	git_repository *repo;
	enum history_mode mode;
	size_t plen; /* strlen(h->prefix) */
	struct pathmap map;
	size_t doccap, commitcap;
	struct diag *d;
	const char *dpath;	   /* content_dir, for messages */
	struct history_commit cur; /* the commit being read */
	size_t capa, capc, capr;   /* of cur's arrays */
	size_t nversions;	   /* made by cur */
	int boundary;		   /* cur is a boundary commit of a shallow clone */
	struct deltas ds;	   /* cur's changed files */
	git_oid *shallow;	   /* the boundary commits, sorted */
	size_t nshallow;
};

static size_t pm_hash(const char *s)
{
	size_t h = 14695981039346656037u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The value slot of key, created (holding NO_DOC) if absent. */
static size_t *pm_slot(struct pathmap *m, const char *key)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct pathmap g = {NULL, NULL, m->cap ? 2 * m->cap : 256, 0};
		g.keys = xcalloc(g.cap, sizeof(*g.keys));
		g.vals = xcalloc(g.cap, sizeof(*g.vals));
		for (i = 0; i < m->cap; i++)
			if (m->keys[i])
				*pm_slot(&g, m->keys[i]) = m->vals[i], free(m->keys[i]);
		free(m->keys);
		free(m->vals);
		*m = g;
	}
	for (i = pm_hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return &m->vals[i];
	m->keys[i] = xstrdup(key);
	m->vals[i] = NO_DOC;
	m->n++;
	return &m->vals[i];
}

static void pm_release(struct pathmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
}

static char *clean_dup(const char *s)
{
	struct buf b = BUF_INIT;

	chardiff_utf8_clean(&b, s ? s : "", s ? strlen(s) : 0);
	return buf_detach(&b, NULL);
}

static void git_diag(struct loader *L, const char *what)
{
	const git_error *e = git_error_last();

	diag_error(L->d, L->dpath, 0, 0, "git: %s: %s", what,
		   e && e->message ? e->message : "failed");
}

/* Is the repository path one of our documents (under the prefix, *.md)? */
static int is_doc(const struct loader *L, const char *path)
{
	size_t n = path ? strlen(path) : 0;

	return n > L->plen + 3 && strncmp(path, L->h->prefix, L->plen) == 0 &&
	       strcmp(path + n - 3, ".md") == 0;
}

static void push_path(char ***arr, size_t *n, size_t *cap, char *s)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 4;
		*arr = xreallocarray(*arr, *cap, sizeof(**arr));
	}
	(*arr)[(*n)++] = s;
}

/* The document for content-relative key, created if new. */
static struct history_doc *doc_for(struct loader *L, const char *key, int deleted)
{
	size_t *slot = pm_slot(&L->map, key);
	struct history_doc *doc;

	if (*slot != NO_DOC)
		return &L->h->docs[*slot];
	if (L->h->ndocs == L->doccap) {
		L->doccap = L->doccap ? 2 * L->doccap : 64;
		L->h->docs = xreallocarray(L->h->docs, L->doccap, sizeof(*L->h->docs));
	}
	*slot = L->h->ndocs;
	doc = &L->h->docs[L->h->ndocs++];
	memset(doc, 0, sizeof(*doc));
	doc->path = xstrdup(key);
	doc->deleted = deleted;
	return doc;
}

/* List a changed document (from: its old path if renamed, else NULL). */
static void push_changed(struct loader *L, char *path, char *from)
{
	struct history_commit *c = &L->cur;

	if (c->nchanged == L->capc) {
		L->capc = L->capc ? 2 * L->capc : 4;
		c->changed = xreallocarray(c->changed, L->capc, sizeof(*c->changed));
		c->changed_from = xreallocarray(c->changed_from, L->capc, sizeof(*c->changed_from));
	}
	c->changed[c->nchanged] = path;
	c->changed_from[c->nchanged++] = from;
}

/* Add a version of the document at key (oldrel for 'D', else newrel) made
 * by the current commit, and list it in the commit (not 'B').  A rename
 * makes the old path lead to the same document further back in time.
 * Takes newrel and oldrel (kept in the commit's lists or freed). */
static void add_version(struct loader *L, char status, char *newrel, char *oldrel,
			const char *repo_path, const git_oid *blob)
{
	struct history_doc *doc = doc_for(L, status == 'D' ? oldrel : newrel, status == 'D');
	size_t idx = (size_t)(doc - L->h->docs);
	struct history_version *v;
	struct history_commit *c = &L->cur;

	if (doc->n == 0 || (doc->n >= 4 && (doc->n & (doc->n - 1)) == 0))
		doc->v = xreallocarray(doc->v, doc->n < 4 ? 4 : 2 * doc->n, sizeof(*doc->v));
	v = &doc->v[doc->n++];
	history_version_of(v, c);
	v->path = clean_dup(repo_path);
	git_oid_cpy(&v->blob, blob);
	v->status = status;
	if (status == 'R')
		*pm_slot(&L->map, oldrel) = idx;
	L->nversions++;
	if (status == 'A')
		push_path(&c->added, &c->nadded, &L->capa, newrel);
	else if (status == 'D')
		push_path(&c->removed, &c->nremoved, &L->capr, oldrel);
	if (status == 'M' || status == 'R')
		push_changed(L, newrel, status == 'R' ? oldrel : NULL);
	if (status == 'A' || status == 'M' || status == 'B')
		free(oldrel);
	if (status == 'D' || status == 'B') /* 'B': only the document's */
		free(newrel);
}

void history_version_of(struct history_version *v, const struct history_commit *c)
{
	memcpy(v->id, c->id, sizeof(v->id));
	memcpy(v->short_id, c->short_id, sizeof(v->short_id));
	v->time = c->time;
	v->offset_minutes = c->offset_minutes;
	v->author = c->author;
	v->summary = c->summary;
}

/* At a boundary commit (in all-parents mode there may be several): does
 * the document at repository path already have this content as its oldest
 * known version (found at another boundary)? */
static int boundary_known(struct loader *L, const char *key, const git_oid *blob)
{
	char *k = clean_dup(key);
	size_t *slot = pm_slot(&L->map, k), j;
	const struct history_doc *doc = *slot == NO_DOC ? NULL : &L->h->docs[*slot];

	free(k);
	for (j = 0; doc && j < doc->n; j++)
		if (doc->v[j].status == 'B' && git_oid_equal(&doc->v[j].blob, blob))
			return 1;
	return 0;
}

/* Turn one delta of the current commit into a version, if it concerns a
 * document (at a boundary commit, an oldest known version 'B'). */
static void take_delta(struct loader *L, const git_diff_delta *dd)
{
	const char *op = dd->old_file.path, *np = dd->new_file.path;
	int od = is_doc(L, op), nd = is_doc(L, np);
	char st = 0;

	switch (dd->status) {
	case GIT_DELTA_ADDED:
		st = nd ? 'A' : 0;
		break;
	case GIT_DELTA_DELETED:
		st = od ? 'D' : 0;
		break;
	case GIT_DELTA_MODIFIED:
	case GIT_DELTA_TYPECHANGE:
		st = nd && !git_oid_equal(&dd->old_file.id, &dd->new_file.id) ? 'M' : 0;
		break;
	case GIT_DELTA_RENAMED:
		st = od && nd ? 'R' : nd ? 'A' : od ? 'D' : 0;
		break;
	default:
		break;
	}
	if (!st)
		return;
	if (L->boundary && (st != 'A' || boundary_known(L, np + L->plen, &dd->new_file.id)))
		return;
	if (L->boundary)
		st = 'B';
	add_version(L, st, clean_dup(st == 'D' ? "" : np + L->plen),
		    clean_dup(st == 'A' ? "" : op + L->plen), st == 'D' ? op : np,
		    st == 'D' ? &dd->old_file.id : &dd->new_file.id);
}

/* In a merge (all-parents mode): does the delta's result come unchanged
 * from another parent (then that parent's own commits record it)? */
static int from_other_parent(git_tree **ptrees, size_t np, const git_diff_delta *dd)
{
	size_t k;

	for (k = 1; k < np; k++) {
		git_tree_entry *e = NULL;
		int found = git_tree_entry_bypath(&e, ptrees[k], dd->new_file.path) == 0;
		int same = found && dd->status != GIT_DELTA_DELETED &&
			   git_oid_equal(git_tree_entry_id(e), &dd->new_file.id);
		git_tree_entry_free(e);
		if (same || (dd->status == GIT_DELTA_DELETED &&
			     git_tree_entry_bypath(&e, ptrees[k], dd->old_file.path) != 0))
			return 1;
	}
	return 0;
}

static void commit_begin(struct loader *L, git_commit *c)
{
	const git_signature *a = git_commit_author(c);

	memset(&L->cur, 0, sizeof(L->cur));
	L->capa = L->capc = L->capr = 0;
	git_oid_tostr(L->cur.id, sizeof(L->cur.id), git_commit_id(c));
	memcpy(L->cur.short_id, L->cur.id, 7);
	L->cur.time = a ? (long long)a->when.time : (long long)git_commit_time(c);
	L->cur.offset_minutes = a ? a->when.offset : git_commit_time_offset(c);
	L->cur.author = clean_dup(a ? a->name : "");
	L->cur.summary = clean_dup(git_commit_summary(c));
	L->cur.boundary = L->boundary;
	L->nversions = 0;
}

static void commit_release(struct history_commit *c)
{
	size_t i;

	for (i = 0; i < c->nadded; i++)
		free(c->added[i]);
	for (i = 0; i < c->nchanged; i++) {
		free(c->changed[i]);
		free(c->changed_from[i]);
	}
	for (i = 0; i < c->nremoved; i++)
		free(c->removed[i]);
	free(c->added);
	free(c->changed);
	free(c->changed_from);
	free(c->removed);
	free(c->author);
	free(c->summary);
}

/* Keep the current commit if it made a version of a document. */
static void commit_end(struct loader *L)
{
	struct history *h = L->h;

	if (L->nversions == 0) {
		commit_release(&L->cur);
		return;
	}
	if (h->ncommits == L->commitcap) {
		L->commitcap = L->commitcap ? 2 * L->commitcap : 64;
		h->commits = xreallocarray(h->commits, L->commitcap, sizeof(*h->commits));
	}
	h->commits[h->ncommits++] = L->cur;
}

static int cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

/* Is oid a boundary commit of a shallow clone (in its shallow file)? */
static int is_boundary(const struct loader *L, const git_oid *oid)
{
	return L->nshallow && bsearch(oid, L->shallow, L->nshallow, sizeof(*L->shallow), cmp_oid);
}

/* Load the trees of the first np parents of c into ptrees. */
static int parent_trees(struct loader *L, git_commit *c, git_tree **ptrees, size_t np)
{
	size_t k;

	for (k = 0; k < np; k++) {
		git_commit *p = NULL;
		int e = git_commit_parent(&p, c, (unsigned)k);
		if (e == 0)
			e = git_commit_tree(&ptrees[k], p);
		git_commit_free(p);
		if (e < 0) {
			git_diag(L, "reading a parent commit");
			return -1;
		}
	}
	return 0;
}

/* ---- comparing two trees ----
 *
 * libgit2's tree-to-tree diff steps through every entry of both trees,
 * even in folders whose tree ids are equal.  Instead the trees are compared
 * here folder by folder, descending only where the ids differ, and the
 * changed leaves (blobs, links, submodules) under the prefix are collected
 * in libgit2's order (by path).  Only a commit that both adds and deletes
 * files needs rename detection: libgit2 then diffs just those paths. */

static void deltas_reset(struct deltas *ds)
{
	size_t i;

	for (i = 0; i < ds->n; i++)
		free(ds->v[i].path);
	ds->n = ds->nadd = ds->ndel = 0;
}

static void deltas_release(struct deltas *ds)
{
	deltas_reset(ds);
	free(ds->v);
	buf_release(&ds->dir);
}

static int entry_is_tree(const git_tree_entry *e)
{
	return git_tree_entry_filemode(e) == GIT_FILEMODE_TREE;
}

/* git's order of tree entries: by name, a folder as if its name ended
 * in '/' (so that the leaves come out in the order of their paths). */
static int entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *x = git_tree_entry_name(a), *y = git_tree_entry_name(b);
	unsigned char cx, cy;

	while (*x && *x == *y)
		x++, y++;
	cx = *x ? (unsigned char)*x : entry_is_tree(a) ? '/' : 0;
	cy = *y ? (unsigned char)*y : entry_is_tree(b) ? '/' : 0;
	return (int)cx - (int)cy;
}

/* Record leaf e of the current folder (st 'A': new side, 'D': old). */
static void push_delta(struct deltas *ds, const git_tree_entry *e, const git_oid *old_id, char st)
{
	struct delta *d;

	if (ds->n == ds->cap) {
		ds->cap = ds->cap ? 2 * ds->cap : 16;
		ds->v = xreallocarray(ds->v, ds->cap, sizeof(*ds->v));
	}
	d = &ds->v[ds->n++];
	memset(d, 0, sizeof(*d));
	d->st = st;
	d->path = xmalloc(ds->dir.len + strlen(git_tree_entry_name(e)) + 1);
	strcat(strcpy(d->path, ds->dir.ptr), git_tree_entry_name(e));
	git_oid_cpy(st == 'D' ? &d->old_id : &d->new_id, git_tree_entry_id(e));
	if (old_id)
		git_oid_cpy(&d->old_id, old_id);
	ds->nadd += st == 'A';
	ds->ndel += st == 'D';
}

static int diff_trees(struct loader *L, struct deltas *ds, const git_tree *a, const git_tree *b);

/* Compare subfolder name (tree ids ia / ib, NULL for absent) below the
 * current folder. */
static int diff_subtrees(struct loader *L, struct deltas *ds, const char *name, const git_oid *ia,
			 const git_oid *ib)
{
	git_tree *a = NULL, *b = NULL;
	size_t len = ds->dir.len;
	int rc = -1;

	if ((ia && git_tree_lookup(&a, L->repo, ia) < 0) ||
	    (ib && git_tree_lookup(&b, L->repo, ib) < 0)) {
		git_diag(L, "reading a tree");
		goto out;
	}
	buf_printf(&ds->dir, "%s/", name);
	rc = diff_trees(L, ds, a, b);
	ds->dir.len = len;
	ds->dir.ptr[len] = '\0';
out:
	git_tree_free(a);
	git_tree_free(b);
	return rc;
}

/* Entry e is only in the old tree (st 'D') or only in the new one ('A'). */
static int one_side(struct loader *L, struct deltas *ds, const git_tree_entry *e, char st)
{
	const char *name = git_tree_entry_name(e);

	if (!entry_is_tree(e)) {
		push_delta(ds, e, NULL, st);
		return 0;
	}
	return diff_subtrees(L, ds, name, st == 'D' ? git_tree_entry_id(e) : NULL,
			     st == 'A' ? git_tree_entry_id(e) : NULL);
}

/* Entries x (old) and y (new) of the same name and kind: as libgit2, a
 * change between a file, a link and a submodule is a deletion and an
 * addition; a change of mode or content is a modification. */
static int both_sides(struct loader *L, struct deltas *ds, const git_tree_entry *x,
		      const git_tree_entry *y)
{
	const git_oid *ix = git_tree_entry_id(x), *iy = git_tree_entry_id(y);
	unsigned mx = (unsigned)git_tree_entry_filemode(x),
		 my = (unsigned)git_tree_entry_filemode(y);

	if (entry_is_tree(x))
		return git_oid_equal(ix, iy) ? 0
					     : diff_subtrees(L, ds, git_tree_entry_name(x), ix, iy);
	if ((mx & 0170000) != (my & 0170000)) {
		push_delta(ds, x, NULL, 'D');
		push_delta(ds, y, NULL, 'A');
	} else if (mx != my || !git_oid_equal(ix, iy)) {
		push_delta(ds, y, ix, 'M');
	}
	return 0;
}

/* Collect the changed leaves between folders a (old) and b (new), either
 * NULL for an empty folder, in the order of their paths. */
static int diff_trees(struct loader *L, struct deltas *ds, const git_tree *a, const git_tree *b)
{
	size_t i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0,
	       nb = b ? git_tree_entrycount(b) : 0;
	int c, rc = 0;

	while (rc == 0 && (i < na || j < nb)) {
		const git_tree_entry *x = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *y = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		c = !x ? 1 : !y ? -1 : entry_cmp(x, y);
		if (c < 0)
			rc = one_side(L, ds, x, 'D');
		else if (c > 0)
			rc = one_side(L, ds, y, 'A');
		else
			rc = both_sides(L, ds, x, y);
		i += c <= 0;
		j += c >= 0;
	}
	return rc;
}

/* The folder of the prefix in tree t, or NULL (absent, or not a folder). */
static int prefix_tree(git_tree **out, struct loader *L, git_tree *t)
{
	git_tree_entry *e = NULL;
	int rc = 0;

	*out = NULL;
	if (!t || !L->plen)
		return t ? git_tree_dup(out, t) : 0;
	L->h->prefix[L->plen - 1] = '\0';
	if (git_tree_entry_bypath(&e, t, L->h->prefix) == 0 && entry_is_tree(e))
		rc = git_tree_lookup(out, L->repo, git_tree_entry_id(e));
	L->h->prefix[L->plen - 1] = '/';
	git_tree_entry_free(e);
	if (rc < 0)
		git_diag(L, "reading a tree");
	return rc;
}

/* The changed leaves under the prefix between trees a (old, NULL for none)
 * and b into ds (reset). */
static int diff_prefix(struct loader *L, struct deltas *ds, git_tree *a, git_tree *b)
{
	git_tree *pa = NULL, *pb = NULL;
	int rc = -1;

	deltas_reset(ds);
	buf_reset(&ds->dir);
	buf_puts(&ds->dir, L->h->prefix);
	if (prefix_tree(&pa, L, a) == 0 && prefix_tree(&pb, L, b) == 0)
		rc = diff_trees(L, ds, pa, pb);
	git_tree_free(pa);
	git_tree_free(pb);
	return rc;
}

/* A delta of ds as libgit2 would give it (paths and ids borrowed). */
static void as_git_delta(git_diff_delta *dd, const struct delta *d)
{
	memset(dd, 0, sizeof(*dd));
	dd->status = d->st == 'A'   ? GIT_DELTA_ADDED
		     : d->st == 'D' ? GIT_DELTA_DELETED
				    : GIT_DELTA_MODIFIED;
	dd->old_file.path = dd->new_file.path = d->path;
	git_oid_cpy(&dd->old_file.id, &d->old_id);
	git_oid_cpy(&dd->new_file.id, &d->new_id);
}

/* Take the deltas of the current commit (its trees: ptrees[0..np), tree). */
static void take_deltas(struct loader *L, git_tree **ptrees, size_t np, const struct deltas *ds)
{
	git_diff_delta dd;
	size_t i;

	for (i = 0; i < ds->n; i++) {
		as_git_delta(&dd, &ds->v[i]);
		if (np < 2 || !from_other_parent(ptrees, np, &dd))
			take_delta(L, &dd);
	}
}

/* The same deltas with renames found by libgit2: a diff of exactly the
 * changed paths, so that its input (and result) is that of a diff of the
 * whole trees, without stepping through the unchanged files. */
static int take_renamed(struct loader *L, git_tree **ptrees, size_t np, git_tree *tree,
			const struct deltas *ds)
{
	git_diff *diff = NULL;
	git_diff_options dopts;
	git_diff_find_options fopts;
	char **paths = xcalloc(ds->n, sizeof(*paths));
	size_t i;
	int rc = -1;

	for (i = 0; i < ds->n; i++)
		paths[i] = ds->v[i].path;
	git_diff_options_init(&dopts, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&fopts, GIT_DIFF_FIND_OPTIONS_VERSION);
	dopts.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH | GIT_DIFF_SKIP_BINARY_CHECK;
	dopts.pathspec.strings = paths;
	dopts.pathspec.count = ds->n;
	fopts.flags = GIT_DIFF_FIND_RENAMES;
	if (git_diff_tree_to_tree(&diff, L->repo, np ? ptrees[0] : NULL, tree, &dopts) < 0 ||
	    git_diff_find_similar(diff, &fopts) < 0) {
		git_diag(L, "diffing a commit");
		goto out;
	}
	for (i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *dd = git_diff_get_delta(diff, i);
		if (np < 2 || !from_other_parent(ptrees, np, dd))
			take_delta(L, dd);
	}
	rc = 0;
out:
	git_diff_free(diff);
	free(paths);
	return rc;
}

/* Diff commit oid against its (first) parent and record the versions.  A
 * shallow clone's boundary commit is diffed against nothing: its
 * documents get their oldest known versions ('B'). */
static int read_commit(struct loader *L, const git_oid *oid)
{
	git_commit *c = NULL;
	git_tree *tree = NULL, **ptrees = NULL;
	size_t np = 0, k;
	int rc = -1;

	if (git_commit_lookup(&c, L->repo, oid) < 0 || git_commit_tree(&tree, c) < 0) {
		git_diag(L, "reading a commit");
		goto out;
	}
	np = git_commit_parentcount(c);
	L->boundary = np > 0 && is_boundary(L, oid);
	if (L->boundary || (L->mode == HISTORY_FIRST_PARENT && np > 1))
		np = L->boundary ? 0 : 1;
	ptrees = xcalloc(np + 1, sizeof(*ptrees));
	if (parent_trees(L, c, ptrees, np) < 0 ||
	    diff_prefix(L, &L->ds, np ? ptrees[0] : NULL, tree) < 0)
		goto out;
	commit_begin(L, c);
	if (L->ds.nadd && L->ds.ndel) {
		if (take_renamed(L, ptrees, np, tree, &L->ds) < 0) {
			commit_release(&L->cur);
			goto out;
		}
	} else {
		take_deltas(L, ptrees, np, &L->ds);
	}
	commit_end(L);
	rc = 0;
out:
	for (k = 0; k < np && ptrees; k++)
		git_tree_free(ptrees[k]);
	free(ptrees);
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

/* The one revision walk from HEAD (libgit2's, in a complete repository). */
static int walk_full(struct loader *L)
{
	git_revwalk *w = NULL;
	git_oid oid;
	int rc = -1, e;

	if (git_revwalk_new(&w, L->repo) < 0 ||
	    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0 ||
	    git_revwalk_push_head(w) < 0) {
		git_diag(L, "walking the history");
		goto out;
	}
	if (L->mode == HISTORY_FIRST_PARENT)
		git_revwalk_simplify_first_parent(w);
	while ((e = git_revwalk_next(&oid, w)) == 0)
		if (read_commit(L, &oid) < 0)
			goto out;
	if (e != GIT_ITEROVER) {
		git_diag(L, "walking the history");
		goto out;
	}
	rc = 0;
out:
	git_revwalk_free(w);
	return rc;
}

/* ---- shallow clones ----
 *
 * libgit2 1.5 cannot walk a shallow clone (its revision walk looks for the
 * missing parents), so the commits are walked here: those listed in the
 * shallow file are roots, the others are ordered as libgit2 does (a parent
 * after all its children, the newest commit time first among those that
 * are ready). */

/* A commit of the walk of a shallow clone. */
struct wnode {
	git_oid id;
	long long time;	 /* committer time */
	size_t *parents; /* node indices */
	size_t nparents;
	size_t children; /* not yet walked */
};

struct wgraph {
	struct wnode *v;
	size_t n, cap;
	struct pathmap ids; /* hex id → index */
	size_t *heap, nheap;
};

/* Read the boundary commits of a shallow clone (the shallow file of the
 * repository: one id a line) into L->shallow, sorted. */
static void read_shallow(struct loader *L)
{
	struct buf path = BUF_INIT;
	char line[128];
	FILE *f;

	buf_printf(&path, "%sshallow", git_repository_commondir(L->repo));
	f = fopen(path.ptr, "r");
	while (f && fgets(line, sizeof(line), f)) {
		git_oid id;
		if (git_oid_fromstrn(&id, line, strcspn(line, "\r\n")) < 0)
			continue;
		if ((L->nshallow & (L->nshallow - 1)) == 0)
			L->shallow = xreallocarray(L->shallow, L->nshallow ? 2 * L->nshallow : 1,
						   sizeof(*L->shallow));
		L->shallow[L->nshallow++] = id;
	}
	if (f)
		fclose(f);
	buf_release(&path);
	if (L->nshallow)
		qsort(L->shallow, L->nshallow, sizeof(*L->shallow), cmp_oid);
	L->h->shallow = L->nshallow > 0 || git_repository_is_shallow(L->repo) == 1;
}

/* The node of commit id, added (to be read) if new. */
static size_t wnode_for(struct wgraph *g, const git_oid *id, int *added)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t *slot;

	git_oid_tostr(hex, sizeof(hex), id);
	slot = pm_slot(&g->ids, hex);
	*added = *slot == NO_DOC;
	if (!*added)
		return *slot;
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->v = xreallocarray(g->v, g->cap, sizeof(*g->v));
	}
	memset(&g->v[g->n], 0, sizeof(g->v[g->n]));
	git_oid_cpy(&g->v[g->n].id, id);
	return *slot = g->n++;
}

/* Read the commits reachable from HEAD without crossing the boundary
 * into g (node 0 is HEAD). */
static int wgraph_read(struct loader *L, struct wgraph *g)
{
	size_t *todo = NULL, ntodo = 0, cap, i, k;
	git_oid head;
	int added, rc = -1;

	if (git_reference_name_to_id(&head, L->repo, "HEAD") < 0)
		goto fail;
	todo = xmalloc(sizeof(*todo));
	todo[ntodo++] = wnode_for(g, &head, &added);
	cap = 1;
	while (ntodo) {
		git_commit *c = NULL;
		i = todo[--ntodo];
		if (git_commit_lookup(&c, L->repo, &g->v[i].id) < 0)
			goto fail;
		g->v[i].time = (long long)git_commit_time(c);
		g->v[i].nparents = is_boundary(L, &g->v[i].id) ? 0 : git_commit_parentcount(c);
		if (L->mode == HISTORY_FIRST_PARENT && g->v[i].nparents > 1)
			g->v[i].nparents = 1;
		g->v[i].parents = xcalloc(g->v[i].nparents + 1, sizeof(size_t));
		for (k = 0; k < g->v[i].nparents; k++) {
			size_t p = wnode_for(g, git_commit_parent_id(c, (unsigned)k), &added);
			g->v[i].parents[k] = p;
			g->v[p].children++;
			if (added && ntodo == cap)
				todo = xreallocarray(todo, cap *= 2, sizeof(*todo));
			if (added)
				todo[ntodo++] = p;
		}
		git_commit_free(c);
	}
	rc = 0;
	goto out;
fail:
	git_diag(L, "walking the history");
out:
	free(todo);
	return rc;
}

/* Does node a come before node b (newer, then found first)? */
static int wnode_before(const struct wgraph *g, size_t a, size_t b)
{
	return g->v[a].time != g->v[b].time ? g->v[a].time > g->v[b].time : a < b;
}

static void heap_push(struct wgraph *g, size_t x)
{
	size_t i = g->nheap++;

	for (; i > 0 && wnode_before(g, x, g->heap[(i - 1) / 2]); i = (i - 1) / 2)
		g->heap[i] = g->heap[(i - 1) / 2];
	g->heap[i] = x;
}

static size_t heap_pop(struct wgraph *g)
{
	size_t top = g->heap[0], x = g->heap[--g->nheap], i = 0, c;

	while ((c = 2 * i + 1) < g->nheap) {
		if (c + 1 < g->nheap && wnode_before(g, g->heap[c + 1], g->heap[c]))
			c++;
		if (!wnode_before(g, g->heap[c], x))
			break;
		g->heap[i] = g->heap[c];
		i = c;
	}
	if (g->nheap)
		g->heap[i] = x;
	return top;
}

/* The walk of a shallow clone: every commit after all of its children. */
static int walk_shallow(struct loader *L)
{
	struct wgraph g;
	size_t i, k;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	if (wgraph_read(L, &g) < 0)
		goto out;
	g.heap = xcalloc(g.n + 1, sizeof(*g.heap));
	heap_push(&g, 0);
	while (g.nheap) {
		i = heap_pop(&g);
		if (read_commit(L, &g.v[i].id) < 0)
			goto out;
		for (k = 0; k < g.v[i].nparents; k++)
			if (--g.v[g.v[i].parents[k]].children == 0)
				heap_push(&g, g.v[i].parents[k]);
	}
	rc = 0;
out:
	for (i = 0; i < g.n; i++)
		free(g.v[i].parents);
	free(g.v);
	free(g.heap);
	pm_release(&g.ids);
	return rc;
}

static int walk(struct loader *L)
{
	read_shallow(L);
	return L->nshallow ? walk_shallow(L) : walk_full(L);
}

/* Open the repository around content_dir and set h->prefix.  Returns 0
 * (opened), 1 (no usable repository: h->why says why) or -1 (error). */
static int open_repo(struct loader *L, const char *content_dir)
{
	char *cabs = realpath(content_dir, NULL), *wabs = NULL;
	const char *wd;
	size_t wl;
	int e, rc = -1;

	if (!cabs) {
		diag_error(L->d, content_dir, 0, 0, "cannot resolve the content folder");
		return -1;
	}
	e = git_repository_open_ext(&L->repo, cabs, 0, NULL);
	L->h->why = e == GIT_EOWNER ? HISTORY_NOT_OWNER : HISTORY_NO_REPO;
	if (e == GIT_EOWNER)
		diag_warning(L->d, content_dir, 0, 0,
			     "git repository owned by another user: no version history");
	if (e == GIT_ENOTFOUND || e == GIT_EOWNER) {
		rc = 1;
		goto out;
	}
	if (e < 0) {
		git_diag(L, "opening the repository");
		goto out;
	}
	L->h->priv->repo = L->repo;
	wd = git_repository_workdir(L->repo);
	wabs = wd ? realpath(wd, NULL) : NULL;
	wl = wabs ? strlen(wabs) : 0;
	if (!wabs || strncmp(cabs, wabs, wl) != 0 || (cabs[wl] != '/' && cabs[wl] != '\0')) {
		rc = 1; /* bare, or the content folder is not in the work tree */
		goto out;
	}
	free(L->h->prefix);
	L->h->prefix = cabs[wl] ? xmalloc(strlen(cabs + wl + 1) + 2) : xstrdup("");
	if (cabs[wl])
		strcat(strcpy(L->h->prefix, cabs + wl + 1), "/");
	L->plen = strlen(L->h->prefix);
	L->h->why = git_repository_head_unborn(L->repo) == 1 ? HISTORY_NO_COMMITS : HISTORY_LOADED;
	rc = L->h->why == HISTORY_LOADED ? 0 : 1;
out:
	free(cabs);
	free(wabs);
	return rc;
}

static int cmp_doc(const void *a, const void *b)
{
	return strcmp(((const struct history_doc *)a)->path, ((const struct history_doc *)b)->path);
}

struct head_walk {
	struct history *h;
	struct buf path;
};

/* git_tree_walk callback: record the HEAD blob id of each document; do
 * not descend into folders outside the content folder. */
static int head_entry(const char *root, const git_tree_entry *e, void *payload)
{
	struct head_walk *w = payload;
	const struct history_doc *hd;
	size_t np = strlen(w->h->prefix);

	buf_reset(&w->path);
	buf_printf(&w->path, "%s%s", root, git_tree_entry_name(e));
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		buf_putc(&w->path, '/');
		return strncmp(w->path.ptr, w->h->prefix, w->path.len < np ? w->path.len : np) == 0
			   ? 0
			   : 1;
	}
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || w->path.len < np ||
	    strncmp(w->path.ptr, w->h->prefix, np) != 0)
		return 0;
	hd = history_find(w->h, w->path.ptr + np);
	if (hd) {
		git_oid_cpy(&w->h->priv->head_ids[hd - w->h->docs], git_tree_entry_id(e));
		w->h->priv->in_head[hd - w->h->docs] = 1;
	}
	return 0;
}

/* After the walk: HEAD's tree and its blob ids of the documents, for
 * history_is_modified. */
static int load_head(struct history *h, struct diag *d, const char *content_dir)
{
	git_object *obj = NULL;
	struct head_walk w;

	if (h->why != HISTORY_LOADED)
		return 0;
	if (git_revparse_single(&obj, h->priv->repo, "HEAD^{tree}") < 0) {
		const git_error *e = git_error_last();
		diag_error(d, content_dir, 0, 0, "git: reading HEAD: %s",
			   e && e->message ? e->message : "failed");
		return -1;
	}
	h->priv->head = (git_tree *)obj;
	h->priv->head_ids = xcalloc(h->ndocs + 1, sizeof(*h->priv->head_ids));
	h->priv->in_head = xcalloc(h->ndocs + 1, 1);
	w.h = h;
	buf_init(&w.path);
	if (git_tree_walk(h->priv->head, GIT_TREEWALK_PRE, head_entry, &w) < 0) {
		/* unreadable: history_is_modified looks each path up instead */
		free(h->priv->head_ids);
		free(h->priv->in_head);
		h->priv->head_ids = NULL;
		h->priv->in_head = NULL;
		git_error_clear();
	}
	buf_release(&w.path);
	return 0;
}

/* Make libgit2 read no configuration outside the repository. */
static void no_outside_config(void)
{
	static const int levels[] = {GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_XDG,
				     GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_PROGRAMDATA};
	size_t i;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i], "");
}

int history_load(struct history **out, const char *content_dir, enum history_mode mode,
		 struct diag *d)
{
	return history_load_cached(out, content_dir, mode, NULL, d);
}

int history_load_cached(struct history **out, const char *content_dir, enum history_mode mode,
			const struct history_cache *hc, struct diag *d)
{
	struct history *h = xcalloc(1, sizeof(*h));
	struct loader L;
	size_t i;
	int rc, walked = 0;

	*out = NULL;
	git_libgit2_init(); /* balanced by history_free */
	h->priv = xcalloc(1, sizeof(*h->priv));
	pthread_mutex_init(&h->priv->lock, NULL);
	for (i = 0; i < HISTORY_READERS; i++)
		pthread_mutex_init(&h->priv->readers[i].lock, NULL);
	h->prefix = xstrdup("");
	h->why = HISTORY_DISABLED;
	if (mode == HISTORY_NONE)
		goto done;
	no_outside_config();
	memset(&L, 0, sizeof(L));
	L.h = h;
	L.mode = mode;
	L.d = d;
	L.dpath = content_dir;
	buf_init(&L.ds.dir);
	rc = open_repo(&L, content_dir);
	if (rc == 0 && !(hc && histcache_read(h, hc->file, hc->key) == 1)) {
		rc = walk(&L);
		walked = 1;
	}
	pm_release(&L.map);
	deltas_release(&L.ds);
	free(L.shallow);
	if (rc < 0) {
		history_free(h);
		return -1;
	}
	if (h->ndocs)
		qsort(h->docs, h->ndocs, sizeof(*h->docs), cmp_doc);
	if (walked && hc)
		histcache_write(h, hc->file, hc->out, hc->key); /* or walk again next time */
	if (load_head(h, d, content_dir) < 0) {
		history_free(h);
		return -1;
	}
done:
	*out = h;
	return 0;
}

const struct history_doc *history_find(const struct history *h, const char *content_relpath)
{
	struct history_doc key;

	if (!h || !h->ndocs || !content_relpath)
		return NULL;
	key.path = (char *)content_relpath;
	return bsearch(&key, h->docs, h->ndocs, sizeof(*h->docs), cmp_doc);
}

/* Append blob id's content to out from repo.  0 / -1. */
static int read_blob(struct buf *out, git_repository *repo, const git_oid *id)
{
	git_blob *blob = NULL;
	int rc = -1;

	if (git_blob_lookup(&blob, repo, id) == 0) {
		buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
		rc = 0;
	}
	git_blob_free(blob);
	return rc;
}

/* A free reader (locked), waiting for the first one when all are busy. */
static struct history_reader *reader_take(struct history_priv *priv)
{
	size_t i;

	for (i = 0; i < HISTORY_READERS; i++)
		if (pthread_mutex_trylock(&priv->readers[i].lock) == 0)
			return &priv->readers[i];
	pthread_mutex_lock(&priv->readers[0].lock);
	return &priv->readers[0];
}

int history_read_blob(struct buf *out, const struct history *h, const struct history_version *v)
{
	struct history_reader *r;
	int rc = -1, opened;

	if (!h || !h->priv->repo || !v)
		return -1;
	r = reader_take(h->priv);
	if (!r->repo && !r->failed) {
		pthread_mutex_lock(&h->priv->lock); /* the main handle's path */
		r->failed = git_repository_open(&r->repo, git_repository_path(h->priv->repo)) < 0;
		pthread_mutex_unlock(&h->priv->lock);
		if (r->failed) {
			r->repo = NULL;
			git_error_clear();
		}
	}
	opened = r->repo != NULL;
	if (opened)
		rc = read_blob(out, r->repo, &v->blob);
	pthread_mutex_unlock(&r->lock);
	if (!opened) {
		pthread_mutex_lock(&h->priv->lock);
		rc = read_blob(out, h->priv->repo, &v->blob);
		pthread_mutex_unlock(&h->priv->lock);
	}
	return rc;
}

/* The blob id of repository path in HEAD into *id; 0, or -1 if absent. */
static int head_blob(git_oid *id, const struct history_priv *priv, const char *path)
{
	git_tree_entry *e = NULL;
	int rc = -1;

	if (priv->head && git_tree_entry_bypath(&e, priv->head, path) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
		git_oid_cpy(id, git_tree_entry_id(e));
		rc = 0;
	}
	git_tree_entry_free(e);
	return rc;
}

/* Read the regular file at path into out: 1, 0 when there is none (or
 * not a regular file), -1 when it cannot be read. */
static int read_work_file(struct buf *out, const char *path)
{
	char chunk[16384];
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 1;

	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	if (fstat(fd, &st) != 0)
		rc = -1;
	else if (!S_ISREG(st.st_mode))
		rc = 0;
	while (rc == 1 && (n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno != EINTR)
			rc = -1;
		else if (n > 0)
			buf_put(out, chunk, (size_t)n);
	}
	close(fd);
	return rc;
}

/* Is the work-tree file at repository path rel (full: its file path)
 * modified?  The bytes as they are first (the usual case: equal to HEAD's
 * blob), then with the repository's filters (as git compares them, e.g.
 * line endings converted on checkout).  1 / 0 / -1.  known is the index
 * of its document in head_ids/in_head, or -1 to look it up in HEAD's tree;
 * blob_id as for history_is_modified_id. */
static int work_modified(struct history_priv *priv, const char *rel, const char *full,
			 ptrdiff_t known, const unsigned char *blob_id)
{
	struct buf text = BUF_INIT;
	git_oid head, work;
	int in_head, in_work = 0, rc;

	if (known >= 0) {
		in_head = priv->in_head[known];
		if (in_head)
			git_oid_cpy(&head, &priv->head_ids[known]);
	} else {
		pthread_mutex_lock(&priv->lock);
		in_head = head_blob(&head, priv, rel) == 0;
		pthread_mutex_unlock(&priv->lock);
	}
	if (in_head && blob_id && !memcmp(head.id, blob_id, sizeof(head.id)))
		return 0; /* the text built is HEAD's */
	/* reading and hashing the file need no lock */
	in_work = read_work_file(&text, full);
	if (in_work < 0)
		rc = -1;
	else if (!in_head || !in_work)
		rc = in_head != in_work;
	else if (blobid_compute(work.id, text.ptr, text.len), git_oid_equal(&head, &work))
		rc = 0;
	else {
		pthread_mutex_lock(&priv->lock);
		rc = git_repository_hashfile(&work, priv->repo, full, GIT_OBJECT_BLOB, rel) < 0
			 ? -1
			 : !git_oid_equal(&head, &work);
		pthread_mutex_unlock(&priv->lock);
	}
	buf_release(&text);
	return rc;
}

int history_is_modified_id(const struct history *h, const char *content_relpath,
			   const unsigned char *blob_id)
{
	struct buf rel = BUF_INIT, full = BUF_INIT;
	const struct history_doc *hd;
	int rc;

	if (!h || !h->priv->repo || h->why != HISTORY_LOADED || !content_relpath)
		return 0;
	buf_printf(&rel, "%s%s", h->prefix, content_relpath);
	buf_printf(&full, "%s%s", git_repository_workdir(h->priv->repo), rel.ptr);
	hd = h->priv->in_head ? history_find(h, content_relpath) : NULL;
	rc = work_modified(h->priv, rel.ptr, full.ptr, hd ? hd - h->docs : -1, blob_id);
	buf_release(&rel);
	buf_release(&full);
	return rc;
}

int history_is_modified(const struct history *h, const char *content_relpath)
{
	return history_is_modified_id(h, content_relpath, NULL);
}

void history_close(struct history *h)
{
	size_t i;

	if (!h || !h->priv)
		return;
	for (i = 0; i < HISTORY_READERS; i++) {
		git_repository_free(h->priv->readers[i].repo);
		h->priv->readers[i].repo = NULL;
		h->priv->readers[i].failed = 1;
	}
	git_tree_free(h->priv->head);
	h->priv->head = NULL;
	git_repository_free(h->priv->repo);
	h->priv->repo = NULL;
}

void history_release_walk(struct history *h)
{
	size_t i, k;

	for (i = 0; i < h->ndocs; i++) {
		for (k = 0; k < h->docs[i].n; k++)
			free(h->docs[i].v[k].path);
		free(h->docs[i].v);
		free(h->docs[i].path);
	}
	free(h->docs);
	for (i = 0; i < h->ncommits; i++)
		commit_release(&h->commits[i]);
	free(h->commits);
	h->docs = NULL;
	h->commits = NULL;
	h->ndocs = h->ncommits = 0;
}

void history_free(struct history *h)
{
	size_t i;

	if (!h)
		return;
	history_release_walk(h);
	git_tree_free(h->priv->head);
	free(h->priv->head_ids);
	free(h->priv->in_head);
	git_repository_free(h->priv->repo);
	pthread_mutex_destroy(&h->priv->lock);
	for (i = 0; i < HISTORY_READERS; i++) {
		git_repository_free(h->priv->readers[i].repo);
		pthread_mutex_destroy(&h->priv->readers[i].lock);
	}
	free(h->priv);
	free(h->prefix);
	free(h);
	git_libgit2_shutdown();
}
