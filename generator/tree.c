/* tree.c - removing and listing folders; see tree.h for the contract. */
#define _GNU_SOURCE
#include "tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "parallel.h"
#include "xalloc.h"

static int remove_dir_at(int parent, const char *name, int depth);

/* Is entry de of folder fd a folder (not following symbolic links)? */
static int entry_is_dir(int fd, const struct dirent *de)
{
	struct stat st;

	if (de->d_type != DT_UNKNOWN)
		return de->d_type == DT_DIR;
	return fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

static int is_dot(const char *name)
{
	return !strcmp(name, ".") || !strcmp(name, "..");
}

/* Empty the folder open as fd (which is closed).  0, or -1 when something
 * could not be removed. */
static int remove_in(int fd, int depth)
{
	struct dirent *de;
	DIR *dir = fdopendir(fd);
	int rc = 0;

	if (!dir) {
		close(fd);
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (is_dot(de->d_name))
			continue;
		if (entry_is_dir(dirfd(dir), de)) {
			if (remove_dir_at(dirfd(dir), de->d_name, depth + 1) < 0)
				rc = -1;
		} else if (unlinkat(dirfd(dir), de->d_name, 0) != 0) {
			rc = -1;
		}
	}
	closedir(dir);
	return rc;
}

/* Remove folder name of folder parent and everything in it. */
static int remove_dir_at(int parent, const char *name, int depth)
{
	int fd, rc;

	if (depth > TREE_MAX_DEPTH)
		return -1;
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = remove_in(fd, depth);
	if (unlinkat(parent, name, AT_REMOVEDIR) != 0)
		rc = -1;
	return rc;
}

int tree_remove(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	return remove_dir_at(AT_FDCWD, path, 0);
}

/* The entries of one folder, removed as parallel tasks. */
struct removal {
	int fd;	      /* the folder */
	char **names; /* its entries */
	char *is_dir;
	size_t n;
	atomic_int failed; /* set by any task (only ever to 1) */
};

static void removal_run(size_t i, void *ctx)
{
	struct removal *r = ctx;

	if (r->is_dir[i] ? remove_dir_at(r->fd, r->names[i], 1) < 0
			 : unlinkat(r->fd, r->names[i], 0) != 0)
		atomic_store(&r->failed, 1);
}

/* An old site of 10,000 documents is some 37,000 entries, and on a file
 * system mounted with `discard` removing them waits on the disk (two
 * threads: 10.5 → 7.7 s for such a site here). */
int tree_remove_jobs(const char *path, int jobs)
{
	struct removal r = {-1, NULL, NULL, 0, 0};
	struct dirent *de;
	size_t cap = 0, i;
	DIR *dir;
	struct stat st;

	if (jobs <= 1 || lstat(path, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    (r.fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    !(dir = fdopendir(r.fd))) {
		if (r.fd >= 0)
			close(r.fd);
		return tree_remove(path);
	}
	while ((de = readdir(dir)) != NULL) {
		if (is_dot(de->d_name))
			continue;
		if (r.n == cap) {
			cap = cap ? 2 * cap : 64;
			r.names = xreallocarray(r.names, cap, sizeof(*r.names));
			r.is_dir = xreallocarray(r.is_dir, cap, 1);
		}
		r.is_dir[r.n] = (char)entry_is_dir(r.fd, de);
		r.names[r.n++] = xstrdup(de->d_name);
	}
	parallel_for(r.n, jobs, removal_run, &r);
	for (i = 0; i < r.n; i++)
		free(r.names[i]);
	free(r.names);
	free(r.is_dir);
	closedir(dir);
	return rmdir(path) != 0 || atomic_load(&r.failed) ? -1 : 0;
}

/* Append an entry to l. */
static void list_push(struct tree_list *l, const char *rel, unsigned long long ino, int is_dir)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n].rel = xstrdup(rel);
	l->v[l->n].ino = ino;
	l->v[l->n++].is_dir = is_dir;
}

/* Append the n entries at v to l, which takes their paths. */
static void list_move(struct tree_list *l, const struct tree_entry *v, size_t n)
{
	if (l->n + n > l->cap) {
		l->cap = l->n + n > 2 * l->cap ? l->n + n : 2 * l->cap;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	if (n)
		memcpy(l->v + l->n, v, n * sizeof(*v));
	l->n += n;
}

/* List the folder open as fd (which is closed), whose relative path is
 * rel, and the folders in it, into l.  0 / -1 (errno set). */
static int list_in(struct tree_list *l, struct buf *rel, int fd, int depth)
{
	struct dirent *de;
	DIR *dir = fdopendir(fd);
	size_t len = rel->len;
	int rc = 0, sub;

	if (!dir) {
		close(fd);
		return -1;
	}
	while (rc == 0 && (de = readdir(dir)) != NULL) {
		int is_dir;

		if (is_dot(de->d_name))
			continue;
		is_dir = entry_is_dir(dirfd(dir), de);
		buf_truncate(rel, len);
		buf_putc(rel, '/');
		buf_puts(rel, de->d_name);
		list_push(l, rel->ptr, (unsigned long long)de->d_ino, is_dir);
		if (!is_dir)
			continue;
		if (depth >= TREE_MAX_DEPTH) {
			errno = ELOOP;
			rc = -1;
		} else if ((sub = openat(dirfd(dir), de->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
			   list_in(l, rel, sub, depth + 1) < 0) {
			rc = -1;
		}
	}
	buf_truncate(rel, len);
	closedir(dir);
	return rc;
}

/* The top-level folders of a tree, listed in parallel. */
struct listing {
	int top;		      /* the tree's folder */
	const struct tree_list *tops; /* its entries */
	struct tree_list *subs;	      /* what each folder among them holds */
	atomic_int failed;	      /* errno of a failure, or 0 */
};

static void listing_run(size_t i, void *ctx)
{
	struct listing *w = ctx;
	struct buf rel = BUF_INIT;
	const struct tree_entry *e = &w->tops->v[i];
	int fd;

	if (!e->is_dir)
		return;
	buf_puts(&rel, e->rel);
	if ((fd = openat(w->top, e->rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    list_in(&w->subs[i], &rel, fd, 2) < 0)
		atomic_store(&w->failed, errno ? errno : EIO);
	buf_release(&rel);
}

/* The entries of the folder open as fd (not closed), without descending. */
static int list_top(struct tree_list *l, int fd)
{
	struct dirent *de;
	DIR *dir;
	int dup_fd = dup(fd);

	if (dup_fd < 0 || !(dir = fdopendir(dup_fd))) {
		if (dup_fd >= 0)
			close(dup_fd);
		return -1;
	}
	while ((de = readdir(dir)) != NULL)
		if (!is_dot(de->d_name))
			list_push(l, de->d_name, (unsigned long long)de->d_ino,
				  entry_is_dir(dirfd(dir), de));
	closedir(dir);
	return 0;
}

int tree_list(struct tree_list *out, const char *path, int jobs)
{
	struct tree_list tops = {NULL, 0, 0};
	struct listing w = {-1, &tops, NULL, 0};
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if ((w.top = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    list_top(&tops, w.top) < 0)
		goto out;
	w.subs = xcalloc(tops.n + 1, sizeof(*w.subs));
	parallel_for(tops.n, jobs, listing_run, &w);
	for (i = 0; i < tops.n; i++) { /* each folder before what it holds */
		list_move(out, &tops.v[i], 1);
		list_move(out, w.subs[i].v, w.subs[i].n);
		free(w.subs[i].v);
	}
	tops.n = 0; /* their paths are out's now */
	if ((errno = atomic_load(&w.failed)) == 0)
		rc = 0;
out:
	if (w.top >= 0)
		close(w.top);
	tree_list_release(&tops);
	free(w.subs);
	if (rc < 0)
		tree_list_release(out);
	return rc;
}

void tree_list_release(struct tree_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].rel);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
