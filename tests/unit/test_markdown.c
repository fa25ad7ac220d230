/* Unit tests for markdown.c: anchors, toc, safe HTML and measures. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "markdown.h"
#include "tap.h"
#include "xalloc.h"

/* The wrap callback: "<M id>" before a measure's blocks, "</M>" after. */
static void wrap(struct buf *open, struct buf *close, const struct doc *doc,
		 const struct measure *m, void *ctx)
{
	(void)doc;
	(*(int *)ctx)++;
	buf_printf(open, "<M %s>", m->id);
	buf_puts(close, "</M>");
}

/* A document "demo/a.md" whose body starts on file line 5. */
static struct doc *mkdoc(const char *body)
{
	struct doc *doc = xcalloc(1, sizeof(*doc));

	doc->path = xstrdup("demo/a.md");
	doc->file = xstrdup("content/demo/a.md");
	doc->body = xstrdup(body);
	doc->body_len = strlen(body);
	doc->body_line = 5;
	return doc;
}

/* Run markdown_doc on body (with the wrap callback unless nowrap); *rc gets
 * the result and d the messages (reset first). */
static struct doc *run(const char *body, int nowrap, int *rc, struct diag *d)
{
	struct doc *doc = mkdoc(body);
	int calls = 0;

	diag_release(d);
	*d = (struct diag)DIAG_INIT;
	*rc = markdown_doc(doc, nowrap ? NULL : wrap, &calls, d);
	if (!nowrap && *rc == 0 && calls != (int)doc->nmeasures)
		printf("# wrap called %d times for %zu measures\n", calls, doc->nmeasures);
	return doc;
}

static int has(const char *s, const char *part)
{
	return s && strstr(s, part) != NULL;
}

/* Does a come before b in s (both present)? */
static int before(const char *s, const char *a, const char *b)
{
	const char *pa = s ? strstr(s, a) : NULL, *pb = s ? strstr(s, b) : NULL;

	return pa && pb && pa < pb;
}

/* Expect body to fail with a message starting with where and containing
 * part. */
static void fails(const char *body, int nowrap, const char *where, const char *part,
		  const char *name)
{
	struct diag d = DIAG_INIT;
	int rc;
	struct doc *doc = run(body, nowrap, &rc, &d);

	ok(rc == -1 && d.errors >= 1 && !strncmp(d.text.ptr, where, strlen(where)) &&
	       has(d.text.ptr, part),
	   "%s: error at %s mentioning '%s'", name, where, part);
	if (rc != -1 || strncmp(d.text.ptr, where, strlen(where)))
		tap_diag_str("got", d.text.ptr);
	doc_free(doc);
	diag_release(&d);
}

