/* Unit tests for cite.c: 发文字号 in its usual spellings and 《title》
 * citations are found, and only when they name a document of the site. */
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "diag.h"
#include "doc.h"
#include "site.h"
#include "tap.h"
#include "xalloc.h"

static struct doc *add(struct site *s, const char *path, const char *fm)
{
	struct diag d = DIAG_INIT;
	struct doc *doc = NULL;
	char *text = xmalloc(strlen(fm) + 64);

	sprintf(text, "---\n%s---\n正文。\n", fm);
	if (doc_parse(&doc, path, path, text, strlen(text), &d) == 0)
		site_add_doc(s, doc);
	free(text);
	diag_release(&d);
	return doc;
}

/* The citation found in text, as "<cited text>→<slug>", or "" (static). */
static const char *find(const struct site *s, const struct doc *self, const char *text)
{
	static char out[512];
	struct cite c;

	out[0] = '\0';
	if (cite_next(&c, s, self, text, strlen(text)))
		snprintf(out, sizeof(out), "%.*s→%s", (int)c.len, text + c.start, c.doc->slug);
	return out;
}

int main(void)
{
	struct site *s = xcalloc(1, sizeof(*s));
	struct diag d = DIAG_INIT;
	struct doc *a, *b;

	s->content_dir = xstrdup("content");
	a = add(s, "demo/a.md",
		"title: 加快推动物流体系建设若干措施的通知\nnumber: 豫政办〔2024〕40号\n"
		"attachment: 加快推动物流体系建设若干措施\n");
	b = add(s, "demo/b.md",
		"title: 《河南省职业技能竞赛管理办法》\nnumber: 豫政办〔2024〕42号\n");
	ok(a && b, "two documents parsed");
	is_int(site_link(s, &d), 0, "site linked");

	is_str(find(s, b, "根据豫政办〔2024〕40号文件"), "豫政办〔2024〕40号→demo/a",
	       "〔〕 spelling, the longest prefix that names a document");
	is_str(find(s, b, "依据豫政办[2024]40号。"), "豫政办[2024]40号→demo/a", "[] spelling");
	is_str(find(s, b, "见豫政办〔2024〕40 号"), "豫政办〔2024〕40 号→demo/a",
	       "a space before 号");
	is_str(find(s, b, "按豫政办（２０２４）４０号执行"), "豫政办（２０２４）４０号→demo/a",
	       "full-width brackets and digits");
	is_str(find(s, b, "参照豫政办〔2024〕41号"), "",
	       "a number not in the site is not a citation");
	is_str(find(s, a, "本通知即豫政办〔2024〕40号"), "", "a document does not cite itself");
	is_str(find(s, a, "印发《加快推动物流体系建设若干措施》"), "",
	       "the attachment title names the document itself");
	is_str(find(s, b, "印发《加快推动物流体系建设若干措施》"),
	       "《加快推动物流体系建设若干措施》→demo/a", "《title》 of the transmitted text");
	is_str(find(s, a, "按照《河南省职业技能竞赛管理办法》"),
	       "《河南省职业技能竞赛管理办法》→demo/b",
	       "a title printed inside 《》 is cited without them");
	is_str(find(s, a, "《不存在的办法》"), "", "an unknown title is not a citation");
	is_str(find(s, a, "〔2024〕40号"), "", "a number without its prefix is not a citation");
	is_str(find(s, a, "《未闭合"), "", "an unclosed 《 is harmless");
	site_free(s);
	diag_release(&d);
	return tap_done();
}
