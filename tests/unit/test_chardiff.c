/* Unit tests for chardiff.c: paragraph alignment, character diffs,
 * normalisation, HTML and the metadata diff. */
#include <stdlib.h>
#include <string.h>

#include "chardiff.h"
#include "yamldoc.h"
#include "tap.h"

/* The diff of two strings, or NULL. */
static struct chardiff *diff(const char *a, const char *b)
{
	struct chardiff *d = NULL;

	if (chardiff_compute(&d, a, strlen(a), b, strlen(b)) < 0)
		return NULL;
	return d;
}

/* Spans of paragraph i as "=text|-text|+text" in a static-free buffer. */
static char *spans(const struct chardiff *d, size_t i)
{
	struct buf b = BUF_INIT;
	size_t k;

	if (!d || i >= d->n)
		return buf_detach(&b, NULL);
	for (k = 0; k < d->paras[i].nspans; k++) {
		const struct chardiff_span *s = &d->paras[i].spans[k];
		if (k)
			buf_putc(&b, '|');
		buf_putc(&b, s->op);
		buf_put(&b, s->text, s->len);
	}
	return buf_detach(&b, NULL);
}

/* Kinds of all paragraphs as a string of S/C/A/R (m suffix when moved). */
static char *kinds(const struct chardiff *d)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; d && i < d->n; i++) {
		buf_putc(&b, "SCAR"[d->paras[i].kind]);
		if (d->paras[i].moved)
			buf_putc(&b, 'm');
	}
	return buf_detach(&b, NULL);
}

/* Label of paragraph i, "(none)" when absent, so a test fails instead of crashing. */
static const char *lab(const struct chardiff *d, size_t i)
{
	return d && i < d->n && d->paras[i].label ? d->paras[i].label : "(none)";
}

#define CHECK(a, b, want_kinds, want_changes, name)                                                \
	do {                                                                                       \
		struct chardiff *d_ = diff(a, b);                                                  \
		char *k_ = kinds(d_);                                                              \
		is_str(k_, want_kinds, "%s: paragraph kinds", name);                               \
		is_int(d_ ? d_->changes : -1, want_changes, "%s: change count", name);             \
		free(k_);                                                                          \
		chardiff_free(d_);                                                                 \
	} while (0)

#define SPANS(a, b, i, want, name)                                                                 \
	do {                                                                                       \
		struct chardiff *d_ = diff(a, b);                                                  \
		char *s_ = spans(d_, i);                                                           \
		is_str(s_, want, "%s: spans", name);                                               \
		free(s_);                                                                          \
		chardiff_free(d_);                                                                 \
	} while (0)

static void test_inside_paragraph(void)
{
	const char *old =
	    "第一条 总则。\n\n第二条 市人民政府负责本办法的组织实施。\n\n第三条 附则。\n";

	CHECK(old, old, "SSS", 0, "identical");
	SPANS(old,
	      "第一条 总则。\n\n第二条 市人民政府及其有关部门负责本办法的组织实施。\n\n第三条 "
	      "附则。\n",
	      1, "=第二条 市人民政府|+及其有关部门|=负责本办法的组织实施。", "insert");
	SPANS(old, "第一条 总则。\n\n第二条 市人民政府负责组织实施。\n\n第三条 附则。\n", 1,
	      "=第二条 市人民政府负责|-本办法的|=组织实施。", "delete");
	SPANS(old, "第一条 总则。\n\n第二条 区人民政府负责本办法的组织实施。\n\n第三条 附则。\n", 1,
	      "=第二条 |-市|+区|=人民政府负责本办法的组织实施。", "replace one character");
	SPANS("甲方应当在三十日内书面通知乙方。", "甲方应当在十五个工作日内书面通知乙方。", 0,
	      "=甲方应当在|-三十|+十五个工作|=日内书面通知乙方。", "replace a phrase");
	CHECK(old, "第一条 总则。\n\n第二条 区人民政府负责本办法的组织实施。\n\n第三条 附则。\n",
	      "SCS", 1, "replace: one changed paragraph");
}

