/* test_search_tok.c - the search normaliser and tokenizer (searchtok.h),
 * including the cases of tests/search/norm-cases.txt that static/search.js
 * is checked against too, the variants OpenCC gives, and the fast path of
 * the normaliser against the general one (utf8proc). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "searchtok.h"
#include "tap.h"
#include <utf8proc.h>

static struct searchtok *tok;

static char *norm(const char *s)
{
	struct buf b = BUF_INIT;

	if (searchtok_normalize(tok, &b, s, strlen(s)) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static char *terms(const char *s)
{
	struct buf b = BUF_INIT;

	if (searchtok_debug(tok, &b, s) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* The fast path (text of only these characters) gives what the general
 * path gives (the same text with é appended, which is not on the fast
 * path). */
static void fast_path_cases(void)
{
	static const int32_t ranges[][3] = {
	    {0x01, 0x7F, 1},
	    {0xB7, 0xB7, 1},
	    {0x2014, 0x201D, 1},
	    {0x3000, 0x301B, 1},
	    {0x3400, 0x4DBF, 7},
	    {0x4E00, 0x9FFF, 3},
	    {0xFF01, 0xFF5E, 1},
	    /* characters NFKC leaves alone in any context take the fast path too */
	    {0x80, 0x2FFF, 1},
	    {0xA000, 0xD7FF, 1},
	    {0xE000, 0xFFFD, 1},
	    {0x10000, 0x10FFF, 1},
	    {0x1D400, 0x1D7FF, 1},
	    {0x20000, 0x2A6DF, 11},
	};
	size_t r, bad = 0, n = 0;

	for (r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		int32_t cp;

		for (cp = ranges[r][0]; cp <= ranges[r][1]; cp += ranges[r][2]) {
			uint8_t enc[8];
			size_t len = (size_t)utf8proc_encode_char(cp, enc);
			char *fast, *slow;

			enc[len] = '\0';
			fast = norm((char *)enc);
			memcpy(enc + len, "\xC3\xA9", 3);
			slow = norm((char *)enc);
			n++;
			if (!fast || !slow || strlen(slow) != strlen(fast) + 2 ||
			    strncmp(fast, slow, strlen(fast))) {
				if (bad++ < 5)
					printf("# U+%04X: fast %s, general %s\n", (unsigned)cp,
					       fast, slow);
			}
			free(fast);
			free(slow);
		}
	}
	is_int(bad, 0, "fast path agrees with utf8proc on %zu characters", n);
}

static void check_norm(const char *in, const char *want, const char *name)
{
	char *got = norm(in);

	is_str(got, want, "normalize %s", name);
	free(got);
}

static void check_terms(const char *in, const char *want)
{
	char *got = terms(in);

	is_str(got, want, "terms of %s", in);
	free(got);
}

/* Every line "input TAB terms" of the shared case file. */
static void shared_cases(void)
{
	const char *top = getenv("HUIBIAN_TOP");
	char path[4096], line[4096];
	FILE *fp;
	int n = 0;

	snprintf(path, sizeof path, "%s/tests/search/norm-cases.txt", top ? top : "../..");
	fp = fopen(path, "r");
	if (!ok(fp != NULL, "open %s", path))
		return;
	while (fgets(line, sizeof line, fp)) {
		char *tab = strchr(line, '\t');

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		check_terms(line, tab + 1);
		n++;
	}
	fclose(fp);
	ok(n >= 20, "%d shared cases", n);
}

int main(void)
{
	struct buf err = BUF_INIT, table = BUF_INIT;

	if (searchtok_open(&tok, &err) < 0) {
		ok(0, "open OpenCC: %s", err.ptr);
		buf_release(&err);
		return tap_done();
	}
	check_norm("ＡＢＣ１２３", "abc123", "full-width letters and digits");
	check_norm("〔2024〕", "〔2024〕", "tortoise-shell brackets kept (not NFKC-mapped)");
	check_norm("（２０２４）", "(2024)", "full-width parentheses");
	check_norm("Hello WORLD", "hello world", "case folding");
	check_norm("豫政辦", "豫政办", "traditional variant (OpenCC t2s)");
	check_norm("數據要素", "数据要素", "traditional variants");
	check_norm("職業技能競賽", "职业技能竞赛", "traditional variants 職業競賽");
	check_norm("　", " ", "ideographic space");
	check_norm("ﬁ①", "fi1", "compatibility forms");
	check_norm("é職", "é职", "general path maps variants too");
	ok(norm("\xff\xfe") == NULL, "invalid UTF-8 refused");
	ok(norm("\xed\xa0\x80") == NULL, "surrogate refused");
	is_int(searchtok_variant(tok, 0x8FA6), 0x529E, "辦 → 办");
	is_int(searchtok_variant(tok, 0x529E), 0x529E, "办 stays");
	is_int(searchtok_variant(tok, 'a'), 'a', "not Han: identity");
	searchtok_variant_table(tok, &table);
	ok(strstr(table.ptr, "辦办") != NULL, "table: 辦 → 办 (seen in the text)");
	ok(strstr(table.ptr, "職职") != NULL && strstr(table.ptr, "競竞") != NULL,
	   "table: traditional forms of seen simplified characters");
	ok(strstr(table.ptr, "發发") == NULL, "table: 發 not derived, 发 was never normalised");
	searchtok_variant(tok, 0x53D1); /* 发 */
	buf_reset(&table);
	searchtok_variant_table(tok, &table);
	ok(strstr(table.ptr, "發发") != NULL, "table: 發 → 发 once 发 was normalised (s2t)");
	is_int(searchtok_class(0x4E2D), 1, "中 is CJK");
	is_int(searchtok_class('a'), 2, "a is a word character");
	is_int(searchtok_class(0x3014), 0, "〔 separates");
	is_int(searchtok_class(' '), 0, "space separates");
	check_terms("", "");
	check_terms("。", "");
	check_terms("中", "中");
	check_terms("中文字", "中文 文字 字");
	check_terms("中，文", "中 文");
	check_terms("中 a 文", "中 a 文");
	check_terms("中文abc", "中文 文 abc");
	fast_path_cases();
	shared_cases();
	buf_release(&table);
	buf_release(&err);
	searchtok_free(tok);
	searchtok_free(NULL);
	return tap_done();
}
