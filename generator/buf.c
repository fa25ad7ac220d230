/* buf.c - growable byte buffer, modelled on git's strbuf and cmark's
 * cmark_strbuf.  See buf.h for the contract. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

char buf__empty[1];

void buf_init(struct buf *b)
{
	b->ptr = buf__empty;
	b->len = 0;
	b->cap = 0;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->ptr);
	buf_init(b);
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t need, cap;

	if (extra >= (size_t)-1 - b->len - 1)
		xmalloc((size_t)-1); /* aborts: cannot be satisfied */
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap < ((size_t)-1) / 2 ? cap * 2 : need;
	if (b->cap) {
		b->ptr = xrealloc(b->ptr, cap);
	} else {
		b->ptr = xmalloc(cap);
		b->ptr[0] = '\0';
	}
	b->cap = cap;
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

void buf_reset(struct buf *b)
{
	buf_truncate(b, 0);
}

void buf_set(struct buf *b, const void *data, size_t len)
{
	buf_reset(b);
	buf_put(b, data, len);
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->cap ? b->ptr : xstrdup("");

	/* the bytes may be kept long (a document's html and text): give back
	 * the doubling's slack when it is worth it */
	if (b->cap && b->cap - b->len - 1 >= 64 && b->cap - b->len - 1 >= b->len / 8)
		p = xrealloc(p, b->len + 1);

	if (len)
		*len = b->len;
	buf_init(b);
	return p;
}

void buf_trim(struct buf *b)
{
	size_t start = 0, end = b->len;

	while (start < end && strchr(" \t\r\n\f\v", b->ptr[start]) && b->ptr[start])
		start++;
	while (end > start && strchr(" \t\r\n\f\v", b->ptr[end - 1]) && b->ptr[end - 1])
		end--;
	if (start)
		memmove(b->ptr, b->ptr + start, end - start);
	if (b->cap) {
		b->len = end - start;
		b->ptr[b->len] = '\0';
	}
}

void buf_put_dec(struct buf *b, unsigned long long v)
{
	char d[24];
	size_t i = sizeof(d);

	do
		d[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	buf_put(b, d + i, sizeof(d) - i);
}
