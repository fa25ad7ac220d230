/* test_search_tok.c - the search normaliser and tokenizer (searchtok.h),
 * including the cases of tests/search/norm-cases.txt that static/search.js
 * is checked against too. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "searchtok.h"
#include "tap.h"

static char *norm(const char *s)
{
	struct buf b = BUF_INIT;

	if (searchtok_normalize(&b, s, strlen(s)) < 0)
		return NULL;
	return buf_detach(&b, NULL);
}

static char *terms(const char *s)
{
	struct buf b = BUF_INIT;

	if (searchtok_debug(&b, s) < 0)
		return NULL;
	return buf_detach(&b, NULL);
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
	check_norm("ＡＢＣ１２３", "abc123", "full-width letters and digits");
	check_norm("〔2024〕", "〔2024〕", "tortoise-shell brackets kept (not NFKC-mapped)");
	check_norm("（２０２４）", "(2024)", "full-width parentheses");
	check_norm("Hello WORLD", "hello world", "case folding");
	check_norm("豫政辦", "豫政办", "traditional variant");
	check_norm("數據要素", "数据要素", "traditional variants");
	check_norm("　", " ", "ideographic space");
	check_norm("ﬁ①", "fi1", "compatibility forms");
	ok(norm("\xff\xfe") == NULL, "invalid UTF-8 refused");
	is_int(searchtok_variant(0x8FA6), 0x529E, "辦 → 办");
	is_int(searchtok_variant(0x529E), 0x529E, "办 stays");
	is_int(searchtok_class(0x4E2D), 1, "中 is CJK");
	is_int(searchtok_class('a'), 2, "a is a word character");
	is_int(searchtok_class(0x3014), 0, "〔 separates");
	is_int(searchtok_class(' '), 0, "space separates");
	ok(searchtok_nvariants > 700, "variant table has %zu pairs", searchtok_nvariants);
	check_terms("", "");
	check_terms("。", "");
	check_terms("中", "中");
	check_terms("中文字", "中 文 中文 字 文字");
	check_terms("中，文", "中 文");
	check_terms("中 a 文", "中 a 文");
	shared_cases();
	return tap_done();
}
