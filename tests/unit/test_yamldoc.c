/* Unit tests for yamldoc.c: YAML to a value tree with positions. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "tap.h"
#include "value.h"
#include "yamldoc.h"

/* Parse text with path "f.yaml" and line_offset off; d is reset first. */
static struct value *load(const char *text, int off, struct diag *d)
{
	struct value *v = (struct value *)1;

	diag_release(d);
	*d = (struct diag)DIAG_INIT;
	if (yamldoc_parse(&v, text, strlen(text), "f.yaml", off, d) != 0) {
		if (v != NULL)
			printf("# *out not NULL after an error\n");
		return NULL;
	}
	return v;
}

/* Expect text to fail with a first message starting with where and
 * containing part. */
static void fails(const char *text, int off, const char *where, const char *part, const char *name)
{
	struct diag d = DIAG_INIT;
	struct value *v = load(text, off, &d);

	ok(!v && d.errors >= 1 && !strncmp(d.text.ptr, where, strlen(where)) &&
	       strstr(d.text.ptr, part),
	   "%s: error at %s mentioning '%s'", name, where, part);
	if (v || strncmp(d.text.ptr, where, strlen(where)))
		tap_diag_str("got", d.text.ptr);
	value_free(v);
	diag_release(&d);
}

static int type_str(const struct value *m, const char *key, enum value_type t, const char *str)
{
	const struct value *v = value_get(m, key);

	return v && v->type == t && (!str || (v->str && !strcmp(v->str, str)));
}

