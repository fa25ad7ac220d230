/* theme.c - locate and load templates and static files; see theme.h. */
#include "theme.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "doc.h"
#include "strset.h"
#include "xalloc.h"

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The real path of <dir of the running binary>/<rel> if it is a folder. */
static char *beside_binary(const char *rel)
{
	char exe[PATH_MAX];
	struct buf p = BUF_INIT;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash, *real = NULL;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	buf_printf(&p, "%s/%s", exe, rel);
	if (is_dir(p.ptr))
		real = realpath(p.ptr, NULL);
	buf_release(&p);
	return real;
}

/* The default layer `name`: next to the binary in the source tree
 * (generator/huibian, or generator/build/huibian), or installed
 * (<prefix>/bin/huibian with <prefix>/share/huibian/<name>). */
static char *default_layer(const char *name)
{
	static const char *const places[] = {"..", "../..", "../share/huibian"};
	struct buf rel = BUF_INIT;
	char *found = NULL;
	size_t i;

	for (i = 0; i < sizeof(places) / sizeof(places[0]) && !found; i++) {
		buf_reset(&rel);
		buf_printf(&rel, "%s/%s", places[i], name);
		found = beside_binary(rel.ptr);
	}
	buf_release(&rel);
	return found;
}

/* The site layer: opt if given (must exist), else <content>/../<name>
 * unless that is the default layer itself. */
static int site_layer(char **out, const char *opt, const char *content_dir, const char *name,
		      const char *deflt, struct diag *d)
{
	struct buf p = BUF_INIT;

	*out = NULL;
	if (opt) {
		if (!is_dir(opt)) {
			diag_error(d, opt, 0, 0, "folder not found");
			return -1;
		}
		*out = realpath(opt, NULL);
		return 0;
	}
	buf_printf(&p, "%s/../%s", content_dir, name);
	if (is_dir(p.ptr))
		*out = realpath(p.ptr, NULL);
	buf_release(&p);
	if (*out && deflt && !strcmp(*out, deflt)) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

int theme_locate(struct theme *t, const char *content_dir, const char *templates_opt,
		 const char *static_opt, struct diag *d)
{
	memset(t, 0, sizeof(*t));
	t->templates[0] = default_layer("templates");
	t->statics[0] = default_layer("static");
	if (site_layer(&t->templates[1], templates_opt, content_dir, "templates", t->templates[0],
		       d) < 0 ||
	    site_layer(&t->statics[1], static_opt, content_dir, "static", t->statics[0], d) < 0)
		return -1;
	if (!t->templates[0] && !t->templates[1]) {
		diag_error(d, content_dir, 0, 0,
			   "no templates: the default templates are not installed next to the "
			   "huibian binary and the site has no templates/ folder");
		return -1;
	}
	return 0;
}

void theme_release(struct theme *t)
{
	int i;

	for (i = 0; i < 2; i++) {
		free(t->templates[i]);
		free(t->statics[i]);
		t->templates[i] = t->statics[i] = NULL;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir (without "." names) that end with suffix. */
static void list_names(struct strlist *out, const char *dir, const char *suffix)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	size_t sl = strlen(suffix), n;

	if (!dp)
		return;
	while ((de = readdir(dp)) != NULL) {
		n = strlen(de->d_name);
		if (de->d_name[0] != '.' && n >= sl && !strcmp(de->d_name + n - sl, suffix))
			strlist_push(out, de->d_name);
	}
	closedir(dp);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

int theme_load_templates(const struct theme *t, struct mustache *m, struct diag *d)
{
	struct strlist names = {NULL, 0};
	struct buf path = BUF_INIT, text = BUF_INIT;
	size_t i;
	int layer, rc = 0;

	for (layer = 0; layer < 2; layer++) {
		if (!t->templates[layer])
			continue;
		list_names(&names, t->templates[layer], ".mustache");
		for (i = 0; i < names.n; i++) {
			buf_reset(&path);
			buf_reset(&text);
			buf_printf(&path, "%s/%s", t->templates[layer], names.v[i]);
			names.v[i][strlen(names.v[i]) - 9] = '\0';
			if (doc_read_text(&text, path.ptr, path.ptr, 1u << 20, d) < 0 ||
			    mustache_add(m, names.v[i], text.ptr, text.len, path.ptr, d) < 0)
				rc = -1;
		}
		strlist_release(&names);
	}
	if (rc == 0 && mustache_check(m, d) < 0)
		rc = -1;
	buf_release(&path);
	buf_release(&text);
	return rc;
}

/* Add every file below dir/rel to files (relpath → malloc'ed source path)
 * unless an earlier (higher) layer already has it. */
static void collect_static(struct strset *files, const char *dir, const char *rel, int depth)
{
	struct strlist names = {NULL, 0};
	struct buf src = BUF_INIT, sub = BUF_INIT;
	size_t i;

	buf_printf(&src, "%s%s%s", dir, *rel ? "/" : "", rel);
	list_names(&names, src.ptr, "");
	for (i = 0; i < names.n && depth < 16; i++) {
		buf_reset(&src);
		buf_reset(&sub);
		buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", names.v[i]);
		buf_printf(&src, "%s/%s", dir, sub.ptr);
		if (is_dir(src.ptr)) {
			collect_static(files, dir, sub.ptr, depth + 1);
		} else {
			char *copy = xstrdup(src.ptr);
			if (!strset_add(files, sub.ptr, copy))
				free(copy);
		}
	}
	strlist_release(&names);
	buf_release(&src);
	buf_release(&sub);
}

int theme_copy_static(const struct theme *t, struct output *o, struct diag *d)
{
	struct strset files = STRSET_INIT;
	struct strlist keys = {NULL, 0};
	struct buf rel = BUF_INIT;
	size_t i;
	int layer, rc = 0;

	(void)d;
	for (layer = 1; layer >= 0; layer--)
		if (t->statics[layer])
			collect_static(&files, t->statics[layer], "", 0);
	for (i = 0; i < files.cap; i++)
		if (files.keys[i])
			strlist_push(&keys, files.keys[i]);
	if (keys.n)
		qsort(keys.v, keys.n, sizeof(*keys.v), cmp_str);
	for (i = 0; i < keys.n; i++) {
		void *src = NULL;
		strset_get(&files, keys.v[i], &src);
		buf_reset(&rel);
		buf_printf(&rel, "static/%s", keys.v[i]);
		if (output_copy(o, rel.ptr, src) < 0)
			rc = -1;
	}
	for (i = 0; i < files.cap; i++)
		free(files.vals[i]);
	strset_release(&files);
	strlist_release(&keys);
	buf_release(&rel);
	return rc;
}
