/* Unit tests for mustache.c beyond the spec: compile errors with their
 * path:line:col, mustache_check, the recursion bound, escaping, value
 * types, missing templates, replacement, partial indentation and rendering
 * from several threads at once. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "tap.h"
#include "value.h"

/* Compile src as "t" from path t.mustache and return the diagnostics (the
 * caller frees them); *rc gets mustache_add's result. */
static char *compile_errors(const char *src, int *rc)
{
	struct mustache *m = mustache_new();
	struct diag d = DIAG_INIT;

	*rc = mustache_add(m, "t", src, strlen(src), "t.mustache", &d);
	if (*rc < 0 && mustache_has(m, "t"))
		*rc = -2; /* a failed add must not leave the template behind */
	mustache_free(m);
	return buf_detach(&d.text, NULL);
}

static void expect_error(const char *src, const char *want, const char *what)
{
	int rc;
	char *got = compile_errors(src, &rc);

	is_int(rc, -1, "compile error, returns -1: %s", what);
	is_str(got, want, "compile error message: %s", what);
	free(got);
}

static void test_compile_errors(void)
{
	expect_error("a\nb\n    {{#sec}}\nx\n", "t.mustache:3:5: error: unclosed section 'sec'\n",
		     "unclosed section");
	expect_error("{{#a}}\n  {{#b}}\n {{/a}}\n",
		     "t.mustache:3:2: error: closing tag 'a' does not match section 'b' "
		     "opened at 2:3\n",
		     "mismatched section");
	expect_error("x\n\t{{/a}}",
		     "t.mustache:2:2: error: closing tag 'a' without an open section\n",
		     "close without open");
	expect_error("ok {{a}}\nthen {{b\n",
		     "t.mustache:2:6: error: unclosed tag: no matching close delimiter\n",
		     "unclosed tag");
	expect_error("{{{a}}", "t.mustache:1:1: error: unclosed tag: no matching close delimiter\n",
		     "unclosed triple mustache");
	expect_error("\n{{=<% %> x=}}",
		     "t.mustache:2:1: error: bad set-delimiter tag: expected {{=OPEN CLOSE=}}\n",
		     "set-delimiter with three words");
	expect_error("{{=<%=}}",
		     "t.mustache:1:1: error: bad set-delimiter tag: expected {{=OPEN CLOSE=}}\n",
		     "set-delimiter with one word");
	expect_error("a {{ }}", "t.mustache:1:3: error: empty tag name\n", "empty variable name");
	expect_error("{{#a}}{{/ }}", "t.mustache:1:7: error: empty tag name\n",
		     "empty closing name");
	expect_error("{{>}}", "t.mustache:1:1: error: empty tag name\n", "empty partial name");
	expect_error("汇编：{{#章}}", "t.mustache:1:4: error: unclosed section '章'\n",
		     "columns count characters, not bytes");
	expect_error("{{=<% %>=}}\n<%#a%>\n<%/b%>",
		     "t.mustache:3:1: error: closing tag 'b' does not match section 'a' "
		     "opened at 2:1\n",
		     "errors after a delimiter change");
	expect_error("{{a..b}}",
		     "t.mustache:1:1: error: bad name 'a..b' (empty part between dots)\n",
		     "empty dotted part");
}

static void test_deep_nesting(void)
{
	struct buf src = BUF_INIT;
	char *got;
	int i, rc;

	for (i = 0; i < MUSTACHE_MAX_NESTING; i++)
		buf_puts(&src, "{{#a}}");
	for (i = 0; i < MUSTACHE_MAX_NESTING; i++)
		buf_puts(&src, "{{/a}}");
	got = compile_errors(src.ptr, &rc);
	ok(rc == 0 && got[0] == '\0', "sections nested %d deep compile", MUSTACHE_MAX_NESTING);
	free(got);
	buf_reset(&src);
	for (i = 0; i <= MUSTACHE_MAX_NESTING; i++)
		buf_puts(&src, "{{#a}}");
	got = compile_errors(src.ptr, &rc);
	ok(rc == -1 && strstr(got, "t.mustache:1:601: error: sections nested deeper than 100"),
	   "one more level is an error at its tag");
	free(got);
	buf_release(&src);
}