static void test_paragraphs(void)
{
	const char *old = "第一条 为了规范管理，制定本办法。\n\n第二条 本办法适用于本市。\n\n"
			  "第三条 本办法自公布之日起施行。\n";
	struct chardiff *d;

	CHECK(old,
	      "第一条 为了规范管理，制定本办法。\n\n第二条 本办法适用于本市。\n\n"
	      "市财政部门负责经费保障。\n\n第三条 本办法自公布之日起施行。\n",
	      "SSAS", 1, "paragraph added");
	CHECK(old, "第一条 为了规范管理，制定本办法。\n\n第三条 本办法自公布之日起施行。\n", "SRS",
	      1, "paragraph removed");
	d = diff(old, "第一条 为了规范管理，制定本办法。\n\n第三条 本办法自公布之日起施行。\n");
	ok(d && d->n == 3 && d->paras[1].old_text && !d->paras[1].new_text &&
	       strcmp(d->paras[1].old_text, "第二条 本办法适用于本市。") == 0 &&
	       d->paras[1].old_index == 1 && d->paras[1].new_index == -1,
	   "removed paragraph keeps its old text and index, at its old place");
	chardiff_free(d);
	CHECK("甲段落的内容比较长一些。\n\n乙段落讲的是另一件事情。\n\n丙段落是最后的说明文字。\n",
	      "乙段落讲的是另一件事情。\n\n丙段落是最后的说明文字。\n\n甲段落的内容比较长一些。\n",
	      "SSSm", 1, "paragraph moved: paired, flagged moved");
	CHECK("", "", "", 0, "empty inputs");
	CHECK("", "第一条 新增。\n", "A", 1, "empty old: all added");
	CHECK("第一条 删除。\n\n\n", "", "R", 1, "empty new: all removed");
	CHECK("\n\n   \n\t\n", "", "", 0, "blank-only input has no paragraphs");
}

static void test_normalisation(void)
{
	CHECK("ＡＢＣ１２３", "ABC123", "S", 0, "full-width letters and digits are no change");
	CHECK("甲，乙：丙（丁）", "甲,乙:丙(丁)", "S", 0,
	      "NFKC: full-width comma, colon, parentheses are no change");
	CHECK("第二条　本办法适用于本市。", "第二条 本办法 适用于本市。 ", "S", 0,
	      "white space (U+3000, spaces) is no change");
	CHECK("第四条 市、区县（市）人民政府应当加强组织领导，强化监督检查，落\n实保障措施。",
	      "第四条 市、区县（市）人民政府应当加强组织领导，\n强化监督检查，落实保障措施。", "S",
	      0, "line re-wrapping inside a paragraph is no change");
	CHECK("甲乙\u200b丙", "甲乙丙", "S", 0, "zero-width space is no change");
	CHECK("caf\xc3\xa9", "cafe\xcc\x81", "S", 0, "precomposed and combining accents are equal");
	CHECK("甲方，乙方和丙方共同负责本办法的实施。", "甲方、乙方和丙方共同负责本办法的实施。",
	      "C", 1, "，and 、 are different characters");
	SPANS("数量为１２３件。", "数量为124件。", 0, "=数量为12|-３|+4|=件。",
	      "full-width text: spans show the text as written");
}

static void test_renumbered(void)
{
	const char *old =
	    "第二条 本办法适用于本市行政区域。\n\n第三条 市人民政府负责组织实施本办法。\n";
	const char *new =
	    "第二条 本办法适用于本市行政区域。\n\n第三条 市公安机关负责辅警管理工作。\n\n"
	    "第四条 市人民政府负责组织实施本办法。\n";
	struct chardiff *d = diff(old, new);
	char *k = kinds(d);

	is_str(k, "SAC", "renumbered: new 第三条 added, old 第三条 paired with 第四条");
	free(k);
	if (d && d->n == 3) {
		is_str(d->paras[2].label, "第四条", "renumbered: label as written");
		is_str(d->paras[2].old_label, "第三条", "renumbered: old label kept");
		ok(d->paras[2].old_index == 1 && d->paras[2].new_index == 2, "renumbered: indexes");
		ok(strcmp(lab(d, 1), "第三条") == 0 && !d->paras[1].old_label,
		   "added article has its label");
	} else {
		ok(0, "renumbered: three paragraphs");
	}
	chardiff_free(d);
	SPANS(old, new, 2, "=第|-三|+四|=条 市人民政府负责组织实施本办法。",
	      "renumbered: label change shown");
	d = diff("## 第一章 总则\n\n一、加强领导。\n\n（一）健全机制，明确责任。\n",
		 "## 第一章 总则\n\n一、加强组织领导。\n\n（一）健全工作机制，明确责任。\n");
	ok(d && d->n == 3 && strcmp(lab(d, 0), "第一章") == 0 && strcmp(lab(d, 1), "一、") == 0 &&
	       strcmp(lab(d, 2), "（一）") == 0,
	   "labels 第一章 (in a heading), 一、, （一）");
	chardiff_free(d);
	d = diff("**第十二条** 甲。\n\n1. 乙\n\n2、丙\n\n(3) 丁\n\n1.5 不是编号\n", "");
	ok(d && d->n == 5 && strcmp(lab(d, 0), "第十二条") == 0 && strcmp(lab(d, 1), "1.") == 0 &&
	       strcmp(lab(d, 2), "2、") == 0 && strcmp(lab(d, 3), "(3)") == 0 &&
	       d->paras[4].label == NULL,
	   "labels after bold markup, 1. 2、 (3); 1.5 is not a label");
	chardiff_free(d);
}

