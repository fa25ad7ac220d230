/* output.c - build the new site in a temporary folder, then swap it in;
 * see output.h for the contract. */
#define _GNU_SOURCE
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "spare.h"
#include "tree.h"
#include "xalloc.h"

struct output {
	char *final;	     /* the published folder, as given */
	char *parent;	     /* its parent folder */
	char *base;	     /* its last component */
	char *tmp;	     /* the folder being built; NULL once committed */
	char *prev;	     /* the previous site is kept here: ".<base>.prev" beside */
	struct spare *spare; /* what tmp held when it was the previous site, or NULL */
	struct diag *d;
	const struct strset *record; /* the record of the published site, or NULL */
	struct strset groups;	     /* hex memo key → struct group * (from prev) */
	struct strset files;	     /* the new site: relpath → struct output_entry * */
	struct strset dirs;	     /* the folders made so far (relative paths) */
	size_t written, unchanged, reused, bytes;
	int jobs;	      /* threads for listing and removing sites */
	pthread_mutex_t lock; /* guards files, dirs and the counts (output_write may be
				 called from several threads) */
};

/* The files the record has with one memo key (paths borrowed from prev). */
struct group {
	const char **paths;
	const struct output_entry **entries;
	size_t n;
};

/* Remove ".<base>.tmp-*" folders that a killed build left in parent. */
static void remove_stale(const char *parent, const char *base)
{
	struct buf prefix = BUF_INIT, path = BUF_INIT;
	struct dirent *de;
	DIR *dir = opendir(parent);

	if (!dir)
		return;
	buf_printf(&prefix, ".%s.tmp-", base);
	while ((de = readdir(dir)) != NULL) {
		if (strncmp(de->d_name, prefix.ptr, prefix.len) != 0)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", parent, de->d_name);
		tree_remove(path.ptr);
	}
	closedir(dir);
	buf_release(&prefix);
	buf_release(&path);
}

/* Split dir into parent and base; refuse "", "/", "." and "..". */
static int output_split(struct output *o, const char *dir)
{
	size_t len = strlen(dir);
	const char *slash;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	o->final = xstrndup(dir, len);
	slash = strrchr(o->final, '/');
	o->base = xstrdup(slash ? slash + 1 : o->final);
	o->parent = slash ? xstrndup(o->final, (size_t)(slash - o->final)) : xstrdup(".");
	if (slash == o->final) {
		free(o->parent);
		o->parent = xstrdup("/");
	}
	if (!*o->base || !strcmp(o->base, ".") || !strcmp(o->base, "..")) {
		diag_error(o->d, dir, 0, 0, "output folder must be a named folder, not '%s'", dir);
		return -1;
	}
	return 0;
}

/* May the existing final folder be replaced? Yes when it is missing, empty,
 * or holds the marker of an earlier huibian site. */
