/* Unit tests for measure.c: measure comments. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc.h"
#include "measure.h"
#include "tap.h"

static void release(struct measure *m)
{
	free(m->id);
	strlist_release(&m->topics);
	strlist_release(&m->depts);
	free(m->amount);
	free(m->beneficiaries);
	free(m->mode);
	free(m->text);
	free(m->summary);
	memset(m, 0, sizeof(*m));
}

/* Parse s as if the comment started at 10:3 of "a.md"; returns the result
 * and leaves the diagnostics in d (reset first). */
static int parse(struct measure *m, struct diag *d, const char *s)
{
	release(m);
	diag_release(d);
	*d = (struct diag)DIAG_INIT;
	return measure_parse(m, s, strlen(s), "a.md", 10, 3, d);
}

/* Expect an error whose message starts with "a.md:LINE:COL: error: " and
 * contains part. */
static void expect_error(struct measure *m, struct diag *d, const char *s, const char *where,
			 const char *part, const char *name)
{
	int r = parse(m, d, s);

	ok(r == -1 && d->errors >= 1 && strncmp(d->text.ptr, where, strlen(where)) == 0 &&
	       strstr(d->text.ptr, part),
	   "%s: error at %s mentioning '%s'", name, where, part);
	if (!(r == -1 && strncmp(d->text.ptr, where, strlen(where)) == 0))
		tap_diag_str("got", d->text.ptr);
}

static int list_is(const struct strlist *l, const char *const *want, size_t n)
{
	size_t i;

	if (l->n != n)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(l->v[i], want[i]) != 0)
			return 0;
	return 1;
}