static void add(struct mustache *m, const char *name, const char *src, struct diag *d)
{
	struct buf path = BUF_INIT;

	buf_printf(&path, "%s.mustache", name);
	if (mustache_add(m, name, src, strlen(src), path.ptr, d) < 0)
		printf("# unexpected compile error: %s", d->text.ptr);
	buf_release(&path);
}

/* Render name with data from m into a malloc'ed string; *rc gets the result. */
static char *render(const struct mustache *m, const char *name, const struct value *data, int *rc)
{
	struct buf out = BUF_INIT;

	*rc = mustache_render(&out, m, name, data);
	return buf_detach(&out, NULL);
}

static void test_check(void)
{
	struct mustache *m = mustache_new();
	struct diag d = DIAG_INIT;

	add(m, "page", "<h1>{{title}}</h1>\n  {{> header }}\n{{#items}}x {{>item}}{{/items}}\n",
	    &d);
	add(m, "header", "<header>{{>logo}}</header>\n", &d);
	is_int(mustache_check(m, &d), -1, "check fails when partials are missing");
	is_str(d.text.ptr,
	       "header.mustache:1:9: error: unknown partial 'logo'\n"
	       "page.mustache:3:13: error: unknown partial 'item'\n",
	       "check reports each unknown partial at its tag");
	buf_reset(&d.text);
	add(m, "logo", "L", &d);
	add(m, "item", "I", &d);
	is_int(mustache_check(m, &d), 0, "check passes once every partial exists");
	is_str(d.text.ptr, "", "and reports nothing");
	ok(mustache_has(m, "logo") && !mustache_has(m, "log") && !mustache_has(m, "logos"),
	   "has finds exact names only");
	diag_release(&d);
	mustache_free(m);
}

static void test_recursion(void)
{
	struct mustache *m = mustache_new();
	struct diag d = DIAG_INIT;
	struct value *data = value_map(), *node = data;
	char *got;
	int rc, i;

	add(m, "loop", "x{{>loop}}", &d);
	got = render(m, "loop", NULL, &rc);
	is_int(rc, -1, "a partial that includes itself forever fails");
	is_int(strlen(got), MUSTACHE_MAX_PARTIAL_DEPTH + 1, "after %d levels",
	       MUSTACHE_MAX_PARTIAL_DEPTH);
	free(got);

	add(m, "node", "{{name}}{{#child}}({{>node}}){{/child}}", &d);
	for (i = 0; i < 50; i++) {		     /* the last child must be false, or the */
		value_set_int(node, "name", i % 10); /* lookup finds its parent's */
		if (i < 49)
			node = value_set(node, "child", value_map());
		else
			value_set_bool(node, "child", 0);
	}
	got = render(m, "node", data, &rc);
	is_int(rc, 0, "recursion that ends (50 levels) renders");
	ok(strncmp(got, "0(1(2(3(4(5(6(7(8(9(0(1(", 24) == 0 && strlen(got) == 50 + 2 * 49,
	   "recursive partial output");
	free(got);
	value_free(data);
	diag_release(&d);
	mustache_free(m);
}

