/* scan.c - walk the content folder; see scan.h. */
#include "scan.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "xalloc.h"

/* Names of generated views that a compilation may not take. */
static const char *const reserved[] = {"static", "departments", "measures", "timeline", "search",
				       "data",	 "changes",	"topics",   NULL};

int scan_valid_name(const char *name, size_t len)
{
	return len > 0 && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == len;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entries of dir, without "." names.  -1 (reported) on error. */
static int list_dir(struct strlist *out, const char *dir, const char *path, struct diag *d)
{
	DIR *dp = opendir(dir);
	struct dirent *de;

	if (!dp) {
		diag_error(d, path, 0, 0, "cannot open folder: %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(dp)) != NULL)
		if (de->d_name[0] != '.')
			strlist_push(out, de->d_name);
	closedir(dp);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
	return 0;
}

/* stat() the entry; a symbolic link must resolve inside root. */
static int check_entry(struct stat *st, const char *file, const char *root, const char *path,
		       struct diag *d)
{
	char *real;
	size_t rl = strlen(root);
	int inside;

	if (lstat(file, st) != 0) {
		diag_error(d, path, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	if (!S_ISLNK(st->st_mode))
		return 0;
	real = realpath(file, NULL);
	inside = real && !strncmp(real, root, rl) && real[rl] == '/';
	free(real);
	if (!inside || stat(file, st) != 0) {
		diag_error(d, path, 0, 0, "symbolic link leads outside the content folder");
		return -1;
	}
	return 0;
}

/* Scan one compilation folder for documents. */
static int scan_compilation(struct scan *out, const char *content_dir, const char *root,
			    const char *name, struct diag *d)
{
	struct strlist names = {NULL, 0};
	struct buf file = BUF_INIT, path = BUF_INIT;
	struct stat st;
	size_t i, len;
	int rc = 0;

	buf_printf(&file, "%s/%s", content_dir, name);
	if (list_dir(&names, file.ptr, file.ptr, d) < 0)
		rc = -1;
	for (i = 0; i < names.n; i++) {
		const char *n = names.v[i];
		len = strlen(n);
		buf_reset(&file);
		buf_printf(&file, "%s/%s/%s", content_dir, name, n);
		buf_reset(&path);
		buf_printf(&path, "%s/%s", name, n);
		if (check_entry(&st, file.ptr, root, file.ptr, d) < 0) {
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			diag_error(d, file.ptr, 0, 0,
				   "folders inside a compilation are not supported");
			rc = -1;
		} else if (!strcmp(n, "_index.md")) {
			continue;
		} else if (!S_ISREG(st.st_mode) || len < 4 || strcmp(n + len - 3, ".md") ||
			   !scan_valid_name(n, len - 3)) {
			diag_error(d, file.ptr, 0, 0,
				   "document file names must be [a-z0-9-]+.md (lower-case ASCII "
				   "letters, digits and '-')");
			rc = -1;
		} else {
			strlist_push(&out->documents, path.ptr);
		}
	}
	strlist_release(&names);
	buf_release(&file);
	buf_release(&path);
	return rc;
}

/* Is this top-level entry a compilation folder?  Reports bad names. */
static int is_compilation(const char *n, const char *file, const struct stat *st, struct diag *d)
{
	size_t k;

	if (!S_ISDIR(st->st_mode)) {
		if (strcmp(n, "site.yaml"))
			diag_warning(d, file, 0, 0,
				     "ignored: not site.yaml nor a compilation folder");
		return 0;
	}
	for (k = 0; reserved[k] && strcmp(reserved[k], n); k++)
		;
	if (reserved[k]) {
		diag_error(d, file, 0, 0,
			   "'%s' is reserved for a page the site generates; rename the folder", n);
		return -1;
	}
	if (!scan_valid_name(n, strlen(n))) {
		diag_error(d, file, 0, 0, "compilation folder names must be [a-z0-9-]+");
		return -1;
	}
	return 1;
}

int scan_content(struct scan *out, const char *content_dir, struct diag *d)
{
	struct strlist names = {NULL, 0};
	struct buf file = BUF_INIT;
	struct stat st;
	char *root = realpath(content_dir, NULL);
	size_t i;
	int rc = 0, kind;

	if (!root || stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_error(d, content_dir, 0, 0, "content folder not found");
		free(root);
		return -1;
	}
	if (list_dir(&names, content_dir, content_dir, d) < 0)
		rc = -1;
	for (i = 0; i < names.n; i++) {
		buf_reset(&file);
		buf_printf(&file, "%s/%s", content_dir, names.v[i]);
		if (check_entry(&st, file.ptr, root, file.ptr, d) < 0 ||
		    (kind = is_compilation(names.v[i], file.ptr, &st, d)) < 0) {
			rc = -1;
			continue;
		}
		if (kind == 0)
			continue;
		strlist_push(&out->compilations, names.v[i]);
		if (scan_compilation(out, content_dir, root, names.v[i], d) < 0)
			rc = -1;
	}
	strlist_release(&names);
	buf_release(&file);
	free(root);
	return rc;
}

void scan_release(struct scan *s)
{
	strlist_release(&s->compilations);
	strlist_release(&s->documents);
}
