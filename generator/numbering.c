/* numbering.c - recognise 第X条 / 一、 / （一） / 1. labels; see numbering.h. */
#include "numbering.h"

#include <string.h>

static int cn_digit(const char *s, size_t *n)
{
	static const char *const digits[] = {"零", "一", "二", "三", "四",
					     "五", "六", "七", "八", "九"};
	int i;

	*n = 3;
	if (strncmp(s, "〇", 3) == 0)
		return 0;
	if (strncmp(s, "两", 3) == 0)
		return 2;
	for (i = 0; i < 10; i++)
		if (strncmp(s, digits[i], 3) == 0)
			return i;
	return -1;
}

/* Read one Chinese digit (零〇一…九两) at s[*i]; -1 if none. */
static int take_digit(const char *s, size_t len, size_t *i)
{
	size_t n;
	int d;

	if (*i + 3 > len || (d = cn_digit(s + *i, &n)) < 0)
		return -1;
	*i += 3;
	return d;
}

static int take_char(const char *s, size_t len, size_t *i, const char *c)
{
	if (*i + 3 > len || strncmp(s + *i, c, 3) != 0)
		return 0;
	*i += 3;
	return 1;
}

int numbering_value(const char *s, size_t len)
{
	int total = 0, d;
	size_t i = 0;

	if (len && s[0] >= '0' && s[0] <= '9') {
		for (; i < len; i++) {
			if (s[i] < '0' || s[i] > '9' || total > 100000)
				return -1;
			total = total * 10 + (s[i] - '0');
		}
		return total;
	}
	/* [D百] [零] [D十 | 十] [D]: 一百零五, 二十三, 十五, 一百一十 */
	d = take_digit(s, len, &i);
	if (d > 0 && take_char(s, len, &i, "百")) {
		total = d * 100;
		take_char(s, len, &i, "零");
		d = take_digit(s, len, &i);
	}
	if (take_char(s, len, &i, "十")) {
		total += (d > 0 ? d : (d == 0 ? -1000 : 1)) * 10;
		d = take_digit(s, len, &i);
	}
	if (d > 0)
		total += d;
	if (i == len && len == 3 && d == 0)
		return 0; /* 零, 〇 */
	if (i != len || len == 0 || total <= 0)
		return -1;
	return total;
}

/* Length of the run of numeral characters (Chinese or ASCII) at s. */
static size_t numeral_run(const char *s, size_t len, int ascii)
{
	size_t i = 0, n;

	if (ascii) {
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		return i;
	}
	while (i + 3 <= len &&
	       (cn_digit(s + i, &n) >= 0 || !strncmp(s + i, "十", 3) || !strncmp(s + i, "百", 3)))
		i += 3;
	return i;
}

/* Try "prefix NUMERAL suffix" at s; returns the label length or 0. */
static size_t match_label(const char *s, size_t len, const char *prefix, int ascii,
			  const char *const *suffixes, int *value)
{
	size_t p = strlen(prefix), run, k;

	if (len < p || strncmp(s, prefix, p) != 0)
		return 0;
	run = numeral_run(s + p, len - p, ascii);
	if (!run || (*value = numbering_value(s + p, run)) < 1)
		return 0;
	for (k = 0; suffixes[k]; k++) {
		size_t sl = strlen(suffixes[k]);
		if (len - p - run >= sl && strncmp(s + p + run, suffixes[k], sl) == 0) {
			size_t end = p + run + sl;
			if (ascii && (suffixes[k][0] == '.' || !strcmp(suffixes[k], "．")) &&
			    end < len && s[end] >= '0' && s[end] <= '9')
				return 0; /* 1.5万元 is a number, not a label */
			return end;
		}
	}
	return 0;
}

int numbering_parse(struct numbering *out, const char *s, size_t len)
{
	static const char *const zhang[] = {"章", "编", "部分", NULL}, *const jie[] = {"节", NULL},
				 *const tiao[] = {"条", NULL}, *const dun[] = {"、", NULL},
				 *const paren[] = {"）", NULL}, *const aparen[] = {")", NULL},
				 *const dot[] = {".", "、", "．", NULL};
	static const struct {
		const char *prefix;
		int ascii;
		const char *const *suffixes;
		enum numbering_kind kind;
	} rules[] = {
	    {"第", 0, zhang, NUMBERING_CHAPTER},     {"第", 0, jie, NUMBERING_SECTION},
	    {"第", 0, tiao, NUMBERING_ARTICLE},	     {"", 0, dun, NUMBERING_CN},
	    {"（", 0, paren, NUMBERING_CN_PAREN},    {"(", 0, aparen, NUMBERING_CN_PAREN},
	    {"", 1, dot, NUMBERING_DIGIT},	     {"（", 1, paren, NUMBERING_DIGIT_PAREN},
	    {"(", 1, aparen, NUMBERING_DIGIT_PAREN},
	};
	size_t skip = 0, i, n;
	int value = 0;

	memset(out, 0, sizeof(*out));
	while (skip < len && s[skip] == ' ')
		skip++;
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		n = match_label(s + skip, len - skip, rules[i].prefix, rules[i].ascii,
				rules[i].suffixes, &value);
		if (n) {
			out->kind = rules[i].kind;
			out->value = value;
			out->len = skip + n;
			return 1;
		}
	}
	return 0;
}