static void test_escaping_and_values(void)
{
	struct mustache *m = mustache_new();
	struct diag d = DIAG_INIT;
	struct value *data = value_map(), *list;
	char *got;
	int rc;

	value_set_str(data, "x", "a & b < c > d \"e\" 'f' 汇编");
	value_set_bool(data, "yes", 1);
	value_set_bool(data, "no", 0);
	value_set_int(data, "n", -42);
	value_set_str(data, "empty", "");
	list = value_set(data, "list", value_list());
	value_push(list, value_string("<li>"));
	add(m, "esc", "{{x}}|{{{x}}}|{{& x}}", &d);
	got = render(m, "esc", data, &rc);
	is_str(got,
	       "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39; 汇编|"
	       "a & b < c > d \"e\" 'f' 汇编|a & b < c > d \"e\" 'f' 汇编",
	       "{{}} escapes & < > \" ' and {{{}}} / {{&}} do not");
	free(got);
	add(m, "vals", "{{yes}} {{no}} {{n}} [{{list}}] {{#empty}}E{{/empty}}{{^no}}!{{/no}}", &d);
	got = render(m, "vals", data, &rc);
	is_str(got, "true false -42 [] E!", "booleans, numbers, lists, empty string is truthy");
	free(got);

	got = render(m, "nope", data, &rc);
	is_int(rc, -1, "rendering a missing template fails");
	is_str(got, "", "and writes nothing");
	free(got);

	add(m, "esc", "replaced {{n}}", &d);
	got = render(m, "esc", data, &rc);
	is_str(got, "replaced -42", "adding a name again replaces the template");
	free(got);
	ok(mustache_add(m, "esc", "{{#bad}}", 8, "bad.mustache", &d) == -1,
	   "bad replacement fails");
	got = render(m, "esc", data, &rc);
	is_str(got, "replaced -42", "and keeps the old template");
	free(got);
	value_free(data);
	diag_release(&d);
	mustache_free(m);
}

static void test_indentation(void)
{
	struct mustache *m = mustache_new();
	struct diag d = DIAG_INIT;
	struct value *data = value_map(), *list;
	char *got;
	int rc;

	value_set_str(data, "body", "b1\nb2");
	list = value_set(data, "items", value_list());
	value_push(list, value_string("one"));
	value_push(list, value_string("two"));
	add(m, "page", "<body>\n  {{>outer}}\n</body>\n", &d);
	add(m, "outer",
	    "<div>\n\t{{>inner}}\n{{body}}\n{{#items}}\n<p>{{.}}</p>\n{{/items}}\n</div>\n", &d);
	add(m, "inner", "<i>\n{{>leaf}} tail\n</i>\n", &d);
	add(m, "leaf", "L1\nL2", &d);
	got = render(m, "page", data, &rc);
	is_str(
	    got,
	    "<body>\n"
	    "  <div>\n"
	    "  \t<i>\n"
	    "  \tL1\n"
	    "L2 tail\n"
	    "  \t</i>\n"
	    "  b1\nb2\n"
	    "  <p>one</p>\n"
	    "  <p>two</p>\n"
	    "  </div>\n"
	    "</body>\n",
	    "nested standalone partials add up their indentation; inline ones and data get none");
	free(got);
	value_free(data);
	diag_release(&d);
	mustache_free(m);
}

struct job {
	const struct mustache *m;
	const struct value *data;
	int bad;
};

static void *render_many(void *arg)
{
	struct job *j = arg;
	struct buf out = BUF_INIT;
	int i;

	for (i = 0; i < 300; i++) {
		buf_reset(&out);
		if (mustache_render(&out, j->m, "page", j->data) < 0 ||
		    strcmp(out.ptr, "<ul>\n  <li>a &amp; b</li>\n  <li>c</li>\n</ul>\n") != 0)
			j->bad++;
	}
	buf_release(&out);
	return NULL;
}

static void test_threads(void)
{
	struct mustache *m = mustache_new();
	struct diag d = DIAG_INIT;
	struct value *data = value_map(), *list;
	struct job jobs[4];
	pthread_t th[4];
	int i, bad = 0;

	list = value_set(data, "items", value_list());
	value_push(list, value_string("a & b"));
	value_push(list, value_string("c"));
	add(m, "page", "<ul>\n{{#items}}\n  {{>li}}\n{{/items}}\n</ul>\n", &d);
	add(m, "li", "<li>{{.}}</li>\n", &d);
	for (i = 0; i < 4; i++) {
		jobs[i].m = m;
		jobs[i].data = data;
		jobs[i].bad = 0;
		pthread_create(&th[i], NULL, render_many, &jobs[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		bad += jobs[i].bad;
	}
	is_int(bad, 0, "four threads render one set at once with the same result");
	value_free(data);
	diag_release(&d);
	mustache_free(m);
}

int main(void)
{
	test_compile_errors();
	test_deep_nesting();
	test_check();
	test_recursion();
	test_escaping_and_values();
	test_indentation();
	test_threads();
	mustache_free(NULL);
	return tap_done();
}
