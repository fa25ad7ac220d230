/* buf.h - the one growable byte buffer used everywhere.
 *
 * A buffer is never NULL and always NUL-terminated: an empty buffer points
 * at a shared empty string until the first write.  Initialise with BUF_INIT
 * (or buf_init), release with buf_release.  The buffer owns its memory;
 * buf_detach hands it to the caller, who then frees it with free().
 */
#ifndef HUIBIAN_BUF_H
#define HUIBIAN_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
	char *ptr;  /* never NULL, ptr[len] == '\0' */
	size_t len; /* bytes used, excluding the NUL */
	size_t cap; /* bytes allocated; 0 while ptr is the shared empty string */
};

extern char buf__empty[];
#define BUF_INIT                                                                                   \
	{                                                                                          \
		buf__empty, 0, 0                                                                   \
	}

void buf_init(struct buf *b);
/* Free the memory and leave b empty and usable again. */
void buf_release(struct buf *b);
/* Make room for at least extra more bytes (plus the NUL). */
void buf_grow(struct buf *b, size_t extra);
/* Append len bytes of data (which may lie in b itself); buf_puts: a
 * string.  Inline, like buf_putc: they are on every hot path, and the
 * length of a literal is then known when compiling. */
static inline void buf_put(struct buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	if (len >= b->cap - b->len) /* cap 0 (the shared empty string) too */
		buf_grow(b, len);
	memmove(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}
static inline void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}
/* Append one byte (inline: it is on every hot path). */
static inline void buf_putc(struct buf *b, int c)
{
	if (b->len + 1 >= b->cap)
		buf_grow(b, 1);
	b->ptr[b->len++] = (char)c;
	b->ptr[b->len] = '\0';
}
/* Append the decimal digits of v (what "%llu" prints, without printf's
 * cost: for files of millions of numbers). */
void buf_put_dec(struct buf *b, unsigned long long v);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Shorten to len bytes (no-op if len >= b->len). */
void buf_truncate(struct buf *b, size_t len);
/* Empty the buffer but keep its memory. */
void buf_reset(struct buf *b);
/* Replace the contents by a copy of data. */
void buf_set(struct buf *b, const void *data, size_t len);
/* Hand the bytes to the caller (always malloc'ed, NUL-terminated) and
 * leave b empty.  If len is not NULL it receives the length. */
char *buf_detach(struct buf *b, size_t *len);
/* Remove leading and trailing ASCII white space. */
void buf_trim(struct buf *b);

#endif