static void anchors(void)
{
	static const struct {
		int level;
		const char *anchor, *text;
	} want[] = {
	    {1, "总则标题", "总则标题"},
	    {2, "ch-2", "第二章 保障措施"},
	    {3, "ch-2-sec-1", "第一节 一般规定"},
	    {4, "art-3", "第三条 内容"},
	    {2, "s-1", "一、总体要求"},
	    {3, "s-1-2", "（二）重点任务"},
	    {4, "s-1-2-3", "3. 细则"},
	    {2, "附则", "附则"},
	    {2, "附则-2", "附则"},
	    {3, "p-2", "（二）另一个"},
	    {2, "Q-A-常见-问题", "Q&A: 常见 问题!"},
	    {2, "h", "***"},
	    {2, "art-3-2", "第三条 重复"},
	};
	struct diag d = DIAG_INIT;
	struct doc *doc;
	size_t i, n = sizeof(want) / sizeof(want[0]);
	int rc;

	doc =
	    run("# 总则标题\n\n## 第二章 保障措施\n\n### 第一节 一般规定\n\n#### 第三条 内容\n\n"
		"## 一、总体要求\n\n### （二）重点任务\n\n#### 3. 细则\n\n## 附则\n\n附则\n---\n\n"
		"### （二）另一个\n\n## Q&A: 常见 问题!\n\n## \\*\\*\\*\n\n## 第三条 重复\n",
		0, &rc, &d);
	ok(rc == 0 && d.errors == 0, "a document of headings renders");
	is_int(doc->ntoc, n, "every heading is in the toc");
	for (i = 0; i < n && i < doc->ntoc; i++) {
		ok(doc->toc[i].level == want[i].level, "toc %zu level %d", i, want[i].level);
		is_str(doc->toc[i].anchor, want[i].anchor, "toc %zu anchor", i);
		is_str(doc->toc[i].text, want[i].text, "toc %zu text", i);
	}
	ok(has(doc->html, "<h2 id=\"ch-2\">") && has(doc->html, "<h4 id=\"art-3\">") &&
	       has(doc->html, "<h4 id=\"s-1-2-3\">") && has(doc->html, "<h2 id=\"附则-2\">"),
	   "html headings carry their anchors as ids");
	ok(has(doc->html, "href=\"#%E9%99%84%E5%88%99-2\""), "the anchor link is URL-encoded");
	ok(has(doc->html, "Q&amp;A: 常见 问题!"), "heading text is escaped");
	ok(doc->html && !has(doc->html, "<h2>") && !has(doc->html, "<h1>"),
	   "no heading is left without an id");
	doc_free(doc);

	doc = run("## 这是一个非常非常长的标题用来测试锚点的长度限制是否生效以及截断以后的结果\n",
		  1, &rc, &d);
	ok(rc == 0 && doc->ntoc == 1 && doc->html == NULL, "wrap NULL: no html, toc filled");
	is_str(doc->toc[0].anchor, "这是一个非常非常长的标题用来测试锚点的长度限制是",
	       "a text anchor keeps 24 characters");
	doc_free(doc);
	diag_release(&d);
}

static void safety(void)
{
	struct diag d = DIAG_INIT;
	struct doc *doc;
	int rc;

	doc = run("段落 <script>alert(1)</script> **粗体**和[链接](https://x.org/a?b=1&c=2)。\n\n"
		  "<div onclick=\"x()\">raw</div>\n\n"
		  "[点我](javascript:alert(1)) [v](VBScript:x) ![i](javascript:y)\n\n"
		  "| 项目 | 金额 |\n|---|---|\n| 补贴 | 500 |\n\n~~删除~~ www.example.org\n",
		  0, &rc, &d);
	ok(rc == 0, "a document with raw HTML renders");
	ok(doc->html && !has(doc->html, "<script") && !has(doc->html, "onclick") &&
	       !has(doc->html, "<div onclick"),
	   "raw HTML and <script> are not passed through");
	ok(doc->html && !has(doc->html, "javascript:") && !has(doc->html, "VBScript"),
	   "javascript: and vbscript: links are dropped");
	ok(has(doc->html, "<a href=\"https://x.org/a?b=1&amp;c=2\">链接</a>"),
	   "an ordinary link is kept, escaped");
	ok(has(doc->html, "<div class=\"table-wrap\"><table>") &&
	       has(doc->html, "</table></div>") && has(doc->html, "<td>补贴</td>"),
	   "tables are wrapped in <div class=\"table-wrap\">");
	ok(has(doc->html, "<del>删除</del>"), "strikethrough extension");
	ok(has(doc->html, "href=\"http://www.example.org\""), "autolink extension");
	ok(has(doc->plain, "粗体和链接。") && !has(doc->plain, "**") && !has(doc->plain, "https"),
	   "plain text has no markup");
	doc_free(doc);
	diag_release(&d);
}

