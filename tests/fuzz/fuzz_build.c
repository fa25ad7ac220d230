/* fuzz_build.c - libFuzzer harness for the whole build of one document:
 * the input is a document file (front matter + Markdown) of a real
 * compilation.  Like `huibian build`: doc_parse → site_link (with the real
 * content/site.yaml and the compilation's _index.md, build date fixed) →
 * markdown_doc with render_measure_wrap and the repo's templates/ →
 * render_doc_data → "document" and then "layout" through mustache_render.
 *
 * The repository root comes from $HUIBIAN_ROOT, else from FUZZ_ROOT (set
 * by run.sh at compile time).  Templates are loaded once, in
 * LLVMFuzzerInitialize.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "markdown.h"
#include "mustache.h"
#include "page.h"
#include "render.h"
#include "site.h"
#include "theme.h"
#include "value.h"
#include "xalloc.h"

#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif
#define COMP "henan-gazette-2024-17" /* has sections in its _index.md */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read-only after LLVMFuzzerInitialize. */
static struct mustache *tmpl;
static char *content_dir;

static void cleanup(void)
{
	mustache_free(tmpl);
	free(content_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *root = getenv("HUIBIAN_ROOT");
	struct theme t = {{NULL, NULL}, {NULL, NULL}};
	struct diag d = DIAG_INIT;
	struct buf b = BUF_INIT;

	(void)argc;
	(void)argv;
	if (!root)
		root = FUZZ_ROOT;
	buf_printf(&b, "%s/templates", root);
	t.templates[0] = buf_detach(&b, NULL);
	buf_printf(&b, "%s/content", root);
	content_dir = buf_detach(&b, NULL);
	markdown_init();
	tmpl = mustache_new();
	if (theme_load_templates(&t, tmpl, &d) < 0 || !mustache_has(tmpl, "document")) {
		diag_flush(&d, stderr);
		fprintf(stderr, "fuzz_build: cannot load %s (set HUIBIAN_ROOT)\n", t.templates[0]);
		abort();
	}
	theme_release(&t);
	diag_release(&d);
	atexit(cleanup);
	return 0;
}

/* The document page as page_write would make it, without writing it. */
static void render_page(struct site *s, struct doc *doc, struct diag *d)
{
	struct pages p;
	struct value *page, *v;
	struct buf content = BUF_INIT, html = BUF_INIT;

	memset(&p, 0, sizeof(p)); /* other fields (jobs, …) as in main.c */
	p.site = s;
	p.tmpl = tmpl;
	p.d = d;
	p.nav_views = 1;
	page = page_new(&p, doc->title);

	v = value_set(page, "doc", render_doc_data(&p, doc));
	page_crumb(page, COMP, value_get_str(value_get(v, "compilation"), "href"));
	value_set(v, "relations", value_list());
	value_set_bool(v, "has_relations", 0);
	value_set_str(page, "root", "../../");
	if (mustache_render(&content, tmpl, "document", page) < 0)
		__builtin_trap();
	value_set(page, "content", value_stringn(content.ptr, content.len));
	if (mustache_render(&html, tmpl, "layout", page) < 0)
		__builtin_trap();
	buf_release(&content);
	buf_release(&html);
	value_free(page);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = DIAG_INIT;
	struct site *s = NULL;
	struct compilation *c = NULL;
	struct doc *doc = NULL;

	if (site_config_load(&s, content_dir, &d) < 0 ||
	    compilation_load(&c, content_dir, COMP, &d) < 0)
		__builtin_trap(); /* the repo's own files must load */
	site_add_compilation(s, c);
	if (doc_parse(&doc, COMP "/fuzz.md", COMP "/fuzz.md", (const char *)data, size, &d) < 0)
		goto out;
	site_add_doc(s, doc);
	s->today.y = 2025;
	s->today.m = 6;
	s->today.d = 1;
	if (site_link(s, &d) < 0)
		goto out;
	if (markdown_doc(doc, render_measure_wrap, tmpl, &d) < 0)
		goto out;
	render_page(s, doc, &d);
out:
	site_free(s);
	diag_release(&d);
	return 0;
}
