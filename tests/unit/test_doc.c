/* Unit tests for doc.c: documents and compilations read from real files
 * in a temporary folder. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "tap.h"
#include "xalloc.h"

static char dir[] = "/tmp/huibian-doc-XXXXXX";

/* Write len bytes to dir/rel, creating rel's folder. */
static void put(const char *rel, const char *data, size_t len)
{
	char path[512];
	char *slash;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	slash = strrchr(path, '/');
	*slash = '\0';
	mkdir(path, 0755);
	*slash = '/';
	fp = fopen(path, "wb");
	if (!fp || fwrite(data, 1, len, fp) != len || fclose(fp) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

#define PUT(rel, lit) put(rel, lit, sizeof(lit) - 1)

/* Load dir/rel into *doc; the diag is reset first. */
static int load(struct doc **doc, const char *rel, struct diag *d)
{
	diag_release(d);
	*d = (struct diag)DIAG_INIT;
	return doc_load(doc, dir, rel, d);
}

/* Write lit as demo/bad.md, load it, and expect one error at dir/demo/bad.md:where
 * mentioning part. */
static void fails_n(const char *data, size_t len, const char *where, const char *part,
		    const char *name)
{
	struct diag d = DIAG_INIT;
	struct doc *doc = (struct doc *)1;
	char want[600];
	int r;

	put("demo/bad.md", data, len);
	r = load(&doc, "demo/bad.md", &d);
	snprintf(want, sizeof(want), "%s/demo/bad.md:%s: error: ", dir, where);
	ok(r == -1 && doc == NULL && d.errors >= 1 && !strncmp(d.text.ptr, want, strlen(want)) &&
	       strstr(d.text.ptr, part),
	   "%s: error at %s mentioning '%s'", name, where, part);
	if (r != -1 || strncmp(d.text.ptr, want, strlen(want)) || !strstr(d.text.ptr, part))
		tap_diag_str("got", d.text.ptr);
	doc_free(r == 0 ? doc : NULL);
	diag_release(&d);
}

#define FAILS(lit, where, part, name) fails_n(lit, sizeof(lit) - 1, where, part, name)

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static int list_is(const struct strlist *l, size_t n, const char *a, const char *b)
{
	return l->n == n && (n < 1 || !strcmp(l->v[0], a)) && (n < 2 || !strcmp(l->v[1], b));
}

static void split_tests(void)
{
	struct diag d = DIAG_INIT;
	const char *fm;
	size_t fm_len, body_off;
	int body_line, r;
	const char *t;

#define SPLIT(lit) doc_split(lit, sizeof(lit) - 1, "s.md", &fm, &fm_len, &body_off, &body_line, &d)
	t = "---\ntitle: a\n---\nbody\n";
	r = doc_split(t, strlen(t), "s.md", &fm, &fm_len, &body_off, &body_line, &d);
	ok(r == 1 && fm == t + 4 && fm_len == 9 && body_off == 17 && body_line == 4,
	   "split: front matter and body (r=%d fm_len=%zu body_off=%zu body_line=%d)", r, fm_len,
	   body_off, body_line);
	t = "---\ntitle: a\n...\nbody";
	r = doc_split(t, strlen(t), "s.md", &fm, &fm_len, &body_off, &body_line, &d);
	ok(r == 1 && fm_len == 9 && !strcmp(t + body_off, "body") && body_line == 4,
	   "split: '...' closes the front matter");
	t = "---   \ntitle: a\n---  \nbody";
	r = doc_split(t, strlen(t), "s.md", &fm, &fm_len, &body_off, &body_line, &d);
	ok(r == 1 && fm == t + 7 && fm_len == 9 && !strcmp(t + body_off, "body"),
	   "split: trailing spaces after the fences");
	t = "---\n---";
	r = doc_split(t, strlen(t), "s.md", &fm, &fm_len, &body_off, &body_line, &d);
	ok(r == 1 && fm_len == 0 && body_off == 7 && body_line == 3,
	   "split: empty front matter, no body, no final newline");
	t = "---\ntitle: a\n---";
	r = doc_split(t, strlen(t), "s.md", &fm, &fm_len, &body_off, &body_line, &d);
	ok(r == 1 && body_off == strlen(t), "split: closing fence on the last line");
	t = "---\na: |\n  ----\n  ---x\n---\nb";
	r = doc_split(t, strlen(t), "s.md", &fm, &fm_len, &body_off, &body_line, &d);
	ok(r == 1 && !strcmp(t + body_off, "b") && body_line == 6,
	   "split: '----' and '---x' and indented '---' do not close");
	ok(d.errors == 0, "split: no errors so far");
	ok(SPLIT("# 标题\n---\n") == 0 && body_off == 0 && body_line == 1,
	   "split: no front matter gives 0, body from the start");
	ok(SPLIT("----\ntitle: a\n----\n") == 0, "split: '----' is not a fence");
	ok(SPLIT(" ---\ntitle: a\n---\n") == 0, "split: an indented '---' is not a fence");
	ok(SPLIT("") == 0 && body_off == 0, "split: an empty file has no front matter");
	ok(d.errors == 0, "split: returning 0 reports nothing");
	ok(SPLIT("---") == -1 && d.errors == 1 && !strncmp(d.text.ptr, "s.md:1:1: error: ", 17),
	   "split: a file that is only '---' is not closed (s.md:1:1)");
	ok(SPLIT("---\n") == -1 && d.errors == 2, "split: '---\\n' alone is not closed");
	ok(SPLIT("---\ntitle: a\n-- -\nbody\n") == -1 && d.errors == 3,
	   "split: front matter without a closing fence");
	diag_release(&d);
}

static void compilation_tests(void)
{
	struct diag d = DIAG_INIT;
	struct compilation *c = NULL;
	char want[600];
	int r;

	mkdir(strcat(strcpy(want, dir), "/plain"), 0755);
	r = compilation_load(&c, dir, "plain", &d);
	ok(r == 0 && c && !strcmp(c->name, "plain") && !strcmp(c->title, "plain") &&
	       !strcmp(c->path, "plain/_index.md") && c->preface && !*c->preface &&
	       c->sections.n == 0 && !date_is_set(c->date) && !c->editor,
	   "compilation without _index.md: title is the folder name, empty preface");
	compilation_free(c);

	PUT("zz/_index.md",
	    "---\ntitle: 郑州市惠企政策汇编\neditor: 市政府办公室\ndate: 2025-01-15\n"
	    "sections: [一、综合政策, 二、产业发展]\nedits:\n  - x\n---\n"
	    "# 前言\n\n为便于查阅……\n");
	r = compilation_load(&c, dir, "zz", &d);
	ok(r == 0 && c && d.errors == 0, "compilation with _index.md loads");
	is_str(c ? c->title : NULL, "郑州市惠企政策汇编", "  title");
	is_str(c ? c->editor : NULL, "市政府办公室", "  editor");
	ok(c && c->date.y == 2025 && c->date.m == 1 && c->date.d == 15, "  date");
	ok(c && list_is(&c->sections, 2, "一、综合政策", "二、产业发展"), "  sections");
	is_str(c ? c->preface : NULL, "# 前言\n\n为便于查阅……\n", "  preface is the body");
	is_int(c ? c->preface_line : 0, 9, "  preface_line");
	compilation_free(c);

	PUT("np/_index.md", "本汇编收录……\n");
	r = compilation_load(&c, dir, "np", &d);
	ok(r == 0 && c && !strcmp(c->title, "np") && !strcmp(c->preface, "本汇编收录……\n") &&
	       c->preface_line == 1,
	   "_index.md without front matter: all preface, default title");
	compilation_free(c);

	PUT("et/_index.md", "---\ntitle: \"\"\n---\n");
	r = compilation_load(&c, dir, "et", &d);
	ok(r == 0 && c && !strcmp(c->title, "et"), "an empty title defaults to the folder name");
	compilation_free(c);

	PUT("bad/_index.md", "---\ntitle: 汇编\nauthor: 某某\n---\n");
	r = compilation_load(&c, dir, "bad", &d);
	snprintf(want, sizeof(want), "%s/bad/_index.md:3:1: error: ", dir);
	ok(r == -1 && !c && strstr(d.text.ptr, want) && strstr(d.text.ptr, "author"),
	   "_index.md with an unknown key: error at the key");
	PUT("bad2/_index.md", "---\ntitle: 汇编\ndate: 2025-02-30\n---\n");
	r = compilation_load(&c, dir, "bad2", &d);
	snprintf(want, sizeof(want), "%s/bad2/_index.md:3:7: error: ", dir);
	ok(r == -1 && !c && strstr(d.text.ptr, want), "_index.md with a bad date: at the value");
	compilation_free(NULL);
	diag_release(&d);
}

/* doc_release_body frees the Markdown of a document read from its file,
 * doc_body reads it again (the same text) or refuses a file changed since;
 * a document parsed from memory has no file to read again and keeps it. */
static void release_body_tests(void)
{
	struct diag d = DIAG_INIT;
	struct doc *doc = NULL, *mem = NULL;
	char want[600], *before;
	int r;

	PUT("rb/a.md", "---\ntitle: 甲\n---\n第一条　正文。\n\n第二条　另一段。\n");
	r = load(&doc, "rb/a.md", &d);
	ok(r == 0 && doc && doc->body, "rb/a.md loads");
	if (!doc)
		return;
	before = xstrdup(doc->body);
	ok(doc_release_body(doc) == 1 && !doc->body && doc->body_len == 0,
	   "doc_release_body frees the Markdown of a document read from its file");
	r = doc_body(doc, &d);
	ok(r == 0 && doc->body && !strcmp(doc->body, before) && doc->body_len == strlen(before),
	   "doc_body reads the same Markdown again");
	ok(doc_body(doc, &d) == 0 && !strcmp(doc->body, before), "doc_body again: a no-op");
	doc_release_body(doc);
	PUT("rb/a.md", "---\ntitle: 甲\n---\n第一条　改过的正文。\n");
	diag_release(&d);
	d = (struct diag)DIAG_INIT;
	r = doc_body(doc, &d);
	snprintf(want, sizeof(want), "%s/rb/a.md:1:1: error: the file changed", dir);
	ok(r == -1 && !doc->body && strstr(d.text.ptr, want),
	   "a file changed after the release: doc_body refuses it, path:line:col");
	doc_free(doc);

	free(before);
	r = doc_parse(&mem, "rb/m.md", "rb/m.md@1a2b3c4", "---\ntitle: 乙\n---\n正文。\n",
		      strlen("---\ntitle: 乙\n---\n正文。\n"), &d);
	ok(r == 0 && mem && doc_release_body(mem) == 0 && mem->body &&
	       !strcmp(mem->body, "正文。\n"),
	   "a document parsed from memory keeps its Markdown");
	doc_free(mem);
	diag_release(&d);
}

int main(void)
{
	struct diag d = DIAG_INIT;
	struct doc *doc = NULL;
	char want[600];
	int r;

	if (!mkdtemp(dir))
		skip_all("mkdtemp failed");
	split_tests();

	PUT("demo/full.md", "---\n"
			    "title: 关于印发《郑州市促进制造业高质量发展若干政策》的通知\n"
			    "number: 郑政〔2024〕12号\n"
			    "issuers: [郑州市人民政府, 郑州市财政局]\n"
			    "recipients: 各县（市、区）人民政府\n"
			    "signed: 2024-03-01\n"
			    "published: 2024-03-05\n"
			    "effective: 2024-04-01\n"
			    "expires: 2026-03-31\n"
			    "status: 已修改\n"
			    "level: 市\n"
			    "kind: 通知\n"
			    "topics:\n"
			    "  - 制造业\n"
			    "  - 资金补贴\n"
			    "section: 一、综合政策\n"
			    "order: 3\n"
			    "attachment: 附件1\n"
			    "source: https://example.org/a\n"
			    "supersedes: [郑政〔2020〕1号]\n"
			    "repeals: 郑政〔2019〕2号\n"
			    "amends: []\n"
			    "index_number: 0001-2024-0001\n"
			    "---\n"
			    "# 正文\n\n第一条 内容。\n");
	r = load(&doc, "demo/full.md", &d);
	ok(r == 0 && doc && d.errors == 0 && d.warnings == 0, "a full front matter loads cleanly");
	if (!doc) {
		tap_diag_str("got", d.text.ptr);
		return tap_done();
	}
	is_str(doc->path, "demo/full.md", "path");
	is_str(doc->slug, "demo/full", "slug");
	is_str(doc->compilation, "demo", "compilation");
	snprintf(want, sizeof(want), "%s/demo/full.md", dir);
	is_str(doc->file, want, "file");
	is_str(doc->title, "关于印发《郑州市促进制造业高质量发展若干政策》的通知", "title");
	is_str(doc->number, "郑政〔2024〕12号", "number");
	ok(list_is(&doc->issuers, 2, "郑州市人民政府", "郑州市财政局"), "issuers as a list");
	is_str(doc->recipients, "各县（市、区）人民政府", "recipients");
	ok(doc->signed_on.y == 2024 && doc->signed_on.m == 3 && doc->signed_on.d == 1, "signed");
	ok(doc->published.d == 5 && doc->effective.m == 4 && doc->expires.y == 2026 &&
	       doc->expires.d == 31,
	   "published, effective, expires");
	ok(doc->has_status && doc->status_given == STATUS_AMENDED, "status 已修改");
	is_str(doc->level, "市", "level");
	is_str(doc->kind, "通知", "kind");
	ok(list_is(&doc->topics, 2, "制造业", "资金补贴"), "topics as a block list");
	is_str(doc->section, "一、综合政策", "section");
	ok(doc->has_order && doc->order == 3, "order 3");
	is_str(doc->attachment, "附件1", "attachment");
	is_str(doc->source, "https://example.org/a", "source");
	ok(list_is(&doc->supersedes, 1, "郑政〔2020〕1号", NULL), "supersedes");
	ok(list_is(&doc->repeals, 1, "郑政〔2019〕2号", NULL), "repeals as one string");
	is_int(doc->amends.n, 0, "amends: [] is empty");
	is_str(doc->index_number, "0001-2024-0001", "index_number");
	is_int(doc->body_line, 25, "body_line is the line after the closing fence");
	is_str(doc->body, "# 正文\n\n第一条 内容。\n", "body");
	is_int(doc->body_len, strlen("# 正文\n\n第一条 内容。\n"), "body_len");
	ok(doc->front && doc->front->type == VALUE_MAP && value_get(doc->front, "order"),
	   "front keeps the parsed map");
	doc_free(doc);

	PUT("demo/one.md", "---\ntitle: 通知\nissuers: 河南省人民政府\norder: -2\n---\n");
	r = load(&doc, "demo/one.md", &d);
	ok(r == 0 && doc && list_is(&doc->issuers, 1, "河南省人民政府", NULL),
	   "issuers as a single string is a list of one");
	ok(doc && doc->has_order && doc->order == -2 && !doc->has_status, "order -2, no status");
	ok(doc && doc->body && doc->body_len == 0 && doc->body_line == 6, "an empty body");
	ok(doc && !date_is_set(doc->signed_on) && !doc->number && doc->topics.n == 0,
	   "absent keys stay unset");
	doc_free(doc);

	PUT("top.md", "---\ntitle: 顶层\n---\n正文");
	r = load(&doc, "top.md", &d);
	ok(r == 0 && doc && !strcmp(doc->slug, "top") && !strcmp(doc->compilation, ""),
	   "a document outside a folder: slug 'top', compilation ''");
	doc_free(doc);

	PUT("demo/nul.md", "---\ntitle: 通知\nnumber:\nstatus:\nissuers: ~\n---\n");
	r = load(&doc, "demo/nul.md", &d);
	ok(r == 0 && doc && !doc->number && !doc->has_status && doc->issuers.n == 0,
	   "null values leave fields unset");
	doc_free(doc);

	{
		static const char *const lv[] = {"国家", "省", "市", "区县"};
		size_t i;
		char text[200];
		for (i = 0; i < 4; i++) {
			snprintf(text, sizeof(text), "---\ntitle: t\nlevel: %s\n---\n", lv[i]);
			put("demo/lv.md", text, strlen(text));
			r = load(&doc, "demo/lv.md", &d);
			ok(r == 0 && doc && !strcmp(doc->level, lv[i]), "level %s accepted", lv[i]);
			doc_free(doc);
		}
	}

	PUT("demo/crlf.md", "\xEF\xBB\xBF---\r\ntitle: 通知\r\nissuers:\r\n  - 甲\r\n---\r\n"
			    "第一行\r\n第二行\r\n");
	r = load(&doc, "demo/crlf.md", &d);
	ok(r == 0 && doc && !strcmp(doc->title, "通知"), "BOM and CRLF: front matter found");
	ok(doc && !strcmp(doc->body, "第一行\n第二行\n") && doc->body_line == 6,
	   "CRLF normalised to LF in the body, body_line 6");
	ok(doc && list_is(&doc->issuers, 1, "甲", NULL), "CRLF inside YAML");
	doc_free(doc);

	/* errors, each at its exact position */
	FAILS("---\ntitle: a\ncolour: red\n---\n", "3:1", "unknown front matter key 'colour'",
	      "unknown key at the key");
	FAILS("---\ntitle: a\n  x: y\n---\n", "3:4", "YAML", "YAML syntax error, lines shifted");
	FAILS("---\ntitle: a\nissuers: 42\n---\n", "3:10", "issuers", "issuers as a number");
	FAILS("---\ntitle: a\nissuers:\n  甲: 乙\n---\n", "4:3", "issuers", "issuers as a map");
	FAILS("---\ntitle: a\nissuers: [甲, [乙]]\n---\n", "3:14", "issuers",
	      "issuers with a nested list, at the item");
	FAILS("---\ntitle: a\nissuers: [甲, \"\"]\n---\n", "3:14", "issuers",
	      "issuers with an empty item, at the item");
	FAILS("---\ntitle: a\norder: \"3\"\n---\n", "3:8", "whole number", "order quoted");
	FAILS("---\ntitle: a\norder: 3.5\n---\n", "3:8", "whole number", "order 3.5");
	FAILS("---\ntitle: a\norder: 1e300\n---\n", "3:8", "whole number", "order 1e300");
	FAILS("---\ntitle: [a, b]\n---\n", "2:8", "title", "title as a list");
	FAILS("---\ntitle:\n  a: b\n---\n", "3:3", "title", "title as a map");
	FAILS("---\ntitle: a\nsigned: 2024-02-30\n---\n", "3:9", "2024-02-30", "impossible date");
	FAILS("---\ntitle: a\neffective: 2024/02/03\n---\n", "3:12", "2024/02/03", "date shape");
	FAILS("---\ntitle: a\nexpires: \"2024-1-1\"\n---\n", "3:10", "2024-1-1",
	      "short date quoted");
	FAILS("---\ntitle: a\nstatus: 有效\n---\n", "3:9", "有效", "unknown status");
	FAILS("---\ntitle: a\nlevel: 县\n---\n", "3:8", "县", "unknown level");
	FAILS("---\nnumber: 豫政〔2024〕1号\n---\n正文\n", "1:1", "title", "missing title");
	FAILS("---\ntitle: \"\"\n---\n", "1:1", "title", "empty title");
	FAILS("---\n---\n正文\n", "1:1", "title", "empty front matter");
	FAILS("---\ntitle: a\n正文\n", "1:1", "not closed", "front matter not closed");
	FAILS("---", "1:1", "not closed", "a file that is only '---'");
	FAILS("# 标题\n\n正文\n", "1:1", "front matter", "no front matter");
	FAILS("", "1:1", "front matter", "an empty file");
	FAILS("---\n- a\n- b\n---\n", "2:1", "mapping", "front matter that is a list");
	FAILS("---\ntitle: a\ntitle: b\n---\n", "3:1", "duplicate", "duplicate key");
	FAILS("---\ntitle: 汇编\xff\n---\n", "2:10", "UTF-8",
	      "invalid UTF-8: column in characters");
	FAILS("---\ntitle: ok\n---\n\n第一条　汇编\xe6\xb1\n", "5:7", "UTF-8",
	      "truncated UTF-8 in the body");
	FAILS("\xEF\xBB\xBF汇\xC0\xAF", "1:2", "UTF-8",
	      "overlong after a BOM: the BOM is no column");
	FAILS("---\ntitle: a\xed\xa0\x80\n---\n", "2:9", "UTF-8", "a surrogate");
	FAILS("---\ntitle: a\0b\n---\n", "2:9", "NUL", "NUL byte");
	snprintf(want, sizeof(want), "%s/demo/none.md", dir);
	r = load(&doc, "demo/none.md", &d);
	ok(r == -1 && !doc && strstr(d.text.ptr, want) && strstr(d.text.ptr, "cannot read"),
	   "a missing file is reported");
	doc_free(NULL);

	compilation_tests();
	release_body_tests();
	diag_release(&d);
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
