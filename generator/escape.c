/* escape.c - output escapers, in the manner of cmark's houdini; see
 * escape.h.  Hand-written: a few lines each, no packaged library does
 * exactly these contexts. */
#include "escape.h"

#include <string.h>

/* Append s, replacing each byte that has a non-NULL entry in table. */
static void escape_table(struct buf *out, const char *s, size_t len, const char *const table[256])
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		const char *rep = table[(unsigned char)s[i]];
		if (!rep)
			continue;
		buf_put(out, s + start, i - start);
		buf_puts(out, rep);
		start = i + 1;
	}
	buf_put(out, s + start, len - start);
}

static const char *const html_table[256] = {
    ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
};

void escape_html(struct buf *out, const char *s, size_t len)
{
	escape_table(out, s, len, html_table);
}

static const char *const xml_table[256] = {
    ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&apos;",
    [0x00] = "",     [0x01] = "",    [0x02] = "",    [0x03] = "",      [0x04] = "",
    [0x05] = "",     [0x06] = "",    [0x07] = "",    [0x08] = "",      [0x0b] = "",
    [0x0c] = "",     [0x0e] = "",    [0x0f] = "",    [0x10] = "",      [0x11] = "",
    [0x12] = "",     [0x13] = "",    [0x14] = "",    [0x15] = "",      [0x16] = "",
    [0x17] = "",     [0x18] = "",    [0x19] = "",    [0x1a] = "",      [0x1b] = "",
    [0x1c] = "",     [0x1d] = "",    [0x1e] = "",    [0x1f] = "",
};

void escape_xml(struct buf *out, const char *s, size_t len)
{
	escape_table(out, s, len, xml_table);
}

static int url_safe(unsigned char c, const char *extra)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	return c && strchr(extra, c) != NULL;
}

static void escape_percent(struct buf *out, const char *s, size_t len, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '&' && strchr(keep, '&'))
			buf_puts(out, "&amp;");
		else if (url_safe(c, keep))
			buf_putc(out, c);
		else
			buf_printf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

void escape_url(struct buf *out, const char *s, size_t len)
{
	escape_percent(out, s, len, "-_.~/?#&=%:+,;@!$*()");
}

void escape_url_component(struct buf *out, const char *s, size_t len)
{
	escape_percent(out, s, len, "-_.~");
}

void escape_json(struct buf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			buf_puts(out, "\\\"");
			break;
		case '\\':
			buf_puts(out, "\\\\");
			break;
		case '\n':
			buf_puts(out, "\\n");
			break;
		case '\r':
			buf_puts(out, "\\r");
			break;
		case '\t':
			buf_puts(out, "\\t");
			break;
		case '<':
		case '>':
		case '&':
			buf_printf(out, "\\u%04x", c);
			break;
		case 0xe2:
			/* U+2028/U+2029 are valid JSON but end a line in JavaScript. */
			if (i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
			    ((unsigned char)s[i + 2] & 0xfe) == 0xa8) {
				buf_printf(out, "\\u202%c", s[i + 2] == (char)0xa8 ? '8' : '9');
				i += 2;
				break;
			}
			buf_putc(out, c);
			break;
		default:
			if (c < 0x20)
				buf_printf(out, "\\u%04x", c);
			else
				buf_putc(out, c);
		}
	}
}

void escape_csv(struct buf *out, const char *s, size_t len)
{
	const char *end = s + len, *q;

	buf_putc(out, '"');
	while ((q = memchr(s, '"', (size_t)(end - s))) != NULL) {
		buf_put(out, s, (size_t)(q - s) + 1); /* up to the quote, which is doubled */
		buf_putc(out, '"');
		s = q + 1;
	}
	buf_put(out, s, (size_t)(end - s));
	buf_putc(out, '"');
}