int main(void)
{
	struct diag d = DIAG_INIT;
	struct value *v, *x;
	struct buf b = BUF_INIT;
	int i;

	v = load("t: true\nf: false\nn: null\nt2: ~\ne:\nq: \"true\"\nsq: 'null'\n"
		 "i: 42\nneg: -3\nfl: 3.5\nexp: 1e3\ns: 汇编\ndate: 2024-07-25\n"
		 "zip: 0450\nver: 1.2.3\ninf: .inf\nnan: nan\nhex: 0x1F\nyes: yes\nTrue: True\n",
		 0, &d);
	ok(v && v->type == VALUE_MAP && v->n == 20, "a flat map loads with every key");
	ok(type_str(v, "t", VALUE_BOOL, "true") && value_get(v, "t")->boolean == 1,
	   "true is BOOL 1");
	ok(type_str(v, "f", VALUE_BOOL, "false") && value_get(v, "f")->boolean == 0,
	   "false is BOOL 0");
	ok(type_str(v, "n", VALUE_NULL, NULL), "null is NULL");
	ok(type_str(v, "t2", VALUE_NULL, NULL), "~ is NULL");
	ok(type_str(v, "e", VALUE_NULL, NULL), "an empty value is NULL");
	ok(type_str(v, "q", VALUE_STRING, "true"), "\"true\" quoted is a STRING");
	ok(type_str(v, "sq", VALUE_STRING, "null"), "'null' quoted is a STRING");
	ok(type_str(v, "i", VALUE_NUMBER, "42") && value_get(v, "i")->number == 42.0,
	   "42 is NUMBER with text '42'");
	ok(type_str(v, "neg", VALUE_NUMBER, "-3") && value_get(v, "neg")->number == -3.0, "-3");
	ok(type_str(v, "fl", VALUE_NUMBER, "3.5") && value_get(v, "fl")->number == 3.5, "3.5");
	ok(type_str(v, "exp", VALUE_NUMBER, "1e3") && value_get(v, "exp")->number == 1000.0,
	   "1e3 keeps its text");
	ok(type_str(v, "s", VALUE_STRING, "汇编"), "CJK text is a STRING");
	ok(type_str(v, "date", VALUE_STRING, "2024-07-25"), "a date is a STRING");
	ok(type_str(v, "zip", VALUE_NUMBER, "0450"), "0450 is a NUMBER keeping its leading zero");
	ok(type_str(v, "ver", VALUE_STRING, "1.2.3"), "1.2.3 is a STRING");
	ok(type_str(v, "inf", VALUE_STRING, ".inf"), ".inf is a STRING");
	ok(type_str(v, "nan", VALUE_STRING, "nan"), "nan is a STRING");
	ok(type_str(v, "hex", VALUE_STRING, "0x1F"), "0x1F is a STRING");
	ok(type_str(v, "yes", VALUE_STRING, "yes"), "yes is a STRING (YAML 1.2)");
	ok(type_str(v, "True", VALUE_STRING, "True"), "True is a STRING");
	x = value_get(v, "s");
	ok(x && x->line == 12 && x->col == 4, "position of a scalar value (12:4, got %d:%d)",
	   x ? x->line : 0, x ? x->col : 0);
	ok(v && v->keys && !strcmp(v->keys[11], "s") && v->key_line[11] == 12 &&
	       v->key_col[11] == 1,
	   "position of its key (12:1)");
	value_free(v);

	v = load("---\ntitle: 通知\nissuers:\n  - 省政府\n  - \"省发改委\"\ntags: [a, b]\n"
		 "meta:\n  k: v\n  inner: {x: 1}\n...\n",
		 1, &d);
	ok(v && v->type == VALUE_MAP, "--- and ... around the document are accepted");
	x = value_get(v, "issuers");
	ok(x && x->type == VALUE_LIST && x->n == 2 && !strcmp(x->items[0]->str, "省政府") &&
	       x->items[1]->type == VALUE_STRING,
	   "block list");
	ok(x && x->items[1]->line == 6 && x->items[1]->col == 5,
	   "list item position with line_offset 1 (6:5, got %d:%d)", x ? x->items[1]->line : 0,
	   x ? x->items[1]->col : 0);
	ok(x && x->line == 5 && x->col == 3,
	   "a block list starts at its first '-' (5:3, got %d:%d)", x ? x->line : 0,
	   x ? x->col : 0);
	x = value_get(v, "tags");
	ok(x && x->type == VALUE_LIST && x->n == 2 && !strcmp(x->items[1]->str, "b"), "flow list");
	x = value_get(v, "meta");
	ok(x && x->type == VALUE_MAP && value_get_str(x, "k") &&
	       !strcmp(value_get_str(x, "k"), "v"),
	   "nested map");
	x = value_get(x, "inner");
	ok(x && x->type == VALUE_MAP && type_str(x, "x", VALUE_NUMBER, "1"), "flow map");
	ok(v && v->key_line[1] == 4 && v->key_col[1] == 1,
	   "key 'issuers' at 4:1 with line_offset 1 (got %d:%d)", v ? v->key_line[1] : 0,
	   v ? v->key_col[1] : 0);
	value_free(v);

	v = load("", 0, &d);
	ok(v && v->type == VALUE_NULL && d.errors == 0, "an empty document is NULL");
	value_free(v);
	v = load("# only a comment\n", 0, &d);
	ok(v && v->type == VALUE_NULL, "a comment-only document is NULL");
	value_free(v);
	v = load("just text", 0, &d);
	ok(v && v->type == VALUE_STRING && !strcmp(v->str, "just text"), "a scalar document");
	value_free(v);
	v = load("{\"a\": [1, \"2\", true, null]}", 0, &d);
	x = value_get(v, "a");
	ok(x && x->n == 4 && x->items[0]->type == VALUE_NUMBER &&
	       x->items[1]->type == VALUE_STRING && x->items[2]->type == VALUE_BOOL &&
	       x->items[3]->type == VALUE_NULL,
	   "JSON loads with its types");
	value_free(v);
	v = load("a: &x 1\nb: 2\n", 0, &d);
	ok(v && type_str(v, "a", VALUE_NUMBER, "1"), "an anchor that no alias uses is harmless");
	value_free(v);
	v = load("a: !!str 12\n", 0, &d);
	ok(v && type_str(v, "a", VALUE_STRING, "12"), "a tagged scalar is a STRING");
	value_free(v);

	/* errors */
	fails("title: a\n  bad: [\n", 0, "f.yaml:2:", "YAML", "syntax error");
	fails("a: [1, 2\nb: 3\n", 4, "f.yaml:", "YAML", "unclosed flow list");
	fails("a: 1\nb: 2\na: 3\n", 0, "f.yaml:3:1:", "duplicate key", "duplicate key at the key");
	fails("a: 1\nb: 2\na: 3\n", 1, "f.yaml:4:1:", "duplicate key",
	      "duplicate key shifted by line_offset");
	fails("m:\n  x: 1\n  x: 2\n", 0, "f.yaml:3:3:", "duplicate key", "duplicate nested key");
	fails("a: &x [1, 2]\nb: *x\n", 0, "f.yaml:2:4:", "alias", "alias rejected at the alias");
	fails("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	      "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	      "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
	      "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n",
	      0, "f.yaml:2:8:", "alias", "an alias bomb stops at its first alias");
	fails("? [a, b]\n: 1\n", 0, "f.yaml:1:3:", "keys", "a non-scalar key");
	fails("a: 1\n---\nb: 2\n", 0, "f.yaml:2:1:", "more than one", "two documents");
	fails("a: 1\n...\n---\nb: 2\n", 0, "f.yaml:3:1:", "more than one",
	      "two documents after an explicit end");
	fails("a: 1\nb: \"\xff\"\n", 0, "f.yaml:", "UTF-8", "invalid UTF-8 is refused");
	fails("a: 1\nb: \"\xff\"\n", 0, "f.yaml:2:5:", "UTF-8", "invalid UTF-8 at the bad byte");
	fails("a: 1\nb: x\xc3\n", 0, "f.yaml:2:5:", "UTF-8", "truncated UTF-8 at the bad byte");

	/* depth: YAMLDOC_MAX_DEPTH levels inside the root are fine, more are not */
	for (i = 0; i < YAMLDOC_MAX_DEPTH; i++)
		buf_putc(&b, '[');
	buf_puts(&b, "1");
	for (i = 0; i < YAMLDOC_MAX_DEPTH; i++)
		buf_putc(&b, ']');
	v = load(b.ptr, 0, &d);
	ok(v && v->type == VALUE_LIST, "%d nested lists load", YAMLDOC_MAX_DEPTH);
	value_free(v);
	buf_reset(&b);
	for (i = 0; i < 10000; i++)
		buf_putc(&b, '[');
	for (i = 0; i < 10000; i++)
		buf_putc(&b, ']');
	v = load(b.ptr, 0, &d);
	ok(!v && d.errors == 1 && !strncmp(d.text.ptr, "f.yaml:1:66: ", 13) &&
	       strstr(d.text.ptr, "too deep"),
	   "10000 nested lists are refused at the first list too deep (1:66)");
	if (v || strncmp(d.text.ptr, "f.yaml:1:66: ", 13))
		tap_diag_str("got", d.text.ptr);
	value_free(v);
	buf_reset(&b);
	for (i = 0; i < YAMLDOC_MAX_DEPTH + 2; i++)
		buf_printf(&b, "%*sk:\n", i * 2, "");
	v = load(b.ptr, 0, &d);
	ok(!v && strstr(d.text.ptr, "f.yaml:") && strstr(d.text.ptr, "deep"),
	   "%d nested maps are refused as too deep", YAMLDOC_MAX_DEPTH + 2);
	buf_release(&b);
	diag_release(&d);
	return tap_done();
}
