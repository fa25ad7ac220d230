/* cache.c - the build cache: fingerprint, stat cache, record of the
 * published site; see cache.h. */
#define _GNU_SOURCE
#include "cache.h"

#include <cmark-gfm.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>
#include <yaml.h>

#include "buf.h"
#include "doc.h"
#include "hash.h"
#include "parallel.h"
#include "record.h"
#include "theme.h"
#include "xalloc.h"

#define INPUT_MAX (256ULL << 20)  /* a larger input is known by its stat only */
#define RACY_NS 1000000000LL	  /* files this recent are not remembered */
#define HEAD_MAX (PATH_MAX + 256) /* a cache file's first two lines */
#define MAX_DEPTH 16
#define MAX_SITE_DEPTH 64 /* folders in the published site */
#define SITE_PARTS 8	  /* runs of the record checked as parallel tasks */

/* A file or folder of the published site, as recorded. */
struct site_entry {
	const char *path; /* site-relative ("." = the top); in c->data */
	struct output_entry e;
};

/* What the stat cache remembers of an input file. */
struct stat_entry {
	unsigned long long dev, ino, size;
	long long mtime_ns, ctime_ns;
	unsigned char hash[HASH_SIZE];
};

struct cache {
	char *dir;     /* the cache folder */
	char *record;  /* its record for this output folder */
	char *out_abs; /* the output folder, absolute */
	struct diag *d;
	long long start_ns; /* wall clock when the fingerprint was begun */
	int usable;	    /* a record may be saved */
	int jobs;	    /* threads for walking the published site */
	struct buf fp;	    /* the fingerprint's text */
	unsigned char fingerprint[HASH_SIZE];
	unsigned char env[HASH_SIZE];	  /* cache_env */
	unsigned char histkey[HASH_SIZE]; /* cache_history_key */
	char *histfile;			  /* cache_history_file */
	char *docsprefix;		  /* cache_docs_prefix */
	struct strset content_hash;	  /* content file → its hash (malloc'ed) */
	char *searchfile;		  /* cache_search_file */
	char *viewsfile;		  /* cache_views_file */
	struct buf statlines;		  /* "S ..." lines of the new stat cache */
	struct buf scratch;		  /* file contents being hashed */
	/* a shell of fp_content's: its content hashes are appended here (the
	 * path, a NUL, the hash) instead of to content_hash */
	int shell;
	struct buf hashes;
	/* the record of the last build, when one was read */
	int have_record;
	unsigned char old_fp[HASH_SIZE];
	struct strset old_stat;	 /* absolute path → struct stat_entry * */
	struct site_entry *site; /* the published site, in the record's order */
	size_t nsite, site_cap;
	struct strset old_site; /* site path → struct output_entry * (made by
				   cache_check when the build runs) */
	char *data;		/* the record's text (site paths point into it) */
	char *warnings;
	size_t ndocs, nmeasures;
};