static int output_replaceable(struct output *o)
{
	struct buf marker = BUF_INIT;
	struct dirent *de;
	struct stat st;
	DIR *dir;
	int rc = -1, entries = 0;

	if (lstat(o->final, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		diag_error(o->d, o->final, 0, 0, "cannot use the output folder: %s",
			   strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_error(o->d, o->final, 0, 0, "output path exists and is not a folder");
		return -1;
	}
	buf_printf(&marker, "%s/%s", o->final, OUTPUT_MARKER);
	if (access(marker.ptr, F_OK) == 0) {
		rc = 0;
		goto out;
	}
	if ((dir = opendir(o->final)) != NULL) {
		while ((de = readdir(dir)) != NULL)
			entries += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
		closedir(dir);
	}
	if (entries == 0)
		rc = 0;
	else
		diag_error(o->d, o->final, 0, 0,
			   "output folder is not empty and was not made by huibian "
			   "(no %s); refusing to replace it",
			   OUTPUT_MARKER);
out:
	buf_release(&marker);
	return rc;
}

int output_mkdirs(const char *path)
{
	char *p = xstrdup(path), *slash = p;
	int rc = 0;

	while (rc == 0 && slash) {
		slash = strchr(slash + 1, '/');
		if (slash)
			*slash = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			rc = -1;
		if (slash)
			*slash = '/';
	}
	free(p);
	return rc;
}

/* Is o->prev a site that an earlier build kept (a folder, not a link, with
 * the marker, on the same file system as the temporary folder, owned by
 * this user: a site kept by a build run as another user, root say, may
 * hold files this one cannot replace)? */
static int spare_usable(const struct output *o)
{
	struct stat st, tmp;
	struct buf marker = BUF_INIT;
	int ok;

	if (lstat(o->prev, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    stat(o->tmp, &tmp) != 0 || st.st_dev != tmp.st_dev)
		return 0;
	buf_printf(&marker, "%s/%s", o->prev, OUTPUT_MARKER);
	ok = lstat(marker.ptr, &st) == 0 && S_ISREG(st.st_mode);
	buf_release(&marker);
	return ok;
}

/* Make a new folder at path, whose last six characters ("XXXXXX") are
 * replaced by random ones, with mode 0755 less the umask like every other
 * folder of the site (mkdtemp makes 0700: a web server running as another
 * user could not enter a site published from it).  0, or -1 with errno
 * set. */
static int make_temp_dir(char *path)
{
	static const char chars[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t len = strlen(path), i;
	unsigned char r[6];
	int tries;

	for (tries = 0; tries < 100; tries++) {
		if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
			return -1;
		for (i = 0; i < sizeof(r); i++)
			path[len - sizeof(r) + i] = chars[r[i] % (sizeof(chars) - 1)];
		if (mkdir(path, 0755) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

/* Start from the kept previous site: move it to the (empty) temporary
 * folder's name, give it that folder's mode (a site kept by an older
 * huibian has 0700) and list it.  When it cannot be listed, the temporary
 * folder is made empty again and the site is built from nothing. */
static void spare_take(struct output *o)
{
	struct stat fresh;

	if (stat(o->tmp, &fresh) != 0 || rename(o->prev, o->tmp) != 0)
		return;
	chmod(o->tmp, fresh.st_mode & 07777);
	if (spare_open(&o->spare, o->tmp, o->jobs) == 0)
		return;
	if (tree_remove(o->tmp) < 0 || mkdir(o->tmp, 0755) != 0)
		diag_warning(o->d, o->tmp, 0, 0, "cannot empty the kept previous site: %s",
			     strerror(errno));
}

int output_open(struct output **out, const char *dir, int jobs, struct diag *d)
{
	struct output *o = xcalloc(1, sizeof(*o));
	struct buf tmp = BUF_INIT;
	int rc = -1;

	*out = NULL;
	o->d = d;
	o->jobs = jobs;
	o->files = (struct strset)STRSET_INIT;
	o->dirs = (struct strset)STRSET_INIT;
	o->groups = (struct strset)STRSET_INIT;
	pthread_mutex_init(&o->lock, NULL);
	if (output_split(o, dir) < 0 || output_replaceable(o) < 0)
		goto out;
	if (output_mkdirs(o->parent) < 0) { /* like mkdir -p: --out a/b/public */
		diag_error(d, dir, 0, 0, "cannot create the folder %s for the site: %s", o->parent,
			   strerror(errno));
		goto out;
	}
	remove_stale(o->parent, o->base);
	buf_printf(&tmp, "%s/.%s.tmp-XXXXXX", o->parent, o->base);
	if (make_temp_dir(tmp.ptr) < 0) {
		diag_error(d, tmp.ptr, 0, 0, "cannot create temporary folder: %s", strerror(errno));
		goto out;
	}
	o->tmp = buf_detach(&tmp, NULL);
	buf_printf(&tmp, "%s/.%s.prev", o->parent, o->base);
	o->prev = buf_detach(&tmp, NULL);
	if (spare_usable(o))
		spare_take(o);
	if (output_write(o, OUTPUT_MARKER, "huibian\n", 8) < 0)
		goto out;
	*out = o;
	o = NULL;
	rc = 0;
out:
	buf_release(&tmp);
	output_free(o);
	return rc;
}

/* Is relpath a clean relative path (no "", ".", ".." components)? */
static int path_is_clean(const char *relpath)
{
	const char *p = relpath, *end;
	size_t n;

	if (!*p || *p == '/')
		return 0;
	for (; *p; p = *end ? end + 1 : end) {
		end = strchr(p, '/');
		if (!end)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
	}
	return 1;
}

/* Create the folders leading to file path (inside the temporary folder),
 * unless an earlier file's were made: a site of 10,000 documents has some
 * 52,000 files, and trying every folder of each path again cost a failed
 * mkdir per folder per file. */
static int make_parents(struct output *o, char *path)
{
	char *p = path + strlen(o->tmp) + 1, *slash = strrchr(p, '/');
	int known;

	if (!slash)
		return 0;
	*slash = '\0';
	pthread_mutex_lock(&o->lock);
	known = strset_get(&o->dirs, p, NULL);
	pthread_mutex_unlock(&o->lock);
	*slash = '/';
	if (known)
		return 0;
	for (; (p = strchr(p, '/')) != NULL; p++) {
		const char *rel = path + strlen(o->tmp) + 1;

		*p = '\0';
		if (spare_is_file(o->spare, rel))
			unlink(path); /* a file of the previous site where a folder goes */
		else if (spare_has(o->spare, rel)) {
			*p = '/'; /* the previous site has this folder */
			continue;
		}
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			diag_error(o->d, path, 0, 0, "cannot create folder: %s", strerror(errno));
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	*slash = '\0';
	pthread_mutex_lock(&o->lock);
	strset_add(&o->dirs, path + strlen(o->tmp) + 1, NULL);
	pthread_mutex_unlock(&o->lock);
	*slash = '/';
	return 0;
}

/* Do the bytes of fd from its position on start with len bytes at p?
 * (chunk: a buffer of cap bytes) */
static int same_bytes(int fd, const char *p, size_t len, char *chunk, size_t cap)
{
	ssize_t n;

	while (len > 0) {
		n = read(fd, chunk, len < cap ? len : cap);
		if (n <= 0 || memcmp(chunk, p, (size_t)n))
			return 0;
		p += n;
		len -= (size_t)n;
	}
	return 1;
}

/* Does the published file at path hold exactly the len bytes of the n
 * pieces iov?  *ino: its inode number when it does. */
static int same_as_published(const char *path, const struct iovec *iov, size_t n, size_t len,
			     unsigned long long *ino)
{
	struct stat st;
	char chunk[65536];
	size_t i;
	int fd, same = 0;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != len)
		goto out;
	for (i = 0; i < n; i++)
		if (!same_bytes(fd, iov[i].iov_base, iov[i].iov_len, chunk, sizeof(chunk)))
			goto out;
	same = 1;
	*ino = (unsigned long long)st.st_ino;
out:
	close(fd);
	return same;
}

/* Write the n pieces iov to a new file at path, checking every step. */
static int write_file(struct output *o, const char *path, const struct iovec *iov, size_t n)
{
	FILE *fp = fopen(path, "wbx");
	size_t i;
	int rc = 0;

	if (!fp) {
		diag_error(o->d, path, 0, 0, "cannot create file: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++)
		if (iov[i].iov_len &&
		    fwrite(iov[i].iov_base, 1, iov[i].iov_len, fp) != iov[i].iov_len)
			rc = -1;
	if (fflush(fp) != 0 || ferror(fp))
		rc = -1;
	if (fclose(fp) != 0)
		rc = -1;
	if (rc < 0)
		diag_error(o->d, path, 0, 0, "cannot write file: %s", strerror(errno));
	return rc;
}

static long long ns_of(struct timespec t)
{
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Does the published copy at old still have the identity that record
 * entry e gives it (a regular file of that size, inode, mtime, ctime)? */
static int published_intact(const struct output_entry *e, const char *old)
{
	struct stat st;

	return !e->is_dir && lstat(old, &st) == 0 && S_ISREG(st.st_mode) &&
	       (unsigned long long)st.st_size == e->size &&
	       (unsigned long long)st.st_ino == e->ino && ns_of(st.st_mtim) == e->mtime_ns &&
	       ns_of(st.st_ctim) == e->ctime_ns;
}

/* What the record says of the published copy at old (relpath in the
 * site), for new bytes of hash h and length len: 1 the same bytes (the
 * copy still has the recorded identity and hash; *ino is its inode
 * number), 0 different bytes (same identity, other hash or size), -1
 * unknown (no record, or the copy was touched since: compare the bytes). */
static int recorded_same(const struct output *o, const char *relpath, const char *old,
			 const unsigned char h[HASH_SIZE], size_t len, unsigned long long *ino,
			 const struct output_entry **rec)
{
	const struct output_entry *e;
	void *v;

	if (!o->record || !strset_get(o->record, relpath, &v))
		return -1;
	e = v;
	if (!published_intact(e, old))
		return -1;
	*ino = e->ino;
	*rec = e;
	return e->size == len && !memcmp(e->hash, h, HASH_SIZE);
}

/* e is the published file kept as it is, whose record entry rec was just
 * checked against it: its stat fields are rec's (struct output_entry,
 * stat_known). */
static void keep_stat(struct output_entry *e, const struct output_entry *rec)
{
	e->ino = rec->ino;
	e->mtime_ns = rec->mtime_ns;
	e->ctime_ns = rec->ctime_ns;
	e->stat_known = 1;
}

/* Count the file and remember its entry (taking e): linked is 0 for a
 * file written, 1 for one linked, 2 for one linked by output_reuse. */
static void output_note(struct output *o, const char *relpath, struct output_entry *e, int linked)
{
	void *v = NULL;

	pthread_mutex_lock(&o->lock);
	if (linked == 2)
		o->reused++;
	if (linked) {
		o->unchanged++;
	} else {
		o->written++;
		o->bytes += (size_t)e->size;
	}
	if (strset_get(&o->files, relpath, &v) && v)
		free(e);
	else
		strset_put(&o->files, relpath, e); /* also over output_claim's NULL */
	pthread_mutex_unlock(&o->lock);
}

/* Claim relpath for one file of the new site (its entry NULL until
 * output_note): a second file at the same path is an error, also when
 * the first replaced a file of the previous site there.  0 / -1. */
static int output_claim(struct output *o, const char *relpath)
{
	int fresh;

	pthread_mutex_lock(&o->lock);
	fresh = strset_add(&o->files, relpath, NULL);
	pthread_mutex_unlock(&o->lock);
	if (!fresh)
		diag_error(o->d, relpath, 0, 0, "two files of the site have this path");
	return fresh ? 0 : -1;
}

/* Threads write different files: only the counts and the list of files
 * are shared (under o->lock); creating the same folder twice is fine. */
int output_write(struct output *o, const char *relpath, const void *data, size_t len)
{
	return output_write_key(o, relpath, data, len, NULL);
}

int output_write_key(struct output *o, const char *relpath, const void *data, size_t len,
		     const unsigned char *key)
{
	struct iovec one = {(void *)data, len};

	return output_write_pieces(o, relpath, &one, 1, key);
}

int output_write_pieces(struct output *o, const char *relpath, const struct iovec *iov, size_t n,
			const unsigned char *key)
{
	struct buf path = BUF_INIT, old = BUF_INIT;
	const struct output_entry *rec = NULL;
	struct output_entry *e;
	unsigned long long ino = 0;
	size_t len = 0, i;
	int same, linked = 0, rc = -1;

	if (!path_is_clean(relpath)) {
		diag_error(o->d, relpath, 0, 0, "refusing to write outside the output folder");
		return -1;
	}
	if (output_claim(o, relpath) < 0)
		return -1;
	for (i = 0; i < n; i++)
		len += iov[i].iov_len;
	e = xcalloc(1, sizeof(*e));
	hash_pieces(e->hash, iov, n);
	e->size = len;
	if (key) {
		e->has_key = 1;
		memcpy(e->key, key, HASH_SIZE);
	}
	buf_printf(&path, "%s/%s", o->tmp, relpath);
	buf_printf(&old, "%s/%s", o->final, relpath);
	if (make_parents(o, path.ptr) < 0)
		goto out;
	same = recorded_same(o, relpath, old.ptr, e->hash, len, &ino, &rec);
	if (same < 0)
		same = same_as_published(old.ptr, iov, n, len, &ino);
	if (same && spare_same(o->spare, relpath, ino)) {
		linked = 1; /* the previous site has this very file already */
		if (same > 0 && rec)
			keep_stat(e, rec);
	} else {
		if (spare_has(o->spare, relpath) && tree_remove(path.ptr) < 0) {
			diag_error(o->d, path.ptr, 0, 0, "cannot replace: %s", strerror(errno));
			goto out;
		}
		linked = same && link(old.ptr, path.ptr) == 0;
		if (!linked && write_file(o, path.ptr, iov, n) < 0)
			goto out;
	}
	output_note(o, relpath, e, linked);
	e = NULL;
	rc = 0;
out:
	free(e);
	buf_release(&path);
	buf_release(&old);
	return rc;
}

/* Index the files of the record by memo key (o->groups). */
void output_set_previous(struct output *o, const struct strset *prev)
{
	char hex[HASH_HEX_SIZE];
	struct group *g;
	void *v;
	size_t i;

	o->record = prev;
	for (i = 0; prev && i < prev->cap; i++) {
		const struct output_entry *e = prev->vals[i];
		if (!prev->keys[i] || !e->has_key || e->is_dir)
			continue;
		hash_hex(hex, e->key);
		if (strset_get(&o->groups, hex, &v)) {
			g = v;
		} else {
			g = xcalloc(1, sizeof(*g));
			strset_add(&o->groups, hex, g);
		}
		g->paths = xreallocarray(g->paths, g->n + 1, sizeof(*g->paths));
		g->entries = xreallocarray(g->entries, g->n + 1, sizeof(*g->entries));
		g->paths[g->n] = prev->keys[i];
		g->entries[g->n++] = e;
	}
}

/* Put the published file old at path in the new site (relpath), whose
 * record entry is e: nothing to do when the previous site has that very
 * file there (1), else a hard link (0).  -1 when it cannot be put. */
static int link_published(struct output *o, const char *relpath, const struct output_entry *e,
			  char *path, const char *old)
{
	if (spare_same(o->spare, relpath, e->ino))
		return 1;
	if (make_parents(o, path) < 0 || (spare_has(o->spare, relpath) && tree_remove(path) < 0))
		return -1;
	return link(old, path) == 0 ? 0 : -1;
}

/* Hard-link the n published files of g into the new site, kept[i] set
 * for those kept as they are (link_published): 0, or -1 with none of them
 * left there. */
static int group_link(struct output *o, const struct group *g, char *kept)
{
	struct buf path = BUF_INIT, old = BUF_INIT;
	size_t i, done = 0;
	int r;

	for (; done < g->n; done++) {
		buf_reset(&path);
		buf_reset(&old);
		buf_printf(&path, "%s/%s", o->tmp, g->paths[done]);
		buf_printf(&old, "%s/%s", o->final, g->paths[done]);
		if ((r = link_published(o, g->paths[done], g->entries[done], path.ptr, old.ptr)) <
		    0)
			break;
		kept[done] = (char)r;
	}
	for (i = 0; done < g->n && i < done; i++) { /* undo */
		buf_reset(&path);
		buf_printf(&path, "%s/%s", o->tmp, g->paths[i]);
		unlink(path.ptr);
	}
	buf_release(&path);
	buf_release(&old);
	return done == g->n ? 0 : -1;
}

void output_set_diag(struct output *o, struct diag *d)
{
	o->d = d;
}

int output_reuse(struct output *o, const unsigned char key[HASH_SIZE], size_t *bytes)
{
	char hex[HASH_HEX_SIZE], *kept = NULL;
	struct buf old = BUF_INIT;
	struct output_entry *e;
	struct group *g;
	void *v;
	size_t i;
	int rc = 0;

	hash_hex(hex, key);
	if (!strset_get(&o->groups, hex, &v))
		return 0;
	g = v;
	for (i = 0; i < g->n; i++) {
		buf_reset(&old);
		buf_printf(&old, "%s/%s", o->final, g->paths[i]);
		if (!path_is_clean(g->paths[i]) || !published_intact(g->entries[i], old.ptr))
			goto out;
	}
	kept = xcalloc(g->n + 1, 1);
	if (group_link(o, g, kept) < 0)
		goto out;
	if (bytes)
		*bytes = 0;
	for (i = 0; i < g->n; i++) {
		e = xmalloc(sizeof(*e));
		*e = *g->entries[i]; /* its stat fields: the published file's */
		e->stat_known = kept[i];
		if (bytes)
			*bytes += (size_t)e->size;
		output_note(o, g->paths[i], e, 2);
	}
	rc = 1;
out:
	free(kept);
	buf_release(&old);
	return rc;
}

int output_map_published(struct output *o, const char *relpath, const unsigned char key[HASH_SIZE],
			 const char **data, size_t *len)
{
	const struct output_entry *e;
	struct buf old = BUF_INIT;
	struct stat st;
	void *v, *map = MAP_FAILED;
	int fd;

	if (!o->record || !path_is_clean(relpath) || !strset_get(o->record, relpath, &v))
		return 0;
	e = v;
	if (e->is_dir || !e->has_key || memcmp(e->key, key, HASH_SIZE) || e->size == 0)
		return 0;
	buf_printf(&old, "%s/%s", o->final, relpath);
	fd = open(old.ptr, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	buf_release(&old);
	if (fd < 0)
		return 0;
	/* the identity of the file opened, as published_intact checks it */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size == e->size && (unsigned long long)st.st_ino == e->ino &&
	    ns_of(st.st_mtim) == e->mtime_ns && ns_of(st.st_ctim) == e->ctime_ns)
		map = mmap(NULL, (size_t)e->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return 0;
	*data = map;
	*len = (size_t)e->size;
	return 1;
}

void output_unmap(const char *data, size_t len)
{
	if (data)
		munmap((void *)data, len);
}

const struct strset *output_files(const struct output *o)
{
	return &o->files;
}

void output_tidy(const char *dir)
{
	struct output o;
	struct diag d = DIAG_INIT;

	memset(&o, 0, sizeof(o));
	o.d = &d;
	if (output_split(&o, dir) == 0)
		remove_stale(o.parent, o.base);
	free(o.final);
	free(o.parent);
	free(o.base);
	diag_release(&d);
}

int output_copy(struct output *o, const char *relpath, const char *src)
{
	struct buf data = BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *fp = fopen(src, "rb");
	int rc = -1;

	if (!fp) {
		diag_error(o->d, src, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&data, chunk, n);
	if (ferror(fp))
		diag_error(o->d, src, 0, 0, "cannot read: %s", strerror(errno));
	else
		rc = output_write(o, relpath, data.ptr, data.len);
	fclose(fp);
	buf_release(&data);
	return rc;
}

/* Put the new site in place of the old one; the temporary folder then
 * holds the old site, which is removed. */
int output_commit(struct output *o)
{
	struct buf failed = BUF_INIT;
	struct stat st;
	int had_site = lstat(o->final, &st) == 0;

	if (o->spare && spare_finish(o->spare, &o->files, o->jobs, &failed) < 0) {
		diag_error(o->d, failed.ptr, 0, 0,
			   "cannot remove this file of the previous site from the new one");
		buf_release(&failed);
		return -1;
	}
	if (!had_site) {
		if (rename(o->tmp, o->final) != 0)
			goto fail;
	} else if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final, RENAME_EXCHANGE) != 0) {
		/* No atomic exchange here: move the old site aside first. */
		struct buf aside = BUF_INIT;
		int ok;

		buf_printf(&aside, "%s.old", o->tmp);
		ok = rename(o->final, aside.ptr) == 0;
		if (ok && rename(o->tmp, o->final) != 0) {
			rename(aside.ptr, o->final); /* put the old site back */
			ok = 0;
		}
		if (ok)
			rename(aside.ptr, o->tmp);
		buf_release(&aside);
		if (!ok)
			goto fail;
	}
	/* the old site is kept, for the next build to start from */
	if (had_site && rename(o->tmp, o->prev) != 0)
		tree_remove_jobs(o->tmp, o->jobs);
	free(o->tmp);
	o->tmp = NULL;
	return 0;
fail:
	diag_error(o->d, o->final, 0, 0, "cannot publish the new site: %s", strerror(errno));
	return -1;
}

size_t output_files_written(const struct output *o)
{
	return o->written;
}

size_t output_files_unchanged(const struct output *o)
{
	return o->unchanged;
}

size_t output_files_reused(const struct output *o)
{
	return o->reused;
}

size_t output_bytes(const struct output *o)
{
	return o->bytes;
}

void output_free(struct output *o)
{
	if (!o)
		return;
	/* a half-made site is removed, also one made from the kept previous
	 * site: whatever made this build fail (a file there it could not
	 * replace, say) is then not met again by the next one */
	if (o->tmp)
		tree_remove(o->tmp);
	free(o->tmp);
	free(o->prev);
	spare_free(o->spare);
	free(o->final);
	free(o->parent);
	free(o->base);
	for (size_t i = 0; i < o->files.cap; i++)
		free(o->files.vals[i]);
	strset_release(&o->files);
	for (size_t i = 0; i < o->groups.cap; i++) {
		struct group *g = o->groups.vals[i];
		if (o->groups.keys[i]) {
			free(g->paths);
			free(g->entries);
			free(g);
		}
	}
	strset_release(&o->groups);
	strset_release(&o->dirs);
	pthread_mutex_destroy(&o->lock);
	free(o);
}