static void measures(void)
{
	struct diag d = DIAG_INIT;
	struct doc *doc;
	const struct measure *m;
	int rc;

	doc = run("## 第三条 资金支持\n"
		  "<!-- measure topics=\"资金补贴\" id=\"fund\" -->\n"
		  "\n"
		  "对符合条件的企业给予补贴。最高500万元。\n"
		  "<!-- measure amount=\"最高500万元\" mode=\"免申即享\" -->\n"
		  "\n"
		  "（一）第二段。其他。\n"
		  "<!-- measure depts=\"市财政局\" -->\n"
		  "\n"
		  "- 列表一\n"
		  "- 列表二\n"
		  "\n"
		  "<!-- measure topics=\"人才\" -->\n"
		  "\n"
		  "## 第四条 其他\n"
		  "\n"
		  "正文。\n"
		  "\n"
		  "- 项目\n"
		  "\n"
		  "  <!-- measure topics=\"内\" -->\n",
		  0, &rc, &d);
	ok(rc == 0 && d.errors == 0, "a document with measures renders");
	if (d.errors)
		tap_diag_str("got", d.text.ptr);
	is_int(doc->nmeasures, 5, "five measures");
	if (doc->nmeasures != 5) {
		doc_free(doc);
		return;
	}
	m = &doc->measures[0];
	is_str(m->id, "fund", "explicit id");
	ok(m->line == 6 && m->col == 1,
	   "measure position is the comment's file line (6:1, got %d:%d)", m->line, m->col);
	ok(m->topics.n == 1 && !strcmp(m->topics.v[0], "资金补贴"), "its topics");
	ok(has(m->text, "第三条 资金支持") && has(m->text, "对符合条件的企业") &&
	       has(m->text, "列表二") && !has(m->text, "正文"),
	   "a heading measure covers its section up to the next heading of its level");
	is_str(m->summary, "第三条 资金支持", "its summary is the first line");
	m = &doc->measures[1];
	is_str(m->id, "m-art-3", "default id of a paragraph under 第三条");
	is_str(m->text, "对符合条件的企业给予补贴。最高500万元。", "paragraph measure text");
	is_str(m->summary, "对符合条件的企业给予补贴。", "summary is the first sentence");
	is_str(m->mode, "免申即享", "its mode");
	ok(m->line == 9, "its line (9, got %d)", m->line);
	m = &doc->measures[2];
	is_str(m->id, "m-art-3-1", "default id of a numbered paragraph: m-art-3-1");
	is_str(m->summary, "（一）第二段。", "its summary");
	m = &doc->measures[3];
	is_str(m->id, "m-art-3-2", "a second unnumbered measure under 第三条 is made unique");
	ok(has(m->text, "列表一") && has(m->text, "列表二") && !has(m->text, "（一）"),
	   "a list measure covers the list");
	m = &doc->measures[4];
	is_str(m->id, "m-art-4", "a measure inside a list item");
	ok(m->col == 3 && m->line == 25 && !strcmp(m->text, "项目"),
	   "  at 25:3, annotating the item's paragraph (got %d:%d '%s')", m->line, m->col, m->text);

	ok(has(doc->html, "<M fund>\n<h2 id=\"art-3\">"),
	   "the heading measure opens before the heading");
	ok(has(doc->html, "<M m-art-3>\n<p>对符合条件"),
	   "the paragraph measure wraps its paragraph");
	ok(has(doc->html, "<M m-art-3-2>\n<ul>"), "the list measure wraps the list");
	ok(has(doc->html, "</ul>\n</M>\n</M>\n<h2 id=\"art-4\">"),
	   "the nested measure and the heading measure close before 第四条");
	ok(before(doc->html, "<M fund>", "<M m-art-3>") &&
	       before(doc->html, "<M m-art-3-1>", "<M m-art-3-2>"),
	   "wrappers in document order");
	ok(has(doc->html, "<li>\n<M m-art-4>\n<p>项目</p>\n</M>\n</li>"),
	   "the list item measure wraps the item's paragraph");
	ok(!has(doc->html, "measure") && !has(doc->html, "raw HTML omitted"),
	   "measure comments leave no trace in the html");
	ok(!has(doc->plain, "measure") && has(doc->plain, "第四条 其他"), "nor in the plain text");
	doc_free(doc);

	doc = run("开头没有标题。\n<!-- measure -->\n", 0, &rc, &d);
	ok(rc == 0 && doc->nmeasures == 1 && !strcmp(doc->measures[0].id, "m-top"),
	   "a measure before any heading: m-top");
	doc_free(doc);

	doc = run("## "
		  "标题\n\n一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六"
		  "七八九十"
		  "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
		  "一二三四五六七八九十\n<!-- measure -->\n",
		  0, &rc, &d);
	ok(rc == 0 && doc->nmeasures == 1, "a long sentence");
	ok(doc->nmeasures == 1 && strlen(doc->measures[0].summary) == 80 * 3 + 3 &&
	       has(doc->measures[0].summary, "…"),
	   "  is cut to 80 characters and …");
	ok(doc->nmeasures == 1 && !strcmp(doc->measures[0].id, "m-标题"),
	   "  id from a text anchor");
	doc_free(doc);

	doc = run("段落一。\n<!-- measure id=\"x\" -->\n\n段落二。\n<!-- measure id=\"y\" -->\n", 1,
		  &rc, &d);
	ok(rc == 0 && doc->nmeasures == 2 && doc->html == NULL, "measures without wrap");
	doc_free(doc);
	diag_release(&d);
}

