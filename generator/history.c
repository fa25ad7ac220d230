/* history.c - document versions from one git revision walk; see history.h. */
#include "history.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chardiff.h"
#include "xalloc.h"

#define NO_DOC ((size_t)-1)

struct history_priv {
	git_repository *repo;
	pthread_mutex_t lock;
};

/* Path → document index, open addressing; entries are never removed. */
struct pathmap {
	char **keys;
	size_t *vals;
	size_t cap, n;
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
 * by the current commit, and list it in the commit.  A rename makes the
 * old path lead to the same document further back in time. */
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
	memcpy(v->id, c->id, sizeof(v->id));
	memcpy(v->short_id, c->short_id, sizeof(v->short_id));
	v->time = c->time;
	v->offset_minutes = c->offset_minutes;
	v->author = c->author;
	v->summary = c->summary;
	v->path = clean_dup(repo_path);
	git_oid_cpy(&v->blob, blob);
	v->status = status;
	if (status == 'R')
		*pm_slot(&L->map, oldrel) = idx;
	if (status == 'A')
		push_path(&c->added, &c->nadded, &L->capa, newrel);
	else if (status == 'D')
		push_path(&c->removed, &c->nremoved, &L->capr, oldrel);
	if (status == 'M' || status == 'R')
		push_changed(L, newrel, status == 'R' ? oldrel : NULL);
	if (status == 'A' || status == 'M')
		free(oldrel);
	else if (status == 'D')
		free(newrel);
}

/* Turn one delta of the current commit into a version, if it concerns a
 * document. */
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

/* Keep the current commit if it touched a document. */
static void commit_end(struct loader *L)
{
	struct history *h = L->h;

	if (L->cur.nadded + L->cur.nchanged + L->cur.nremoved == 0) {
		commit_release(&L->cur);
		return;
	}
	if (h->ncommits == L->commitcap) {
		L->commitcap = L->commitcap ? 2 * L->commitcap : 64;
		h->commits = xreallocarray(h->commits, L->commitcap, sizeof(*h->commits));
	}
	h->commits[h->ncommits++] = L->cur;
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

/* Diff commit oid against its (first) parent and record the versions. */
static int read_commit(struct loader *L, const git_oid *oid)
{
	git_commit *c = NULL;
	git_tree *tree = NULL, **ptrees = NULL;
	git_diff *diff = NULL;
	git_diff_options dopts;
	git_diff_find_options fopts;
	char *spec = L->h->prefix;
	size_t np = 0, i, k;
	int rc = -1;

	if (git_commit_lookup(&c, L->repo, oid) < 0 || git_commit_tree(&tree, c) < 0) {
		git_diag(L, "reading a commit");
		goto out;
	}
	np = git_commit_parentcount(c);
	if (L->mode == HISTORY_FIRST_PARENT && np > 1)
		np = 1;
	ptrees = xcalloc(np + 1, sizeof(*ptrees));
	if (parent_trees(L, c, ptrees, np) < 0)
		goto out;
	git_diff_options_init(&dopts, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&fopts, GIT_DIFF_FIND_OPTIONS_VERSION);
	dopts.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH | GIT_DIFF_SKIP_BINARY_CHECK;
	dopts.pathspec.strings = &spec;
	dopts.pathspec.count = L->plen ? 1 : 0;
	fopts.flags = GIT_DIFF_FIND_RENAMES;
	if (git_diff_tree_to_tree(&diff, L->repo, np ? ptrees[0] : NULL, tree, &dopts) < 0 ||
	    ((git_diff_num_deltas_of_type(diff, GIT_DELTA_ADDED) &&
	      git_diff_num_deltas_of_type(diff, GIT_DELTA_DELETED)) &&
	     git_diff_find_similar(diff, &fopts) < 0)) {
		git_diag(L, "diffing a commit");
		goto out;
	}
	commit_begin(L, c);
	for (i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *dd = git_diff_get_delta(diff, i);
		if (np < 2 || !from_other_parent(ptrees, np, dd))
			take_delta(L, dd);
	}
	commit_end(L);
	rc = 0;
out:
	git_diff_free(diff);
	for (k = 0; k < np && ptrees; k++)
		git_tree_free(ptrees[k]);
	free(ptrees);
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

/* The one revision walk from HEAD. */
static int walk(struct loader *L)
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
	L->h->shallow = git_repository_is_shallow(L->repo) == 1;
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
	struct history *h = xcalloc(1, sizeof(*h));
	struct loader L;
	int rc;

	*out = NULL;
	git_libgit2_init(); /* balanced by history_free */
	h->priv = xcalloc(1, sizeof(*h->priv));
	pthread_mutex_init(&h->priv->lock, NULL);
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
	rc = open_repo(&L, content_dir);
	if (rc == 0)
		rc = walk(&L);
	pm_release(&L.map);
	if (rc < 0) {
		history_free(h);
		return -1;
	}
	if (h->ndocs)
		qsort(h->docs, h->ndocs, sizeof(*h->docs), cmp_doc);
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

int history_read_blob(struct buf *out, const struct history *h, const struct history_version *v)
{
	git_blob *blob = NULL;
	int rc = -1;

	if (!h || !h->priv->repo || !v)
		return -1;
	pthread_mutex_lock(&h->priv->lock);
	if (git_blob_lookup(&blob, h->priv->repo, &v->blob) == 0) {
		buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
		rc = 0;
	}
	git_blob_free(blob);
	pthread_mutex_unlock(&h->priv->lock);
	return rc;
}

/* The blob id of repository path in HEAD into *id; 0, or -1 if absent. */
static int head_blob(git_oid *id, git_repository *repo, const char *path)
{
	git_object *obj = NULL;
	git_tree_entry *e = NULL;
	int rc = -1;

	if (git_revparse_single(&obj, repo, "HEAD^{tree}") == 0 &&
	    git_tree_entry_bypath(&e, (git_tree *)obj, path) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
		git_oid_cpy(id, git_tree_entry_id(e));
		rc = 0;
	}
	git_tree_entry_free(e);
	git_object_free(obj);
	return rc;
}

int history_is_modified(const struct history *h, const char *content_relpath)
{
	struct buf rel = BUF_INIT, full = BUF_INIT;
	git_oid head, work;
	struct stat st;
	int in_head, in_work, rc;

	if (!h || !h->priv->repo || h->why != HISTORY_LOADED || !content_relpath)
		return 0;
	buf_printf(&rel, "%s%s", h->prefix, content_relpath);
	buf_printf(&full, "%s%s", git_repository_workdir(h->priv->repo), rel.ptr);
	pthread_mutex_lock(&h->priv->lock);
	in_head = head_blob(&head, h->priv->repo, rel.ptr) == 0;
	in_work = stat(full.ptr, &st) == 0 && S_ISREG(st.st_mode);
	if (in_work &&
	    git_repository_hashfile(&work, h->priv->repo, full.ptr, GIT_OBJECT_BLOB, rel.ptr) < 0)
		rc = -1;
	else if (in_head && in_work)
		rc = !git_oid_equal(&head, &work);
	else
		rc = in_head != in_work;
	pthread_mutex_unlock(&h->priv->lock);
	buf_release(&rel);
	buf_release(&full);
	return rc;
}

void history_free(struct history *h)
{
	size_t i, k;

	if (!h)
		return;
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
	git_repository_free(h->priv->repo);
	pthread_mutex_destroy(&h->priv->lock);
	free(h->priv);
	free(h->prefix);
	free(h);
	git_libgit2_shutdown();
}
