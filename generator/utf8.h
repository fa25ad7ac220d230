/* utf8.h - UTF-8 validation and positions for messages (utf8proc does the
 * decoding). */
#ifndef HUIBIAN_UTF8_H
#define HUIBIAN_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Is s[0..len) valid UTF-8 without NUL bytes or surrogates?  Returns 0, or
 * -1 with *bad set to the offset of the first offending byte. */
int utf8_check(const char *s, size_t len, size_t *bad);
/* The 1-based line and column (counted in code points) of byte offset off;
 * invalid bytes count as one column each. */
void utf8_position(const char *s, size_t off, int *line, int *col);
/* Decode one code point at s (len bytes left); returns its length in bytes
 * (at least 1; an invalid byte decodes as U+FFFD of length 1). */
size_t utf8_next(const char *s, size_t len, int32_t *cp);
/* Is cp a CJK ideograph or CJK punctuation (no spaces between words)? */
int utf8_is_cjk(int32_t cp);
/* The characters of valid UTF-8 s[0..n) (bytes that are not 10xxxxxx). */
size_t utf8_count(const char *s, size_t n);
/* The UTF-16 units of valid UTF-8 s[0..n): one per character, two for a
 * character of four bytes (lead 11110xxx). */
size_t utf8_utf16_len(const char *s, size_t n);

#endif