static void test_alignment(void)
{
	/* Same label, small edit: paired even though other paragraphs move. */
	CHECK("第五条 甲乙丙丁戊己庚辛。\n\n第六条 子丑寅卯辰巳午未。\n",
	      "第六条 子丑寅卯辰巳午未申。\n\n第五条 甲乙丙丁戊己庚辛。\n", "CmS", 1,
	      "two articles swapped, one edited: both paired, one flagged moved");
	CHECK("完全不同的一段话。\n", "风马牛不相及的内容。\n", "AR", 2,
	      "dissimilar paragraphs are added and removed, not paired");
	CHECK("第七条 甲乙丙。\n", "第七条 子丑寅卯辰。\n", "C", 1,
	      "same label with a rewritten text: paired as changed");
}

static void test_invalid(void)
{
	const char bad_old[] = "第一条 \xff\xfe 甲乙\xc3(丙\n\n第二条 \xe4\xb8";
	const char bad_new[] = "第一条 \xff 甲乙丙\0丁\n\n第二条 \xed\xa0\x80";
	struct chardiff *d = NULL;
	struct buf h = BUF_INIT;
	int rc = chardiff_compute(&d, bad_old, sizeof(bad_old) - 1, bad_new, sizeof(bad_new) - 1);

	ok(rc == 0 && d && d->n >= 2, "invalid UTF-8 and NUL: computed without crash");
	chardiff_render_inline(&h, d);
	chardiff_render_table(&h, d);
	ok(strstr(h.ptr, "\xef\xbf\xbd") != NULL, "invalid sequences shown as U+FFFD");
	ok(strstr(h.ptr, "\xff") == NULL && strlen(h.ptr) == h.len,
	   "output has no invalid bytes or NUL");
	chardiff_free(d);
	buf_release(&h);
	chardiff_free(NULL);
}

static void test_html(void)
{
	struct chardiff *d =
	    diff("第一条 甲。\n\n第二条 市<政府>负责。\n\n第三条 乙。\n\n第四条 丙。\n\n"
		 "第五条 丁。\n",
		 "第一条 甲。\n\n第二条 区<政府>负责。\n\n第三条 乙。\n\n第四条 丙。\n\n"
		 "第五条 丁。\n\n第六条 新增&条款。\n");
	struct buf h = BUF_INIT;

	chardiff_render_inline(&h, d);
	is_str(h.ptr,
	       "<div class=\"chardiff\">\n"
	       "<p class=\"diff-same\">第一条 甲。</p>\n"
	       "<p class=\"diff-changed\">第二条 <del>市</del><ins>区</ins>&lt;政府&gt;负责。</p>\n"
	       "<p class=\"diff-same\">第三条 乙。</p>\n"
	       "<p class=\"diff-skip\">……（1 段未改动）</p>\n"
	       "<p class=\"diff-same\">第五条 丁。</p>\n"
	       "<p class=\"diff-added\"><ins>第六条 新增&amp;条款。</ins></p>\n"
	       "</div>\n",
	       "inline HTML: <del>/<ins>, escaping, context and collapsed paragraphs");
	buf_reset(&h);
	chardiff_render_table(&h, d);
	is_str(h.ptr,
	       "<table "
	       "class=\"chardiff-table\">\n<thead><tr><th>旧条文</th><th>新条文</th></tr></thead>\n"
	       "<tbody>\n"
	       "<tr class=\"diff-changed\"><td>第二条 <del>市</del>&lt;政府&gt;负责。</td>"
	       "<td>第二条 <ins>区</ins>&lt;政府&gt;负责。</td></tr>\n"
	       "<tr class=\"diff-added\"><td></td><td><ins>第六条 新增&amp;条款。</ins></td></tr>\n"
	       "</tbody>\n</table>\n",
	       "新旧对照 table HTML");
	chardiff_free(d);
	buf_reset(&h);
	d = diff("ＡＢＣ", "ABC");
	chardiff_render_inline(&h, d);
	is_str(h.ptr, "<div class=\"chardiff\">\n<p class=\"diff-none\">没有改动。</p>\n</div>\n",
	       "no change: said so");
	chardiff_free(d);
	buf_reset(&h);
	d = diff("数量为１２３件。", "数量为124件。");
	chardiff_render_table(&h, d);
	ok(strstr(h.ptr, "<td>数量为１２<del>３</del>件。</td><td>数量为12<ins>4</ins>件。</td>") !=
	       NULL,
	   "table: each column shows its own text as written");
	chardiff_free(d);
	buf_release(&h);
}

