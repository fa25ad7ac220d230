/* Unit tests for numbering.c: labels of Chinese official documents. */
#include <string.h>

#include "numbering.h"
#include "tap.h"

/* Parse s; check kind, value and label length (bytes of the label text). */
static void label(const char *s, enum numbering_kind kind, int value, const char *lab)
{
	struct numbering n;
	int r = numbering_parse(&n, s, strlen(s));

	ok(r == 1 && n.kind == kind && n.value == value && n.len == strlen(lab),
	   "'%s' is kind %d value %d len %zu (got r=%d kind %d value %d len %zu)", s, kind, value,
	   strlen(lab), r, n.kind, n.value, n.len);
}

static void none(const char *s)
{
	struct numbering n;
	int r;

	memset(&n, 0x55, sizeof(n));
	r = numbering_parse(&n, s, strlen(s));
	ok(r == 0 && n.kind == NUMBERING_NONE, "'%s' is not a label (got r=%d kind %d value %d)", s,
	   r, n.kind, n.value);
}

static void value(const char *s, int want)
{
	is_int(numbering_value(s, strlen(s)), want, "value of '%s'", s);
}

int main(void)
{
	struct numbering n;

	label("第一章 总则", NUMBERING_CHAPTER, 1, "第一章");
	label("第十二章 附则", NUMBERING_CHAPTER, 12, "第十二章");
	label("第三编 分则", NUMBERING_CHAPTER, 3, "第三编");
	label("第二部分 重点任务", NUMBERING_CHAPTER, 2, "第二部分");
	label("第二节 一般规定", NUMBERING_SECTION, 2, "第二节");
	label("第一百零五条 本办法自发布之日起施行。", NUMBERING_ARTICLE, 105, "第一百零五条");
	label("第二十条　对符合条件的", NUMBERING_ARTICLE, 20, "第二十条");
	label("第三条", NUMBERING_ARTICLE, 3, "第三条");
	label("一、总体要求", NUMBERING_CN, 1, "一、");
	label("十一、保障措施", NUMBERING_CN, 11, "十一、");
	label("（一）加大资金支持", NUMBERING_CN_PAREN, 1, "（一）");
	label("(十二)强化督导", NUMBERING_CN_PAREN, 12, "(十二)");
	label("1. 申报条件", NUMBERING_DIGIT, 1, "1.");
	label("12、补贴标准", NUMBERING_DIGIT, 12, "12、");
	label("3．材料", NUMBERING_DIGIT, 3, "3．");
	label("（3）其他", NUMBERING_DIGIT_PAREN, 3, "（3）");
	label("(3)其他", NUMBERING_DIGIT_PAREN, 3, "(3)");
	label("  第三条 前导空格", NUMBERING_ARTICLE, 3, "  第三条");
	label("   一、前导空格", NUMBERING_CN, 1, "   一、");

	none("第一次会议");
	none("一般规定");
	none("十分重要");
	none("第三方机构");
	none("政策");
	none("");
	none("第条");
	none("（）");
	none("第零条");
	none("(0)");
	none("0. 零");
	/* A decimal amount at the start of a paragraph is not a list label. */
	none("1.5万元以下的项目");
	none("2.3亿元");
	/* Only len bytes are looked at. */
	ok(numbering_parse(&n, "第三条", 6) == 0, "a label cut by len is not recognised");
	ok(numbering_parse(&n, "一、x", 3) == 0, "一 without its 、 inside len is not a label");

	value("一", 1);
	value("十", 10);
	value("十五", 15);
	value("二十", 20);
	value("二十三", 23);
	value("一百", 100);
	value("一百零五", 105);
	value("一百一十", 110);
	value("三百二十一", 321);
	value("九百九十九", 999);
	value("两", 2);
	value("两百", 200);
	value("〇", 0);
	value("7", 7);
	value("42", 42);
	value("", -1);
	value("第一", -1);
	value("一a", -1);
	value("4x", -1);
	value("１", -1);
	/* strings of numeral characters that are not numerals */
	value("一二", -1);
	value("十十", -1);
	value("百十", -1);
	is_int(numbering_value("十五", 3), 10, "only len bytes are read");
	is_int(numbering_value("十五", 4), -1, "a cut multi-byte numeral is not a numeral");
	return tap_done();
}