static long long ns_of(struct timespec t)
{
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The absolute form of path, also when it or the folders leading to it do
 * not exist yet (the build creates them): the existing part resolved, the
 * rest appended.  NULL when it cannot be resolved (a file in the way). */
static char *absolute(const char *path)
{
	char *real = realpath(path, NULL), *parent, *slash, *up;
	struct buf b = BUF_INIT;

	if (real || errno != ENOENT)
		return real;
	parent = xstrdup(path);
	while (strlen(parent) > 1 && parent[strlen(parent) - 1] == '/')
		parent[strlen(parent) - 1] = '\0';
	slash = strrchr(parent, '/');
	if (slash)
		*slash = '\0';
	up = absolute(slash ? (*parent ? parent : "/") : ".");
	if (up) {
		buf_printf(&b, "%s/%s", strcmp(up, "/") ? up : "", slash ? slash + 1 : parent);
		real = buf_detach(&b, NULL);
	}
	free(up);
	free(parent);
	return real;
}

/* ---- fingerprint ---- */

/* The hash of the regular file at absolute path with stat st, from the
 * stat cache when its stat is unchanged, else read (and remembered unless
 * racy).  0 / -1 (unreadable). */
static int file_hash(struct cache *c, unsigned char h[HASH_SIZE], const char *path,
		     const struct stat *st)
{
	struct stat_entry now = {(unsigned long long)st->st_dev,
				 (unsigned long long)st->st_ino,
				 (unsigned long long)st->st_size,
				 ns_of(st->st_mtim),
				 ns_of(st->st_ctim),
				 {0}};
	const struct stat_entry *old;
	char hex[HASH_HEX_SIZE];
	void *v;

	if (strset_get(&c->old_stat, path, &v) && (old = v)->dev == now.dev &&
	    old->ino == now.ino && old->size == now.size && old->mtime_ns == now.mtime_ns &&
	    old->ctime_ns == now.ctime_ns) {
		memcpy(now.hash, old->hash, HASH_SIZE);
	} else {
		if (record_read_all(&c->scratch, path, INPUT_MAX) < 0)
			return -1;
		hash_bytes(now.hash, c->scratch.ptr, c->scratch.len);
	}
	memcpy(h, now.hash, HASH_SIZE);
	if (now.mtime_ns >= c->start_ns - RACY_NS || now.ctime_ns >= c->start_ns - RACY_NS)
		return 0; /* racy: hash it again next time */
	hash_hex(hex, now.hash);
	buf_printf(&c->statlines, "S %llu %llu %llu %lld %lld %s %s\n", now.dev, now.ino, now.size,
		   now.mtime_ns, now.ctime_ns, hex, path);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in dp, without '.' names except .gitattributes. */
static void list_names(struct strlist *out, DIR *dp)
{
	struct dirent *de;

	while ((de = readdir(dp)) != NULL)
		if (de->d_name[0] != '.' || !strcmp(de->d_name, ".gitattributes"))
			strlist_push(out, de->d_name);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

/* One fingerprint line for the file or folder at path (label/rel in the
 * fingerprint); folders are walked. */
static void fp_tree(struct cache *c, const char *label, const char *root, const char *rel,
		    int depth);

/* Remember h as the hash of rel (for cache_content_hash); a shell keeps it
 * for fp_content to remember. */
static void remember_hash(struct cache *c, const char *rel, const unsigned char h[HASH_SIZE])
{
	unsigned char *copy;

	if (c->shell) {
		buf_put(&c->hashes, rel, strlen(rel) + 1);
		buf_put(&c->hashes, (const char *)h, HASH_SIZE);
		return;
	}
	copy = xmalloc(HASH_SIZE);
	memcpy(copy, h, HASH_SIZE);
	if (!strset_add(&c->content_hash, rel, copy))
		free(copy);
}

/* st: the entry's stat (following symbolic links), or NULL with errno. */
static void fp_entry(struct cache *c, const char *label, const char *root, const char *rel,
		     const char *path, const struct stat *stp, int depth)
{
	unsigned char h[HASH_SIZE];
	char hex[HASH_HEX_SIZE];

	if (strpbrk(rel, "\n\r"))
		c->usable = -1; /* cannot be written down: never cached */
	if (!stp)
		buf_printf(&c->fp, "missing %s/%s\n", label, rel);
	else if (S_ISDIR(stp->st_mode) && depth < MAX_DEPTH)
		fp_tree(c, label, root, rel, depth + 1);
	else if (!S_ISREG(stp->st_mode))
		buf_printf(&c->fp, "special %s/%s %o\n", label, rel, (unsigned)stp->st_mode);
	else if (file_hash(c, h, path, stp) < 0) /* too large or unreadable: its identity */
		buf_printf(&c->fp, "unhashed %s/%s %lld %llu %lld %lld\n", label, rel,
			   (long long)stp->st_size, (unsigned long long)stp->st_ino,
			   ns_of(stp->st_mtim), ns_of(stp->st_ctim));
	else {
		hash_hex(hex, h);
		buf_printf(&c->fp, "file %s/%s %lld %s\n", label, rel, (long long)stp->st_size,
			   hex);
		if (!strcmp(label, "content"))
			remember_hash(c, rel, h);
	}
}

static void fp_tree(struct cache *c, const char *label, const char *root, const char *rel,
		    int depth)
{
	struct strlist names = {NULL, 0};
	struct buf path = BUF_INIT, sub = BUF_INIT;
	struct stat st;
	size_t i;
	DIR *dp;

	buf_printf(&path, "%s%s%s", root, *rel ? "/" : "", rel);
	if (!(dp = opendir(path.ptr))) {
		buf_printf(&c->fp, "unlisted %s/%s %d\n", label, rel, errno);
		goto out;
	}
	list_names(&names, dp);
	for (i = 0; i < names.n; i++) {
		int found = fstatat(dirfd(dp), names.v[i], &st, 0) == 0;
		buf_reset(&sub);
		buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", names.v[i]);
		buf_reset(&path);
		buf_printf(&path, "%s/%s", root, sub.ptr);
		fp_entry(c, label, root, sub.ptr, path.ptr, found ? &st : NULL, depth);
	}
	closedir(dp);
out:
	strlist_release(&names);
	buf_release(&path);
	buf_release(&sub);
}

/* fp_content's work: the top-level entries of the content folder, each
 * fingerprinted into a shell of its own. */
struct fp_parts {
	const char *root;
	struct strlist names;
	struct stat *st;
	unsigned char *found;
	struct cache *shells;
};

static void fp_part_run(size_t i, void *ctx)
{
	struct fp_parts *f = ctx;
	struct buf path = BUF_INIT;

	buf_printf(&path, "%s/%s", f->root, f->names.v[i]);
	fp_entry(&f->shells[i], "content", f->root, f->names.v[i], path.ptr,
		 f->found[i] ? &f->st[i] : NULL, 0);
	buf_release(&path);
}

/* Put shell sh's fingerprint lines, stat lines and hashes into c, in that
 * order after what c has; sh's buffers are released. */
static void fp_absorb(struct cache *c, struct cache *sh)
{
	size_t at = 0, len;

	buf_put(&c->fp, sh->fp.ptr, sh->fp.len);
	buf_put(&c->statlines, sh->statlines.ptr, sh->statlines.len);
	while (at < sh->hashes.len) {
		len = strlen(sh->hashes.ptr + at);
		remember_hash(c, sh->hashes.ptr + at,
			      (const unsigned char *)sh->hashes.ptr + at + len + 1);
		at += len + 1 + HASH_SIZE;
	}
	if (sh->usable < 0)
		c->usable = -1;
	buf_release(&sh->fp);
	buf_release(&sh->statlines);
	buf_release(&sh->scratch);
	buf_release(&sh->hashes);
}

/* fp_tree of the content folder root, its top-level entries (a site's
 * compilations) on c->jobs threads: the same lines in the same order as
 * one walk (at 10,000 documents, reading and hashing 153 MB the first
 * time, stat-ing 10,000 files every time). */
static void fp_content(struct cache *c, const char *root)
{
	struct fp_parts f = {root, {NULL, 0}, NULL, NULL, NULL};
	size_t i;
	DIR *dp;

	if (!(dp = opendir(root))) {
		buf_printf(&c->fp, "unlisted content/ %d\n", errno);
		return;
	}
	list_names(&f.names, dp);
	f.st = xcalloc(f.names.n + 1, sizeof(*f.st));
	f.found = xcalloc(f.names.n + 1, 1);
	f.shells = xcalloc(f.names.n + 1, sizeof(*f.shells));
	for (i = 0; i < f.names.n; i++) {
		f.found[i] = fstatat(dirfd(dp), f.names.v[i], &f.st[i], 0) == 0;
		f.shells[i] = *c; /* old_stat and start_ns shared, read only */
		f.shells[i].shell = 1;
		f.shells[i].usable = 1;
		f.shells[i].fp = f.shells[i].statlines = f.shells[i].scratch = f.shells[i].hashes =
		    (struct buf)BUF_INIT;
	}
	closedir(dp);
	parallel_for(f.names.n, c->jobs, fp_part_run, &f);
	for (i = 0; i < f.names.n; i++)
		fp_absorb(c, &f.shells[i]);
	strlist_release(&f.names);
	free(f.st);
	free(f.found);
	free(f.shells);
}

/* A small file outside the trees (git's), by content: "extra label hash"
 * or "extra label none". */
static void fp_extra(struct cache *c, const char *label, const char *path)
{
	unsigned char h[HASH_SIZE];
	char hex[HASH_HEX_SIZE];

	if (record_read_all(&c->scratch, path, RECORD_MAX) < 0) {
		buf_printf(&c->fp, "extra %s none\n", label);
		return;
	}
	hash_bytes(h, c->scratch.ptr, c->scratch.len);
	hash_hex(hex, h);
	buf_printf(&c->fp, "extra %s %s\n", label, hex);
}

/* The .gitattributes of every folder from the work tree's top wd down to
 * (not including) the content folder; those inside it are in its tree. */
static void fp_git_attributes(struct cache *c, const char *wd, const char *content)
{
	struct buf dir = BUF_INIT, file = BUF_INIT;
	size_t wl = strlen(wd);
	const char *p;

	while (wl > 1 && wd[wl - 1] == '/')
		wl--;
	if (strncmp(content, wd, wl) != 0)
		return;
	buf_put(&dir, wd, wl);
	for (p = content + wl; *p == '/';) {
		buf_reset(&file);
		buf_printf(&file, "%s/.gitattributes", dir.ptr);
		fp_extra(c, file.ptr, file.ptr);
		p++;
		buf_putc(&dir, '/');
		while (*p && *p != '/')
			buf_putc(&dir, *p++);
	}
	buf_release(&dir);
	buf_release(&file);
}

/* The git state history and the build date read: the repository found
 * from the content folder, HEAD's commit, and the files that change how
 * it is walked or how work files compare. */
static void fp_git(struct cache *c, const char *content)
{
	static const char *const extras[] = {"config", "shallow", "info/attributes", "info/grafts"};
	git_repository *repo = NULL;
	struct buf path = BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1] = "unborn";
	git_oid head;
	size_t i;
	int e;

	git_libgit2_init();
	e = git_repository_open_ext(&repo, content, 0, NULL);
	if (e < 0) {
		buf_printf(&c->fp, "git none %d\n", e);
		goto out;
	}
	if (git_reference_name_to_id(&head, repo, "HEAD") == 0)
		git_oid_tostr(hex, sizeof(hex), &head);
	buf_printf(&c->fp, "git %s head %s work %s\n", git_repository_path(repo), hex,
		   git_repository_workdir(repo) ? git_repository_workdir(repo) : "-");
	for (i = 0; i < sizeof(extras) / sizeof(extras[0]); i++) {
		buf_reset(&path);
		buf_printf(&path, "%s%s", git_repository_commondir(repo), extras[i]);
		fp_extra(c, extras[i], path.ptr);
	}
	if (git_repository_workdir(repo))
		fp_git_attributes(c, git_repository_workdir(repo), content);
out:
	git_repository_free(repo);
	buf_release(&path);
	git_libgit2_shutdown();
}

/* The tool: version, cache format, the running binary, the libraries. */
static void fp_tool(struct cache *c)
{
	struct stat st;
	int maj = 0, min = 0, rev = 0;

	buf_printf(&c->fp, "tool huibian %s cache %d\n", HUIBIAN_VERSION, CACHE_FORMAT);
	if (stat("/proc/self/exe", &st) == 0)
		buf_printf(&c->fp, "exe %llu %llu %lld %lld\n", (unsigned long long)st.st_dev,
			   (unsigned long long)st.st_ino, (long long)st.st_size, ns_of(st.st_mtim));
	git_libgit2_version(&maj, &min, &rev);
	buf_printf(&c->fp, "libs cmark-gfm %s libgit2 %d.%d.%d yaml %s utf8proc %s\n",
		   cmark_version_string(), maj, min, rev, yaml_get_version_string(),
		   utf8proc_version());
	fp_tree(c, "opencc", "/usr/share/opencc", "", 0);
}

/* What a line of the fingerprint is about: 2 a document's text (a .md
 * file of the content folder other than _index.md), 1 HEAD (the "git"
 * line), 0 anything else. */
static int env_kind(const char *line, size_t len)
{
	static const char *const kinds[] = {"file content/", "unhashed content/",
					    "missing content/"};
	const char *path = NULL, *end, *base;
	size_t i;

	if (len > 4 && !memcmp(line, "git ", 4))
		return 1;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && !path; i++)
		if (len > strlen(kinds[i]) && !memcmp(line, kinds[i], strlen(kinds[i])))
			path = line + strlen(kinds[i]) - strlen("content/");
	if (!path)
		return 0;
	/* the path ends at the first space after it ("missing" has none) */
	end = memchr(path, ' ', len - (size_t)(path - line));
	end = end ? end : line + len;
	for (base = end; base > path && base[-1] != '/'; base--)
		;
	return end - path > 3 && !memcmp(end - 3, ".md", 3) &&
		       !(end - base == 9 && !memcmp(base, "_index.md", 9))
		   ? 2
		   : 0;
}

/* c->env: the hash of the fingerprint's lines of kind 0 (env_kind);
 * c->histkey: of those of kind 0 and 1. */
static void env_hash(struct cache *c)
{
	struct buf env = BUF_INIT, hist = BUF_INIT;
	const char *p = c->fp.ptr, *end = c->fp.ptr + c->fp.len, *nl;
	int kind;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl ? nl + 1 : end;
		kind = env_kind(p, (size_t)(nl - p));
		if (kind == 0)
			buf_put(&env, p, (size_t)(nl - p));
		if (kind <= 1)
			buf_put(&hist, p, (size_t)(nl - p));
		p = nl;
	}
	hash_bytes(c->env, env.ptr, env.len);
	hash_bytes(c->histkey, hist.ptr, hist.len);
	buf_release(&env);
	buf_release(&hist);
}

