/* Unit tests for plaintext_render (plaintext.h): it must give the bytes of
 * cmark_render_plaintext (width 0), the reference, for every node it
 * renders, and decline (NULL) the nodes it does not.  Compared on every
 * block of the Markdown files named on the command line (plaintext.t: the
 * demo content and the fixtures; tests/bench corpora by hand) and on
 * constructed cases of each rule (lists, tightness, code blocks, tables,
 * headings, breaks). */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "plaintext.h"
#include "tap.h"

#define OPTIONS (CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8)

static cmark_node *parse(const char *md, size_t len)
{
	static const char *const exts[] = {"table", "strikethrough", "autolink"};
	cmark_parser *p = cmark_parser_new(OPTIONS);
	cmark_node *root;
	size_t i;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(exts[i]));
	cmark_parser_feed(p, md, len);
	root = cmark_parser_finish(p);
	cmark_parser_free(p);
	return root;
}

struct tally {
	size_t compared, declined, differ;
	char *want, *got; /* the first difference */
};

/* Compare the two renderings of node; record the first difference. */
static void compare(struct tally *t, cmark_node *node)
{
	char *got = plaintext_render(node), *want;

	if (!got) {
		t->declined++;
		return;
	}
	want = cmark_render_plaintext(node, OPTIONS, 0);
	t->compared++;
	if (strcmp(got, want) && t->differ++ == 0) {
		t->want = want;
		t->got = got;
		return;
	}
	free(want);
	free(got);
}

/* Compare the root and every block of the tree of md. */
static void compare_all(struct tally *t, const char *md, size_t len)
{
	cmark_node *root = parse(md, len);
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && (n == root || cmark_node_first_child(n) ||
						cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK))
			compare(t, n);
	}
	cmark_iter_free(it);
	cmark_node_free(root);
}

static void report(struct tally *t, const char *name)
{
	ok(t->differ == 0 && t->compared > 0, "%s: %zu nodes the same as cmark's (%zu declined)",
	   name, t->compared, t->declined);
	if (t->differ) {
		tap_diag_str("cmark", t->want);
		tap_diag_str("ours", t->got);
	}
	free(t->want);
	free(t->got);
}

static const char *const cases[][2] = {
    {"paragraphs", "一、总体要求\n第二行\n\n第二段  两个空格 `代码  span`。\n"},
    {"headings", "# 第一章 总则\n\n## 标题\n第二行 setext\n---\n\n### *强调* [链接](x)\n"},
    {"hard breaks", "第一行  \n第二行\\\n第三行\n"},
    {"entity newline", "前&#10;后\n\n- 项&#10;目\n"},
    {"bullet lists", "- 一\n- 二\n  - 二点一\n  - 二点二\n\n    续段\n- 三\n"},
    {"loose list", "- 一\n\n- 二\n\n  段落\n"},
    {"ordered lists", "1. 一\n2. 二\n   1) 甲\n   2) 乙\n3. 三\n"},
    {"numbers past 9", "8. a\n9. b\n10. c\n11. d\n\n98. x\n99. y\n100. z\n101. w\n"},
    {"list then code", "- a\n- b\n\n```\ncode\n```\n\n1. x\n\n<!-- c -->\n\n1. y\n"},
    {"code in items",
     "- ```\n  first\n  ```\n- text\n\n  ```\n  second\n\n  line\n  ```\n- ```\n  ```\n- x\n"},
    {"empty code in tight list", "- a\n  ```\n  ```\n- b\n  ```\n  ```\n  c\n"},
    {"indented code", "    indented\n      more\n\n段落\n"},
    {"block quotes", "> 引用\n> 第二行\n>\n> - 项\n\n> > 嵌套\n"},
    {"thematic break", "上\n\n***\n\n下\n"},
    {"html",
     "<div>\n块\n</div>\n\n行内 <b>粗</b> 文本 <!-- 注释 -->\n\n<!-- measure id=\"x\" -->\n"},
    {"links and images",
     "[文字](https://example.org \"t\") ![图](a.png) <https://example.org> www.example.org\n"},
    {"tables", "| 项目 | 金额 | 说明 |\n| :--- | ---: | :-: |\n| 补助 | 10万元 | *一次性* |\n| "
	       "奖励 |  | `x` |\n"},
    {"table without align", "a | b\n--- | ---\n1 | 2\n\n段落\n"},
    {"table in list", "- | a | b |\n  | - | - |\n  | 1 | 2 |\n- next\n"},
    {"deep nesting",
     "- a\n  - b\n    - c\n      1. d\n         > e\n         > - f\n\n           g\n"},
};

int main(int argc, char **argv)
{
	size_t i;
	int f;

	cmark_gfm_core_extensions_ensure_registered();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tally t = {0};
		compare_all(&t, cases[i][1], strlen(cases[i][1]));
		report(&t, cases[i][0]);
	}
	{
		const char *md = "~~删除~~ 文本\n";
		cmark_node *root = parse(md, strlen(md));
		char *s = plaintext_render(root);
		ok(s == NULL, "strikethrough is declined (the caller uses cmark's renderer)");
		free(s);
		cmark_node_free(root);
	}
	for (f = 1; f < argc; f++) {
		struct tally t = {0};
		struct buf text = BUF_INIT;
		FILE *fp = fopen(argv[f], "rb");
		char chunk[65536];
		size_t n;
		const char *body;

		while (fp && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			buf_put(&text, chunk, n);
		if (fp)
			fclose(fp);
		body = text.ptr;
		if (!strncmp(body, "---\n", 4) && strstr(body + 3, "\n---\n"))
			body = strstr(body + 3, "\n---\n") + 5; /* the front matter */
		compare_all(&t, body, strlen(body));
		report(&t, argv[f]);
		buf_release(&text);
	}
	return tap_done();
}
