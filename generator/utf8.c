/* utf8.c - see utf8.h. */
#include "utf8.h"

#include <string.h>
#include <utf8proc.h>

size_t utf8_next(const char *s, size_t len, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n =
	    utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &c);

	if (n <= 0) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return (size_t)n;
}

int utf8_check(const char *s, size_t len, size_t *bad)
{
	size_t off = 0;

	while (off < len) {
		unsigned char c = (unsigned char)s[off];
		utf8proc_int32_t cp;
		utf8proc_ssize_t n;

		if (c && c < 0x80) {
			off++;
			continue;
		}
		n = utf8proc_iterate((const utf8proc_uint8_t *)s + off,
				     (utf8proc_ssize_t)(len - off), &cp);
		if (c == 0 || n <= 0) {
			*bad = off;
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

void utf8_position(const char *s, size_t off, int *line, int *col)
{
	size_t i = 0;
	int32_t cp;

	*line = 1;
	*col = 1;
	while (i < off) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
			i++;
			continue;
		}
		i += utf8_next(s + i, off - i, &cp);
		(*col)++;
	}
}

int utf8_is_cjk(int32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* The number of bytes of w whose top bit is set, when no other bit is: a
 * multiplication sums the eight bits into the top byte (portable, unlike
 * the popcount instruction, which the baseline x86-64 lacks: gcc then
 * calls a slow library routine). */
static inline size_t top_bits(uint64_t w)
{
	return (size_t)(((w >> 7) * 0x0101010101010101ull) >> 56);
}

/* The continuation bytes (10xxxxxx) and four-byte leads (11110xxx) among
 * s[0..n), eight bytes at a time. */
static void utf8_tally(const char *s, size_t n, size_t *cont, size_t *four)
{
	const uint64_t hi = 0x8080808080808080ull;
	size_t i = 0;

	*cont = *four = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		*cont += top_bits(w & hi & ~(w << 1));
		*four += top_bits(w & (w << 1) & (w << 2) & (w << 3) & hi);
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		*cont += (c & 0xC0) == 0x80;
		*four += c >= 0xF0;
	}
}

size_t utf8_count(const char *s, size_t n)
{
	size_t cont, four;

	utf8_tally(s, n, &cont, &four);
	return n - cont;
}

size_t utf8_utf16_len(const char *s, size_t n)
{
	size_t cont, four;

	utf8_tally(s, n, &cont, &four);
	return n - cont + four;
}