/* The whole fingerprint into c->fp and c->fingerprint.  0, or -1 when the
 * theme cannot be located (the build will say why). */
static int fingerprint(struct cache *c, const struct cache_options *o, const char *content)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH"); /* read by builddate.c */
	struct diag quiet = DIAG_INIT;
	struct theme t;
	int i, rc = -1;

	fp_tool(c);
	buf_printf(&c->fp, "content %s\nout %s\ndate %s\nepoch %s%s\nhistory %s\n", content,
		   c->out_abs, o->date ? o->date : "-", epoch ? "set " : "unset",
		   epoch ? epoch : "", o->history);
	if (theme_locate(&t, o->content, o->templates, o->statics, &quiet) < 0)
		goto out;
	for (i = 0; i < 2; i++) {
		buf_printf(&c->fp, "templates%d %s\n", i, t.templates[i] ? t.templates[i] : "-");
		if (t.templates[i])
			fp_tree(c, i ? "templates1" : "templates0", t.templates[i], "", 0);
		buf_printf(&c->fp, "static%d %s\n", i, t.statics[i] ? t.statics[i] : "-");
		if (t.statics[i])
			fp_tree(c, i ? "static1" : "static0", t.statics[i], "", 0);
	}
	fp_git(c, content);
	fp_content(c, content);
	hash_bytes(c->fingerprint, c->fp.ptr, c->fp.len);
	env_hash(c);
	rc = 0;