static void errors(void)
{
	fails("<!-- measure topics=\"a\" -->\n\n正文。\n", 0,
	      "content/demo/a.md:5:1: error: ", "must follow", "a comment as the first block");
	fails("# 标题\n\n<!-- note -->\n<!-- measure topics=\"a\" -->\n", 0,
	      "content/demo/a.md:8:1: error: ", "must follow",
	      "a comment after another HTML block");
	fails("段落。\n<!-- measure topics=\"a\" -->\n<!-- measure topics=\"b\" -->\n", 0,
	      "content/demo/a.md:7:1: error: ", "must follow", "two comments in a row (with wrap)");
	fails("段落。\n<!-- measure topics=\"a\" -->\n<!-- measure topics=\"b\" -->\n", 1,
	      "content/demo/a.md:7:1: error: ", "must follow",
	      "two comments in a row (without wrap)");
	fails("段落一。\n<!-- measure id=\"x\" -->\n\n段落二。\n<!-- measure id=\"x\" -->\n", 0,
	      "content/demo/a.md:9:1: error: ", "duplicate measure id 'x'", "duplicate ids");
	fails("## 第三条\n\n段落。\n<!-- measure id=\"art-3\" -->\n", 0,
	      "content/demo/a.md:8:1: error: ", "duplicate measure id",
	      "an id equal to a heading anchor");
	fails("段落。\n\n正文 <!-- measure topics=\"a\" --> 内容。\n", 0,
	      "content/demo/a.md:7:", "line of its own", "an inline comment inside a paragraph");
	fails("段落。\n\n正文 <!-- measure topics=\"a\" --> 内容。\n", 0,
	      "content/demo/a.md:7:4: ", "line of its own",
	      "an inline comment: column in characters");
	fails("段落。\n<!-- measure colour=\"red\" -->\n", 0,
	      "content/demo/a.md:6:14: error: ", "colour", "a bad key: at the key, in file lines");
	fails("段落。\n<!--\nmeasure\n  mode=\"x\" -->\n", 0,
	      "content/demo/a.md:8:9: error: ", "mode",
	      "a bad value on a later line of the comment");
}

static void preface(void)
{
	char *html = NULL;
	const char *md = "# 前言\n\n## 一、说明\n\n| a |\n|---|\n| 1 |\n\n<script>x()</script>\n\n"
			 "本汇编<b>收录</b>。\n";

	markdown_html(&html, md, strlen(md));
	ok(has(html, "<h1 id=\"前言\">") && has(html, "<h2 id=\"s-1\">"),
	   "preface headings get anchors");
	ok(has(html, "<div class=\"table-wrap\"><table>"), "preface tables are wrapped");
	ok(html && !has(html, "<script") && !has(html, "<b>"),
	   "preface raw HTML is not passed through");
	ok(has(html, "本汇编"), "preface text");
	free(html);
	markdown_html(&html, "", 0);
	ok(html && !*html, "an empty preface gives empty html");
	free(html);
}

int main(void)
{
	markdown_init();
	anchors();
	safety();
	measures();
	errors();
	preface();
	return tap_done();
}