int main(void)
{
	struct measure m;
	struct diag d = DIAG_INIT;
	struct strlist l = {NULL, 0};
	static const char *const t3[] = {"资金补贴", "技术改造", "人才"};

#define IS(lit) measure_is_comment(lit, sizeof(lit) - 1)
	ok(IS("<!-- measure topics=\"a\" -->"), "is_comment: a measure comment");
	ok(IS("<!--measure-->"), "is_comment: no spaces");
	ok(IS("<!--\n  measure\ntopics=\"a\" -->"),
	   "is_comment: newlines before and after the word");
	ok(IS("<!-- measure"), "is_comment: only the start is looked at");
	ok(!IS("<!-- measures -->"), "is_comment: 'measures' is another word");
	ok(!IS("<!-- note: measure -->"), "is_comment: an ordinary comment");
	ok(!IS("<!- measure -->"), "is_comment: not a comment");
	ok(!IS("<p>measure</p>"), "is_comment: HTML");
	ok(!IS(" <!-- measure -->"), "is_comment: must start at the comment");
	ok(!measure_is_comment("<!-- measure", 8), "is_comment: only len bytes are read");

	memset(&m, 0, sizeof(m));
	ok(parse(&m, &d,
		 "<!-- measure topics=\"资金补贴, 技术改造\" depts=\"市工业和信息化局\" "
		 "amount=\"最高500万元\" beneficiaries=\"中小企业\" deadline=\"2025-12-31\" "
		 "mode=\"免申即享\" id=\"m-fund-1\" -->") == 0 &&
	       d.errors == 0,
	   "every key parses");
	ok(m.topics.n == 2 && !strcmp(m.topics.v[0], "资金补贴") &&
	       !strcmp(m.topics.v[1], "技术改造"),
	   "topics split on ', '");
	ok(m.depts.n == 1 && !strcmp(m.depts.v[0], "市工业和信息化局"), "depts");
	is_str(m.amount, "最高500万元", "amount");
	is_str(m.beneficiaries, "中小企业", "beneficiaries");
	ok(m.deadline.y == 2025 && m.deadline.m == 12 && m.deadline.d == 31, "deadline");
	is_str(m.mode, "免申即享", "mode");
	is_str(m.id, "m-fund-1", "id");

	ok(parse(&m, &d, "<!-- measure mode=\"快申快享\" -->") == 0 && !strcmp(m.mode, "快申快享"),
	   "mode 快申快享");
	ok(parse(&m, &d, "<!-- measure mode=\"申报\" -->") == 0 && !strcmp(m.mode, "申报"),
	   "mode 申报");
	ok(parse(&m, &d, "<!-- measure -->") == 0 && !m.amount && !m.id && m.topics.n == 0 &&
	       !date_is_set(m.deadline),
	   "a comment without keys leaves everything unset");
	ok(parse(&m, &d, "<!--\nmeasure\n  topics=\"甲\"\n  depts=\"乙\"\n-->\n") == 0 &&
	       m.topics.n == 1 && m.depts.n == 1,
	   "pairs on several lines, trailing newline");
	ok(parse(&m, &d, "<!-- measure amount=\"\" -->") == 0 && m.amount && !*m.amount,
	   "an empty value is kept as empty");

	ok(parse(&m, &d, "<!-- measure topics=\"资金补贴，技术改造、人才\" -->") == 0 &&
	       list_is(&m.topics, t3, 3),
	   "topics split on ， and 、");
	ok(parse(&m, &d, "<!-- measure topics=\" 资金补贴 ,技术改造\u3000、\u3000人才 \" -->") ==
		   0 &&
	       list_is(&m.topics, t3, 3),
	   "items trimmed of spaces and U+3000");
	ok(parse(&m, &d, "<!-- measure topics=\"资金补贴,,、 ,技术改造,人才,\" -->") == 0 &&
	       list_is(&m.topics, t3, 3),
	   "empty items dropped");
	measure_split_list(&l, "甲，乙");
	ok(l.n == 2 && !strcmp(l.v[0], "甲") && !strcmp(l.v[1], "乙"), "measure_split_list");
	strlist_release(&l);
	measure_split_list(&l, "\u3000\u3000");
	is_int(l.n, 0, "a list of only U+3000 has no items");
	strlist_release(&l);

	/* Errors, with positions: the comment starts at a.md:10:3. */
	expect_error(&m, &d, "<!-- measure colour=\"red\" -->", "a.md:10:16:", "colour",
		     "unknown key at the key");
	expect_error(&m, &d, "<!-- measure topics=\"甲\" deadline=\"2025-13-01\" -->",
		     "a.md:10:37:", "deadline", "bad deadline at the value");
	expect_error(&m, &d, "<!-- measure deadline=\"2025/01/01\" -->",
		     "a.md:10:26:", "2025/01/01", "deadline shape at the value");
	expect_error(&m, &d, "<!-- measure mode=\"自动\" -->", "a.md:10:22:", "自动",
		     "bad mode at the value");
	expect_error(&m, &d, "<!-- measure id=\"Fund_1\" -->", "a.md:10:20:", "Fund_1",
		     "bad id at the value");
	expect_error(&m, &d, "<!-- measure id=\"\" -->", "a.md:10:20:", "id",
		     "empty id at the value");
	expect_error(&m, &d, "<!-- measure topics=\"甲 -->", "a.md:10:23:", "unclosed quote",
		     "unclosed quote at the opening quote");
	expect_error(&m, &d, "<!-- measure topics=\"甲\"", "a.md:10:26:", "-->", "missing '-->'");
	expect_error(&m, &d, "<!-- measure topics=\"甲\" topics=\"乙\" -->",
		     "a.md:10:27:", "duplicate", "duplicate key at the second key");
	expect_error(&m, &d, "<!-- measure topics=\"甲\" ; depts=\"乙\" -->",
		     "a.md:10:27:", "malformed", "garbage between pairs");
	expect_error(&m, &d, "<!-- measure topics=\"甲\"depts=\"乙\" -->",
		     "a.md:10:26:", "malformed", "no space between pairs");
	expect_error(&m, &d, "<!-- measure topics = \"甲\" -->", "a.md:10:22:", "malformed",
		     "spaces around '='");
	expect_error(&m, &d, "<!-- measure topics='甲' -->", "a.md:10:22:", "malformed",
		     "single quotes");
	expect_error(&m, &d, "<!-- measure\n  topics=\"甲\"\n  colour=\"红\" -->",
		     "a.md:12:3:", "colour",
		     "a key on the third line of the comment: line and column there");
	expect_error(&m, &d, "<!-- measure topics=\"甲\"\n   mode=\"随便\" -->",
		     "a.md:11:10:", "随便", "a value on the second line");
	/* every problem is reported, not only the first */
	parse(&m, &d, "<!-- measure mode=\"x\" id=\"Y\" colour=\"z\" -->");
	is_int(d.errors, 3, "three bad pairs give three errors");
	release(&m);
	diag_release(&d);
	return tap_done();
}