out:
	theme_release(&t);
	diag_release(&quiet);
	return rc;
}

/* ---- the record ---- */

struct cursor {
	const char *p, *end;
	int bad;
};

/* The next space- or newline-terminated field as an unsigned or signed
 * decimal number (the separator is consumed). */
static unsigned long long cur_num(struct cursor *k, int sign)
{
	unsigned long long v = 0;
	int neg = 0, digits = 0;

	if (sign && k->p < k->end && *k->p == '-') {
		neg = 1;
		k->p++;
	}
	for (; k->p < k->end && *k->p >= '0' && *k->p <= '9' && digits < 19; k->p++, digits++)
		v = v * 10 + (unsigned long long)(*k->p - '0');
	if (!digits || k->p >= k->end || (*k->p != ' ' && *k->p != '\n'))
		k->bad = 1;
	else
		k->p++;
	return neg ? (unsigned long long)-(long long)v : v;
}

/* A hash followed by a space. */
static void cur_hash(struct cursor *k, unsigned char h[HASH_SIZE])
{
	if (k->end - k->p < 2 * HASH_SIZE + 1 || hash_parse(h, k->p) < 0 ||
	    k->p[2 * HASH_SIZE] != ' ')
		k->bad = 1;
	else
		k->p += 2 * HASH_SIZE + 1;
}

/* The rest of the line (malloc'ed; NUL bytes refused), newline consumed. */
static char *cur_line(struct cursor *k)
{
	const char *nl = memchr(k->p, '\n', (size_t)(k->end - k->p));
	char *s;

	if (!nl || memchr(k->p, '\0', (size_t)(nl - k->p))) {
		k->bad = 1;
		return NULL;
	}
	s = xstrndup(k->p, (size_t)(nl - k->p));
	k->p = nl + 1;
	return s;
}

/* Does the line start with word (then a space)?  Consumes it if so. */
static int cur_word(struct cursor *k, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(k->end - k->p) <= n || memcmp(k->p, word, n) || k->p[n] != ' ')
		return 0;
	k->p += n + 1;
	return 1;
}

/* "S dev ino size mtime ctime hash path" */
static void parse_stat(struct cache *c, struct cursor *k)
{
	struct stat_entry *e = xcalloc(1, sizeof(*e));
	char *path;

	e->dev = cur_num(k, 0);
	e->ino = cur_num(k, 0);
	e->size = cur_num(k, 0);
	e->mtime_ns = (long long)cur_num(k, 1);
	e->ctime_ns = (long long)cur_num(k, 1);
	cur_hash(k, e->hash);
	path = k->bad ? NULL : cur_line(k);
	if (!path || !strset_add(&c->old_stat, path, e))
		free(e);
	free(path);
}

/* The rest of the line, NUL-terminated in place (NUL bytes inside
 * refused), newline consumed; NULL if malformed. */
static const char *cur_line_here(struct cursor *k, char *data, const char *base)
{
	char *p = data + (k->p - base), *nl = memchr(p, '\n', (size_t)(k->end - k->p));

	if (!nl || memchr(p, '\0', (size_t)(nl - p))) {
		k->bad = 1;
		return NULL;
	}
	*nl = '\0';
	k->p += nl - p + 1;
	return p;
}

/* "M f|d size ino mtime ctime hash key path", key "-" for none (the path
 * stays in c->data) */
static void parse_site(struct cache *c, struct cursor *k, const char *base)
{
	struct site_entry se;

	memset(&se, 0, sizeof(se));
	if (k->end - k->p < 2 || (k->p[0] != 'f' && k->p[0] != 'd') || k->p[1] != ' ') {
		k->bad = 1;
		return;
	}
	se.e.is_dir = k->p[0] == 'd';
	k->p += 2;
	se.e.size = cur_num(k, 0);
	se.e.ino = cur_num(k, 0);
	se.e.mtime_ns = (long long)cur_num(k, 1);
	se.e.ctime_ns = (long long)cur_num(k, 1);
	cur_hash(k, se.e.hash);
	if (k->end - k->p >= 2 && k->p[0] == '-' && k->p[1] == ' ') {
		k->p += 2;
	} else {
		cur_hash(k, se.e.key);
		se.e.has_key = 1;
	}
	if (k->bad || !(se.path = cur_line_here(k, c->data, base)))
		return;
	if (c->nsite == c->site_cap) {
		c->site_cap = c->site_cap ? 2 * c->site_cap : 1024;
		c->site = xreallocarray(c->site, c->site_cap, sizeof(*c->site));
	}
	c->site[c->nsite++] = se;
}

/* The header lines: out, fingerprint, docs, diag. */
static void parse_head(struct cache *c, struct cursor *k)
{
	char *out = NULL;
	size_t n = 0;

	if (!cur_word(k, "out") || !(out = cur_line(k)) || strcmp(out, c->out_abs) ||
	    !cur_word(k, "fingerprint")) {
		k->bad = 1;
		goto out;
	}
	if (k->end - k->p < 2 * HASH_SIZE + 1 || hash_parse(c->old_fp, k->p) < 0 ||
	    k->p[2 * HASH_SIZE] != '\n') {
		k->bad = 1;
		goto out;
	}
	k->p += 2 * HASH_SIZE + 1;
	if (!cur_word(k, "docs")) {
		k->bad = 1;
		goto out;
	}
	c->ndocs = cur_num(k, 0);
	c->nmeasures = cur_num(k, 0);
	if (k->bad || !cur_word(k, "diag"))
		k->bad = 1;
	else
		n = cur_num(k, 0);
	if (k->bad || (size_t)(k->end - k->p) < n + 1 || k->p[n] != '\n') {
		k->bad = 1;
		goto out;
	}
	c->warnings = xstrndup(k->p, n);
	k->p += n + 1;
out:
	free(out);
}

/* Check the first line and the checksum of a record of len bytes: where
 * the body starts and ends (the "end" line), or -1. */
