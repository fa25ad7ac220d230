/* Unit tests for mustache.c: every case of the six required Mustache spec
 * files (comments, delimiters, interpolation, inverted, partials, sections)
 * read from $MUSTACHE_SPEC_DIR, one TAP line per case.  The rest of the
 * engine's contract is in test_mustache_errors.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "tap.h"
#include "value.h"
#include "yamldoc.h"

static const char *const spec_files[] = {
    "comments", "delimiters", "interpolation", "inverted", "partials", "sections",
};

/* Read a whole file into b; -1 if it cannot be read. */
static int read_file(struct buf *b, const char *path)
{
	char chunk[65536];
	size_t n;
	FILE *fp = fopen(path, "rb");
	int rc;

	if (!fp)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(b, chunk, n);
	rc = ferror(fp) ? -1 : 0;
	fclose(fp);
	return rc;
}

/* Run one spec case: compile its template and partials into a fresh set,
 * render with its data and compare. */
static void run_case(const char *file, const struct value *tc)
{
	const char *name = value_get_str(tc, "name");
	const char *tmpl = value_get_str(tc, "template");
	const char *want = value_get_str(tc, "expected");
	const struct value *partials = value_get(tc, "partials");
	struct mustache *m = mustache_new();
	struct diag d = DIAG_INIT;
	struct buf out = BUF_INIT;
	size_t i;
	int rc = 0;

	if (!name || !tmpl || !want) {
		ok(0, "%s: case %s has name, template and expected strings", file,
		   name ? name : "(unnamed)");
		goto out;
	}
	for (i = 0; partials && partials->type == VALUE_MAP && i < partials->n; i++)
		rc |= mustache_add(m, partials->keys[i], partials->items[i]->str,
				   partials->items[i]->len, partials->keys[i], &d);
	rc |= mustache_add(m, "spec template", tmpl, strlen(tmpl), "spec template", &d);
	if (rc == 0)
		rc = mustache_render(&out, m, "spec template", value_get(tc, "data"));
	if (rc != 0 || d.errors) {
		ok(0, "%s: %s", file, name);
		printf("# render failed (%d): %s", rc, d.text.ptr);
		goto out;
	}
	is_str(out.ptr, want, "%s: %s", file, name);
out:
	buf_release(&out);
	diag_release(&d);
	mustache_free(m);
}

/* Load dir/file.json and run every case in it. */
static void run_spec_file(const char *dir, const char *file)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	struct diag d = DIAG_INIT;
	struct value *root = NULL;
	const struct value *tests;
	size_t i;

	buf_printf(&path, "%s/%s.json", dir, file);
	if (read_file(&text, path.ptr) < 0) {
		ok(0, "%s: %s can be read", file, path.ptr);
		goto out;
	}
	if (yamldoc_parse(&root, text.ptr, text.len, path.ptr, 0, &d) < 0) {
		ok(0, "%s: %s parses", file, path.ptr);
		printf("# %s", d.text.ptr);
		goto out;
	}
	tests = value_get(root, "tests");
	if (!tests || tests->type != VALUE_LIST || tests->n == 0) {
		ok(0, "%s: has a non-empty tests list", file);
		goto out;
	}
	for (i = 0; i < tests->n; i++)
		run_case(file, tests->items[i]);
out:
	value_free(root);
	diag_release(&d);
	buf_release(&text);
	buf_release(&path);
}

int main(void)
{
	const char *dir = getenv("MUSTACHE_SPEC_DIR");
	struct stat st;
	size_t i;

	if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		skip_all("MUSTACHE_SPEC_DIR is not a folder");
	for (i = 0; i < sizeof(spec_files) / sizeof(spec_files[0]); i++)
		run_spec_file(dir, spec_files[i]);
	return tap_done();
}