static void test_fallback(void)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct chardiff *d = NULL;
	size_t i;

	static const char *const chars[] = {"甲", "乙", "丙", "丁", "戊",
					    "己", "庚", "辛", "壬", "癸"};
	unsigned x = 12345, y = 777;

	/* Two pseudo-random texts of 3000 characters over the same ten:
	 * similar bigrams (so paired), but far more edits than the cap. */
	for (i = 0; i < 3000; i++) {
		x = x * 1103515245u + 12345u;
		y = y * 1103515245u + 12345u;
		buf_puts(&a, chars[(x >> 16) % 10]);
		buf_puts(&b, chars[(y >> 16) % 10]);
	}
	chardiff_compute(&d, a.ptr, a.len, b.ptr, b.len);
	ok(d && d->n == 1 && d->paras[0].kind == CHARDIFF_CHANGED && d->paras[0].nspans == 2 &&
	       d->paras[0].spans[0].op == '-' && d->paras[0].spans[0].len == a.len &&
	       d->paras[0].spans[1].op == '+' && d->paras[0].spans[1].len == b.len,
	   "above CHARDIFF_MAX_EDITS the paragraph is shown replaced");
	chardiff_free(d);
	buf_release(&a);
	buf_release(&b);
}

static void test_meta(void)
{
	struct diag dg = DIAG_INIT;
	struct value *a = NULL, *b = NULL;
	struct chardiff_meta *m;
	struct buf h = BUF_INIT;
	const char *ya = "title: 郑州市办法\nstatus: 有效\ntags: [辅警, 管理]\nold: x\n";
	const char *yb = "title: 郑州市办法\nstatus: 已修订\ntags: [辅警, 管理, 招聘]\nnew: <y>\n";

	yamldoc_parse(&a, ya, strlen(ya), "a", 0, &dg);
	yamldoc_parse(&b, yb, strlen(yb), "b", 0, &dg);
	m = chardiff_meta_compute(a, b);
	ok(m->n == 4, "meta: three changed fields and one removed (got %zu)", m->n);
	if (m->n == 4) {
		ok(strcmp(m->rows[0].field, "status") == 0 &&
		       strcmp(m->rows[0].old_value, "有效") == 0 &&
		       strcmp(m->rows[0].new_value, "已修订") == 0,
		   "meta: status old → new");
		is_str(m->rows[1].new_value, "辅警、管理、招聘", "meta: list joined with 、");
		ok(strcmp(m->rows[2].field, "new") == 0 && !m->rows[2].old_value,
		   "meta: added field");
		ok(strcmp(m->rows[3].field, "old") == 0 && !m->rows[3].new_value,
		   "meta: removed field last");
	}
	chardiff_meta_render(&h, m);
	ok(strstr(h.ptr,
		  "<tr><th>status</th><td><del>有效</del></td><td><ins>已修订</ins></td></tr>") &&
	       strstr(h.ptr, "<td class=\"diff-empty\"></td><td><ins>&lt;y&gt;</ins></td>"),
	   "meta: table HTML, escaped");
	chardiff_meta_free(m);
	m = chardiff_meta_compute(a, a);
	buf_reset(&h);
	chardiff_meta_render(&h, m);
	ok(m->n == 0 && h.len == 0, "meta: same front matter, no rows, no table");
	chardiff_meta_free(m);
	m = chardiff_meta_compute(NULL, a);
	ok(m->n == 4 && !m->rows[0].old_value, "meta: no old front matter: all added");
	chardiff_meta_free(m);
	chardiff_meta_free(NULL);
	value_free(a);
	value_free(b);
	diag_release(&dg);
	buf_release(&h);
}

int main(void)
{
	test_inside_paragraph();
	test_paragraphs();
	test_normalisation();
	test_renumbered();
	test_alignment();
	test_invalid();
	test_html();
	test_fallback();
	test_meta();
	return tap_done();
}