static int record_frame(const char *data, size_t len, size_t *body, size_t *body_end)
{
	struct buf head = BUF_INIT;
	unsigned char want[HASH_SIZE], got[HASH_SIZE];
	size_t tail = 4 + 2 * HASH_SIZE + 1; /* "end " hash "\n" */
	int rc = -1;

	buf_printf(&head, "huibian-cache %d %s\n", CACHE_FORMAT, HUIBIAN_VERSION);
	if (len < head.len + tail || memcmp(data, head.ptr, head.len) ||
	    memcmp(data + len - tail, "end ", 4) || data[len - 1] != '\n' ||
	    data[len - tail - 1] != '\n' || hash_parse(want, data + len - tail + 4) < 0)
		goto out;
	hash_bytes(got, data + head.len, len - tail - head.len);
	if (memcmp(want, got, HASH_SIZE))
		goto out;
	*body = head.len;
	*body_end = len - tail;
	rc = 0;
out:
	buf_release(&head);
	return rc;
}

static void free_vals(struct strset *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++)
		free(s->vals[i]);
	strset_release(s);
}

/* Read the record; anything wrong leaves no record (a miss).  The site
 * entries' paths point into c->data, which is kept. */
static void record_read(struct cache *c)
{
	struct buf data = BUF_INIT;
	struct cursor k;
	size_t body, body_end;

	if (record_read_all(&data, c->record, RECORD_MAX) < 0 ||
	    record_frame(data.ptr, data.len, &body, &body_end) < 0)
		goto out;
	c->data = buf_detach(&data, NULL);
	k.p = c->data + body;
	k.end = c->data + body_end;
	k.bad = 0;
	parse_head(c, &k);
	while (!k.bad && k.p < k.end) {
		if (cur_word(&k, "S"))
			parse_stat(c, &k);
		else if (cur_word(&k, "M"))
			parse_site(c, &k, c->data);
		else
			k.bad = 1;
	}
	c->have_record = !k.bad && c->nsite > 0 && !strcmp(c->site[0].path, ".");
out:
	if (!c->have_record) { /* forget whatever was parsed */
		free_vals(&c->old_stat);
		c->old_stat = (struct strset)STRSET_INIT;
		c->nsite = 0;
	}
	buf_release(&data);
}

/* Does st match the recorded entry e? */
static int entry_same(const struct output_entry *e, const struct stat *st)
{
	return (e->is_dir ? S_ISDIR(st->st_mode)
			  : S_ISREG(st->st_mode) && (unsigned long long)st->st_size == e->size) &&
	       (unsigned long long)st->st_ino == e->ino && ns_of(st->st_mtim) == e->mtime_ns &&
	       ns_of(st->st_ctim) == e->ctime_ns;
}

/* Is path's folder part exactly dir ("." = the top)? */
static int in_folder(const char *path, const char *dir, size_t dlen)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return !strcmp(dir, ".");
	return (size_t)(slash - path) == dlen && !strncmp(path, dir, dlen);
}

/* The folders along the current path of a depth-first walk of the
 * record: entry index and an open descriptor (-1 when not opened). */
struct site_stack {
	size_t idx[MAX_SITE_DEPTH + 1];
	int fd[MAX_SITE_DEPTH + 1];
	int depth;
};

/* Pop the folders the entry at path is not in; 0, or -1 when the entry
 * is not inside the current path at all (a record out of order). */
static int stack_to_folder(struct site_stack *k, const struct cache *c, const char *path,
			   int close_fds)
{
	const char *dir;

	for (;; k->depth--) {
		dir = c->site[k->idx[k->depth]].path;
		if (in_folder(path, dir, strlen(dir)))
			return 0;
		if (k->depth == 0)
			return -1;
		if (close_fds && k->fd[k->depth] >= 0)
			close(k->fd[k->depth]);
	}
}

/* The number of direct children of every folder of the record (0 for
 * files), or NULL when the record is not in depth-first order. */
static size_t *site_children(const struct cache *c)
{
	size_t *n = xcalloc(c->nsite, sizeof(*n)), i;
	struct site_stack k;

	k.depth = 0;
	k.idx[0] = 0;
	for (i = 1; i < c->nsite; i++) {
		if (stack_to_folder(&k, c, c->site[i].path, 0) < 0) {
			free(n);
			return NULL;
		}
		n[k.idx[k.depth]]++;
		if (c->site[i].e.is_dir && k.depth < MAX_SITE_DEPTH)
			k.idx[++k.depth] = i;
	}
	return n;
}

/* The nearest open folder of the stack (*base) and path relative to it. */
static const char *stack_rel(const struct site_stack *k, const struct cache *c, const char *path,
			     int *base)
{
	int d = k->depth;

	while (k->fd[d] < 0)
		d--;
	*base = k->fd[d];
	return d > 0 ? path + strlen(c->site[k->idx[d]].path) + 1 : path;
}

/* Are the recorded entries [from, to) of the published site as recorded?
 * from must be a top-level entry (a child of the top folder, whose own
 * entry is checked by site_intact).  The record lists a folder, its files,
 * then its sub-folders (depth first); entries are looked up relative to an
 * open descriptor of a folder above them (folders with at least 3 entries
 * are opened), not by their whole path. */
