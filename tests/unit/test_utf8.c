/* Unit tests for utf8.c: validation and positions. */
#include <string.h>

#include "tap.h"
#include "utf8.h"

/* utf8_check of len bytes; returns the bad offset, or -1 when valid. */
static long check(const char *s, size_t len)
{
	size_t bad = (size_t)-7;

	if (utf8_check(s, len, &bad) == 0)
		return -1;
	return (long)bad;
}

#define CHECK(lit) check(lit, sizeof(lit) - 1)

int main(void)
{
	int line, col;
	int32_t cp;

	is_int(CHECK("汇编 policy 第一条。"), -1, "CJK and ASCII are valid");
	is_int(CHECK(""), -1, "empty text is valid");
	is_int(CHECK("\xF0\x9F\x98\x80 \xF0\xA0\x80\x80"), -1,
	       "4-byte sequences (emoji, U+20000) are valid");
	is_int(CHECK("ab\xC0\xAF"), 2, "overlong 2-byte '/' (C0 AF) refused at its first byte");
	is_int(CHECK("ab\xE0\x80\xAF"), 2, "overlong 3-byte (E0 80 AF) refused");
	is_int(CHECK("a\xF0\x80\x80\xAF"), 1, "overlong 4-byte (F0 80 80 AF) refused");
	is_int(CHECK("汇\xED\xA0\x80"), 3, "surrogate U+D800 (ED A0 80) refused");
	is_int(CHECK("\xED\xBF\xBF"), 0, "surrogate U+DFFF refused");
	is_int(CHECK("\xED\x9F\xBF"), -1, "U+D7FF just below the surrogates is valid");
	is_int(CHECK("abc\xE6\xB1"), 3, "truncated 3-byte sequence at the end refused");
	is_int(CHECK("\xE6\xB1x"), 0, "3-byte sequence cut by an ASCII byte refused");
	is_int(CHECK("ok\x80"), 2, "lone continuation byte refused");
	is_int(CHECK("\xF4\x90\x80\x80"), 0, "above U+10FFFF refused");
	is_int(CHECK("\xFF"), 0, "byte FF refused");
	is_int(check("ab\0cd", 5), 2, "NUL byte refused at its offset");
	is_int(check("汇编\0", 7), 6, "NUL after CJK refused at its offset");
	is_int(check("\xE6\xB1\x87", 2), 0, "a sequence cut by len is refused (len respected)");

	utf8_position("汇编政策", 0, &line, &col);
	ok(line == 1 && col == 1, "position of offset 0 is 1:1");
	utf8_position("汇编政策", 6, &line, &col);
	ok(line == 1 && col == 3, "offset 6 in CJK text is column 3 (got %d:%d)", line, col);
	utf8_position("ab\n汇编x", 9, &line, &col);
	ok(line == 2 && col == 3, "columns restart after a newline (got %d:%d)", line, col);
	utf8_position("a\n\n\nb", 4, &line, &col);
	ok(line == 4 && col == 1, "line counts newlines (got %d:%d)", line, col);
	utf8_position("a\xFF\xFFz", 3, &line, &col);
	ok(line == 1 && col == 4, "invalid bytes count one column each (got %d:%d)", line, col);

	is_int(utf8_next("汇", 3, &cp), 3, "utf8_next: length of a CJK character");
	is_int(cp, 0x6C47, "utf8_next: its code point");
	is_int(utf8_next("\xFF", 1, &cp), 1, "utf8_next: invalid byte has length 1");
	is_int(cp, 0xFFFD, "utf8_next: invalid byte decodes as U+FFFD");
	ok(utf8_is_cjk(0x6C47) && utf8_is_cjk(0x3002) && utf8_is_cjk(0xFF0C),
	   "utf8_is_cjk: ideograph, 。 and ，");
	ok(!utf8_is_cjk('a') && !utf8_is_cjk(0xE9), "utf8_is_cjk: Latin is not CJK");
	{
		/* 豫 (3 bytes), a, é (2), 𠀀 (4: two UTF-16 units), repeated past
		 * the eight-byte steps so both loops run */
		const char *t = "豫aé𠀀豫aé𠀀豫aé𠀀";
		size_t n = strlen(t);

		ok(utf8_count(t, n) == 12, "utf8_count: 12 characters in %zu bytes (got %zu)", n,
		   utf8_count(t, n));
		ok(utf8_utf16_len(t, n) == 15, "utf8_utf16_len: 15 units (got %zu)",
		   utf8_utf16_len(t, n));
		ok(utf8_count(t, 3) == 1 && utf8_utf16_len(t + 6, 4) == 2 && utf8_count("", 0) == 0,
		   "short pieces: one CJK character, one four-byte character, nothing");
	}
	return tap_done();
}
