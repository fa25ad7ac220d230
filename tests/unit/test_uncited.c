/* Unit tests for markdown_uncited (markdown.h) and borrowed strings
 * (value.h): the version pages of a document reuse the site's rendering
 * with the citation links taken out, so that must equal what markdown_doc
 * makes of the same text without a site. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "markdown.h"
#include "site.h"
#include "tap.h"
#include "value.h"
#include "xalloc.h"

static const char body[] =
    "---\ntitle: 关于落实豫政办〔2024〕40号的通知\nnumber: 豫政办〔2024〕41号\n---\n"
    "# 一、总体要求\n\n"
    "根据豫政办〔2024〕40号和《加快推动物流体系建设若干措施的通知》，见 "
    "https://www.example.gov.cn/a 和[说明](https://example.org/b \"标题\")。\n\n"
    "<!-- measure topics=\"物流\" -->\n\n"
    "| 项目 | 依据 |\n| --- | --- |\n| 补助 | 豫政办[2024]40号 |\n";

static struct doc *parse(const char *path, const char *text)
{
	struct diag d = DIAG_INIT;
	struct doc *doc = NULL;

	if (doc_parse(&doc, path, path, text, strlen(text), &d) < 0)
		doc = NULL;
	diag_release(&d);
	return doc;
}

static void wrap(struct buf *open, struct buf *close, const struct doc *doc,
		 const struct measure *m, void *ctx)
{
	(void)doc;
	(void)ctx;
	buf_printf(open, "<div class=\"measure\" id=\"%s\">", m->id);
	buf_puts(close, "</div>");
}

int main(void)
{
	struct site *s = xcalloc(1, sizeof(*s));
	struct diag d = DIAG_INIT;
	struct doc *a, *b, *plain;
	struct buf out = BUF_INIT;
	struct value *v, *c;
	char *text = xstrdup("借来的");

	markdown_init();
	s->content_dir = xstrdup("content");
	a = parse("demo/a.md", "---\ntitle: 加快推动物流体系建设若干措施的通知\n"
			       "number: 豫政办〔2024〕40号\n---\n正文。\n");
	b = parse("demo/b.md", body);
	plain = parse("demo/b.md", body);
	ok(a && b && plain, "documents parsed");
	site_add_doc(s, a);
	site_add_doc(s, b);
	is_int(site_link(s, &d), 0, "site linked");
	is_int(markdown_doc_site(b, wrap, NULL, s, &d), 0, "rendered with the site");
	is_int(markdown_doc(plain, wrap, NULL, &d), 0, "rendered without a site");
	ok(b->ncites == 1, "one document cited");
	is_int((int)b->ncite_tags, 6, "three citation links: six tags recorded");
	ok(strstr(b->html,
		  "<a href=\"../../demo/a/index.html\" title=\"加快推动物流体系建设若干措施的"
		  "通知\">豫政办〔2024〕40号</a>") != NULL,
	   "a citation is a link with the cited title");
	ok(strchr(b->html, '\xFF') == NULL, "no mark is left in the html");
	ok(strstr(b->html, "<a href=\"https://example.org/b\" title=\"标题\">") != NULL,
	   "a link of the text keeps its title");
	markdown_uncited(&out, b);
	is_str(out.ptr, plain->html, "without the citation links: markdown_doc's html");
	ok(strstr(out.ptr, "https://www.example.gov.cn/a</a>") != NULL, "autolinks stay");

	v = value_map();
	value_set(v, "t", value_string_borrow(text, strlen(text)));
	c = value_copy(v);
	value_free(v); /* must not free text */
	is_str(text, "借来的", "a borrowed string outlives its value");
	is_str(value_get_str(c, "t"), "借来的", "a copy has the string");
	ok(value_get(c, "t")->str != text, "a copy owns its own copy");
	value_free(c);

	free(text);
	buf_release(&out);
	doc_free(plain);
	site_free(s);
	diag_release(&d);
	return tap_done();
}