static int site_intact_range(const struct cache *c, const size_t *children, size_t from, size_t to)
{
	struct site_stack k;
	struct stat st;
	const char *rel;
	size_t i;
	int ok, base;

	k.depth = 0;
	k.idx[0] = 0;
	k.fd[0] = open(c->out_abs, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	ok = k.fd[0] >= 0;
	for (i = from; i < to && ok; i++) {
		const struct site_entry *se = &c->site[i];
		ok = stack_to_folder(&k, c, se->path, 1) == 0 &&
		     (rel = stack_rel(&k, c, se->path, &base)) != NULL &&
		     fstatat(base, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 && entry_same(&se->e, &st) &&
		     (!se->e.is_dir || k.depth < MAX_SITE_DEPTH);
		if (!ok || !se->e.is_dir)
			continue;
		k.idx[++k.depth] = i;
		k.fd[k.depth] = -1;
		if (children[i] >= 3 &&
		    (k.fd[k.depth] =
			 openat(base, rel, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
			ok = 0;
	}
	for (; k.depth >= 0; k.depth--)
		if (k.fd[k.depth] >= 0)
			close(k.fd[k.depth]);
	return ok;
}

/* One part of the check of the published site, for parallel_for. */
struct intact_part {
	const struct cache *c;
	const size_t *children;
	size_t from[SITE_PARTS + 1];
	int ok[SITE_PARTS];
};

static void intact_part_run(size_t i, void *ctx)
{
	struct intact_part *p = ctx;

	p->ok[i] = site_intact_range(p->c, p->children, p->from[i], p->from[i + 1]);
}

/* Is every recorded file and folder of the published site as recorded?
 * Some 100,000 entries at 10,000 documents: the record is cut into
 * SITE_PARTS runs of whole top-level subtrees, checked on up to `jobs`
 * threads. */
static int site_intact(const struct cache *c, int jobs)
{
	struct intact_part p;
	struct stat st;
	size_t i, k = 1;
	int ok = 0;

	p.c = c;
	p.children = site_children(c);
	if (!p.children || lstat(c->out_abs, &st) != 0 || !entry_same(&c->site[0].e, &st))
		goto out;
	p.from[0] = 1;
	for (i = 1; i < c->nsite && k < SITE_PARTS; i++)
		if (!strchr(c->site[i].path, '/') && i >= c->nsite / SITE_PARTS * k)
			p.from[k++] = i;
	while (k <= SITE_PARTS)
		p.from[k++] = c->nsite;
	parallel_for(SITE_PARTS, jobs, intact_part_run, &p);
	for (ok = 1, i = 0; i < SITE_PARTS; i++)
		ok &= p.ok[i];
out:
	free((size_t *)p.children);
	return ok;
}

/* The recorded site as a map for output_set_previous. */
static void site_map(struct cache *c)
{
	size_t i;

	for (i = 0; i < c->nsite; i++)
		strset_add(&c->old_site, c->site[i].path, &c->site[i].e);
}

/* Create the cache folder if needed and name the record.  0 / -1. */
static int cache_place(struct cache *c, const char *dir)
{
	unsigned char h[HASH_SIZE];
	char hex[HASH_HEX_SIZE];
	struct buf rec = BUF_INIT;
	struct stat st;

	if (output_mkdirs(dir) != 0) {
		diag_warning(c->d, dir, 0, 0,
			     "cannot create the cache folder (%s): building "
			     "without the cache",
			     strerror(errno));
		return -1;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_warning(c->d, dir, 0, 0, "the cache is not a folder: building without it");
		return -1;
	}
	hash_bytes(h, c->out_abs, strlen(c->out_abs));
	hash_hex(hex, h);
	buf_printf(&rec, "%s/site-%s", dir, hex);
	c->record = buf_detach(&rec, NULL);
	buf_printf(&rec, "%s/history-%s", dir, hex);
	c->histfile = buf_detach(&rec, NULL);
	buf_printf(&rec, "%s/docs-%s", dir, hex);
	c->docsprefix = buf_detach(&rec, NULL);
	buf_printf(&rec, "%s/search-%s", dir, hex);
	c->searchfile = buf_detach(&rec, NULL);
	buf_printf(&rec, "%s/views-%s", dir, hex);
	c->viewsfile = buf_detach(&rec, NULL);
	return 0;
}

int cache_check(struct cache **out, const struct cache_options *o, struct diag *d)
{
	struct cache *c = xcalloc(1, sizeof(*c));
	struct timespec now;
	char *content = realpath(o->content, NULL);

	*out = c;
	c->d = d;
	c->dir = xstrdup(o->dir);
	c->old_stat = (struct strset)STRSET_INIT;
	c->old_site = (struct strset)STRSET_INIT;
	c->content_hash = (struct strset)STRSET_INIT;
	c->warnings = NULL;
	clock_gettime(CLOCK_REALTIME, &now);
	c->start_ns = ns_of(now);
	c->out_abs = absolute(o->out);
	c->jobs = o->jobs;
	if (!content || !c->out_abs || cache_place(c, o->dir) < 0)
		goto out; /* the build reports a bad folder */
	record_read(c);
	c->usable = 1;
	if (fingerprint(c, o, content) < 0 || c->usable < 0) {
		c->usable = 0;
		goto out;
	}
	free(content);
	if (c->have_record && !memcmp(c->fingerprint, c->old_fp, HASH_SIZE) &&
	    site_intact(c, o->jobs))
		return 1;
	if (c->have_record)
		site_map(c);
	return 0;
out:
	free(content);
	return 0;
}

const struct strset *cache_published(const struct cache *c)
{
	return c && c->have_record ? &c->old_site : NULL;
}

const unsigned char *cache_env(const struct cache *c)
{
	return c && c->usable > 0 ? c->env : NULL;
}

const unsigned char *cache_history_key(const struct cache *c)
{
	return c && c->usable > 0 ? c->histkey : NULL;
}

const char *cache_docs_prefix(const struct cache *c)
{
	return c && c->usable > 0 ? c->docsprefix : NULL;
}

const unsigned char *cache_content_hash(const struct cache *c, const char *relpath)
{
	void *h = NULL;

	if (!c || c->usable <= 0 || !strset_get(&c->content_hash, relpath, &h))
		return NULL;
	return h;
}

const char *cache_history_file(const struct cache *c)
{
	return c && c->usable > 0 ? c->histfile : NULL;
}

const char *cache_search_file(const struct cache *c)
{
	return c && c->usable > 0 ? c->searchfile : NULL;
}

const char *cache_views_file(const struct cache *c)
{
	return c && c->usable > 0 ? c->viewsfile : NULL;
}

const char *cache_out(const struct cache *c)
{
	return c ? c->out_abs : NULL;
}

const char *cache_warnings(const struct cache *c)
{
	return c && c->warnings ? c->warnings : "";
}

size_t cache_documents(const struct cache *c)
{
	return c ? c->ndocs : 0;
}

size_t cache_measures(const struct cache *c)
{
	return c ? c->nmeasures : 0;
}

/* ---- saving ---- */

/* One "M" line for the entry at rel with stat st: a file written as e,
 * or a folder (e NULL). */
static void put_site_line(struct buf *rec, const char *rel, const struct stat *st,
			  const struct output_entry *e)
{
	char hex[HASH_HEX_SIZE], key[HASH_HEX_SIZE] = "-";
	unsigned char zero[HASH_SIZE] = {0};

	hash_hex(hex, e ? e->hash : zero);
	if (e && e->has_key)
		hash_hex(key, e->key);
	buf_puts(rec, e ? "M f " : "M d ");
	buf_put_dec(rec, e ? (unsigned long long)st->st_size : 0ULL);
	buf_putc(rec, ' ');
	buf_put_dec(rec, (unsigned long long)st->st_ino);
	buf_putc(rec, ' ');
	record_put_num(rec, ns_of(st->st_mtim));
	record_put_num(rec, ns_of(st->st_ctim));
	buf_puts(rec, hex);
	buf_putc(rec, ' ');
	buf_puts(rec, key);
	buf_putc(rec, ' ');
	buf_puts(rec, rel);
	buf_putc(rec, '\n');
}

/* The entry of the new site's file at rel (output_files), or NULL. */
static const struct output_entry *kept_entry(const struct strset *files, const char *rel)
{
	void *v;

	return strset_get(files, rel, &v) ? v : NULL;
}

/* Is the directory entry de (site path rel) a file the build kept from
 * the previous site as it was (struct output_entry, stat_known), the
 * same inode still?  Then *st holds what a stat would give of it. */
static int kept_file(struct stat *st, const struct strset *files, const struct dirent *de,
		     const char *rel)
{
	const struct output_entry *e;

	if (de->d_type != DT_REG || !(e = kept_entry(files, rel)) || !e->stat_known ||
	    e->ino != (unsigned long long)de->d_ino || strpbrk(rel, "\n\r"))
		return 0;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG;
	st->st_size = (off_t)e->size;
	st->st_ino = (ino_t)e->ino;
	st->st_mtim.tv_sec = (time_t)(e->mtime_ns / 1000000000LL);
	st->st_mtim.tv_nsec = (long)(e->mtime_ns % 1000000000LL);
	st->st_ctim.tv_sec = (time_t)(e->ctime_ns / 1000000000LL);
	st->st_ctim.tv_nsec = (long)(e->ctime_ns % 1000000000LL);
	return 1;
}

static long walk_site(struct buf *rec, const struct strset *files, int parent, const char *name,
		      const char *rel, int depth);

/* Record the entries of the folder open as dp, whose site path is rel
 * ("" = the top, recorded as "."): the folder, its files, then each
 * sub-folder the same way (the order site_intact relies on), the
 * sub-folders opened relative to dp.  Each file must be one the writer
 * wrote (its hash comes from there).  With subs, the sub-folders' names
 * are put there instead of being walked.  Returns the number of files,
 * or -1 when something else is there. */
static long walk_folder(struct buf *rec, const struct strset *files, DIR *dp, const char *rel,
			int depth, struct strlist *subs)
{
	struct strlist mine = {NULL, 0};
	struct buf sub = BUF_INIT;
	const struct output_entry *e;
	struct dirent *de;
	struct stat st;
	long n = 0;
	size_t i;
	void *v;

	if (fstat(dirfd(dp), &st) != 0)
		return -1;
	put_site_line(rec, *rel ? rel : ".", &st, NULL);
	if (!subs)
		subs = &mine;
	while (n >= 0 && (de = readdir(dp)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		buf_reset(&sub);
		if (*rel) {
			buf_puts(&sub, rel);
			buf_putc(&sub, '/');
		}
		buf_puts(&sub, de->d_name);
		if (kept_file(&st, files, de, sub.ptr)) { /* no stat needed */
			put_site_line(rec, sub.ptr, &st, kept_entry(files, sub.ptr));
			n++;
			continue;
		}
		if (fstatat(dirfd(dp), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    strpbrk(sub.ptr, "\n\r"))
			n = -1;
		else if (S_ISDIR(st.st_mode))
			strlist_push(subs, de->d_name);
		else if (S_ISREG(st.st_mode) && strset_get(files, sub.ptr, &v) && (e = v) &&
			 e->size == (unsigned long long)st.st_size) {
			put_site_line(rec, sub.ptr, &st, e);
			n++;
		} else
			n = -1;
	}
	for (i = 0; i < mine.n && n >= 0; i++) {
		long k = walk_site(rec, files, dirfd(dp), mine.v[i], rel, depth + 1);
		n = k < 0 ? -1 : n + k;
	}
	strlist_release(&mine);
	buf_release(&sub);
	return n;
}

/* walk_folder for sub-folder name of the folder open as parent (rel: the
 * parent's site path). */
static long walk_site(struct buf *rec, const struct strset *files, int parent, const char *name,
		      const char *rel, int depth)
{
	struct buf path = BUF_INIT;
	DIR *dp = NULL;
	long n = -1;
	int fd;

	buf_printf(&path, "%s%s%s", rel, *rel ? "/" : "", name);
	if (depth < MAX_SITE_DEPTH &&
	    (fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) >= 0 &&
	    !(dp = fdopendir(fd)))
		close(fd);
	if (dp) {
		n = walk_folder(rec, files, dp, path.ptr, depth, NULL);
		closedir(dp);
	}
	buf_release(&path);
	return n;
}

/* The top-level sub-folders of the site, walked in parallel. */
struct site_walk {
	const struct strset *files;
	int top;	     /* the site's folder */
	struct strlist subs; /* its sub-folders */
	struct buf *recs;    /* the lines of each */
	long *n;	     /* the files of each, or -1 */
};

static void site_walk_run(size_t i, void *ctx)
{
	struct site_walk *w = ctx;

	w->n[i] = walk_site(&w->recs[i], w->files, w->top, w->subs.v[i], "", 1);
}

/* Record the whole site at root (absolute) into rec, its top-level
 * sub-folders on up to jobs threads (a site of 10,000 documents is 37,000
 * entries); the lines are those of one walk.  The number of files, or
 * -1. */
static long record_site(struct buf *rec, const struct strset *files, const char *root, int jobs)
{
	struct site_walk w = {files, -1, {NULL, 0}, NULL, NULL};
	DIR *dp = NULL;
	long n = -1;
	size_t i;

	if ((w.top = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    !(dp = fdopendir(w.top))) {
		if (w.top >= 0)
			close(w.top);
		return -1;
	}
	n = walk_folder(rec, files, dp, "", 0, &w.subs);
	w.recs = xcalloc(w.subs.n + 1, sizeof(*w.recs));
	w.n = xcalloc(w.subs.n + 1, sizeof(*w.n));
	if (n >= 0)
		parallel_for(w.subs.n, jobs, site_walk_run, &w);
	for (i = 0; i < w.subs.n; i++) {
		n = n < 0 || w.n[i] < 0 ? -1 : n + w.n[i];
		buf_put(rec, w.recs[i].ptr, w.recs[i].len);
		buf_release(&w.recs[i]);
	}
	closedir(dp);
	strlist_release(&w.subs);
	free(w.recs);
	free(w.n);
	return n;
}

FILE *cache_temp_open(struct buf *tmp, const char *path)
{
	const char *slash = strrchr(path, '/');
	int fd;
	FILE *fp;

	buf_reset(tmp);
	if (slash)
		buf_printf(tmp, "%.*s/.%s.tmp-XXXXXX", (int)(slash - path), path, slash + 1);
	else
		buf_printf(tmp, ".%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp->ptr)) < 0)
		return NULL;
	if (!(fp = fdopen(fd, "wb"))) {
		close(fd);
		unlink(tmp->ptr);
	}
	return fp;
}

int cache_temp_close(FILE *fp, const char *tmp, const char *path, int ok)
{
	int rc = ok && fflush(fp) == 0 && !ferror(fp) ? 0 : -1;

	if (fclose(fp) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc < 0)
		unlink(tmp);
	return rc;
}

int cache_write_file(const char *path, const struct buf *data)
{
	struct buf tmp = BUF_INIT;
	FILE *fp = cache_temp_open(&tmp, path);
	int rc = -1;

	if (fp)
		rc = cache_temp_close(fp, tmp.ptr, path,
				      fwrite(data->ptr, 1, data->len, fp) == data->len);
	buf_release(&tmp);
	return rc;
}

/* The first lines of the cache file at path (its first line and the out
 * line fit in HEAD_MAX bytes; the rest, maybe large, is not read). */
static int read_head(struct buf *out, const char *path)
{
	FILE *fp = fopen(path, "rb");
	size_t n;

	buf_reset(out);
	if (!fp)
		return -1;
	buf_grow(out, HEAD_MAX);
	n = fread(out->ptr, 1, HEAD_MAX, fp);
	out->len = n;
	out->ptr[n] = '\0';
	fclose(fp);
	return n ? 0 : -1;
}

/* Is the record at path one for an output folder that no longer exists
 * (or a temporary file older than an hour)? */
static int record_stale(const char *path, const char *name, time_t now)
{
	struct buf head = BUF_INIT;
	struct stat st;
	char *out, *nl;
	int stale = 0;

	if (name[0] == '.')
		return strstr(name, ".tmp-") && lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		       st.st_mtime < now - 3600;
	if (read_head(&head, path) < 0 || strncmp(head.ptr, "huibian-", 8))
		goto out;
	out = strchr(head.ptr, '\n');
	if (out && !strncmp(out + 1, "out /", 5) && (nl = strchr(out + 5, '\n')) != NULL) {
		*nl = '\0';
		stale = lstat(out + 5, &st) != 0 && errno == ENOENT;
	}
out:
	buf_release(&head);
	return stale;
}

/* Is name one of the cache's files (or their temporary files)? */
static int cache_file_name(const char *name)
{
	static const char *const kinds[] = {"site-", "history-", "docs-", "search-", "views-"};
	size_t i;

	if (*name == '.')
		name++;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strncmp(name, kinds[i], strlen(kinds[i])))
			return 1;
	return 0;
}

/* Is name a file of this output folder: its record, its saved walk, its
 * saved search index, what its views saved, one of its document files
 * (cache_docs_prefix + "-NN")? */
static int own_file(const struct cache *c, const char *name)
{
	const char *ext = strrchr(c->docsprefix, '/') + 1;
	size_t n = strlen(ext);

	return !strcmp(name, strrchr(c->record, '/') + 1) ||
	       !strcmp(name, strrchr(c->histfile, '/') + 1) ||
	       !strcmp(name, strrchr(c->searchfile, '/') + 1) ||
	       !strcmp(name, strrchr(c->viewsfile, '/') + 1) ||
	       (!strncmp(name, ext, n) && name[n] == '-');
}

/* Is name ".<file>.tmp-*", a temporary file of one of own_file's?  One
 * left there was left by a killed build: builds into one output folder do
 * not run at once (output_open removes their temporary folders too). */
static int own_temporary(const struct cache *c, const char *name)
{
	const char *tmp = strstr(name, ".tmp-");
	char *file;
	int own;

	if (name[0] != '.' || !tmp)
		return 0;
	file = xstrndup(name + 1, (size_t)(tmp - name - 1));
	own = own_file(c, file);
	free(file);
	return own;
}

/* Remove the records of output folders that are gone, and temporary files
 * that killed builds left. */
static void prune(const struct cache *c)
{
	struct buf path = BUF_INIT;
	struct dirent *de;
	DIR *dp = opendir(c->dir);

	if (!dp)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (!cache_file_name(de->d_name) || own_file(c, de->d_name))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", c->dir, de->d_name);
		if (own_temporary(c, de->d_name) || record_stale(path.ptr, de->d_name, time(NULL)))
			unlink(path.ptr);
	}
	closedir(dp);
	buf_release(&path);
}

int cache_save(struct cache *c, const struct output *o, const char *warnings, size_t ndocs,
	       size_t nmeasures, struct diag *d)
{
	struct buf rec = BUF_INIT;
	unsigned char sum[HASH_SIZE];
	char hex[HASH_HEX_SIZE];
	size_t body;
	long files;
	int rc = -1;

	if (!c || c->usable != 1)
		return 0;
	buf_printf(&rec, "huibian-cache %d %s\n", CACHE_FORMAT, HUIBIAN_VERSION);
	body = rec.len;
	hash_hex(hex, c->fingerprint);
	buf_printf(&rec, "out %s\nfingerprint %s\ndocs %zu %zu\ndiag %zu\n%s\n", c->out_abs, hex,
		   ndocs, nmeasures, strlen(warnings), warnings);
	buf_put(&rec, c->statlines.ptr, c->statlines.len);
	files = record_site(&rec, output_files(o), c->out_abs, c->jobs);
	if (files < 0 || (size_t)files != output_files(o)->n)
		goto out;
	hash_bytes(sum, rec.ptr + body, rec.len - body);
	hash_hex(hex, sum);
	buf_printf(&rec, "end %s\n", hex);
	rc = cache_write_file(c->record, &rec);
out:
	if (rc < 0) {
		diag_warning(d, c->dir, 0, 0,
			     "cannot save the build cache: the next build will "
			     "run in full");
		unlink(c->record);
	} else {
		prune(c);
	}
	buf_release(&rec);
	return rc;
}

void cache_free(struct cache *c)
{
	if (!c)
		return;
	free_vals(&c->old_stat);
	strset_release(&c->old_site); /* its values are in c->site */
	free(c->site);
	free(c->data);
	buf_release(&c->fp);
	buf_release(&c->statlines);
	buf_release(&c->scratch);
	buf_release(&c->hashes);
	free(c->warnings);
	free(c->dir);
	free(c->record);
	free(c->histfile);
	free(c->docsprefix);
	free_vals(&c->content_hash);
	free(c->searchfile);
	free(c->viewsfile);
	free(c->out_abs);
	free(c);
}
