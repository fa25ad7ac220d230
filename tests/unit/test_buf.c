/* Unit tests for buf.c: the growable buffer contract. */
#include <stdlib.h>

#include "buf.h"
#include "tap.h"

int main(void)
{
	struct buf b = BUF_INIT;
	char *p;
	size_t len, i;

	ok(b.ptr != NULL && b.ptr[0] == '\0' && b.len == 0,
	   "BUF_INIT is an empty string, never NULL");
	buf_reset(&b);
	buf_truncate(&b, 0);
	ok(b.cap == 0, "reset/truncate on the empty buffer do not allocate");
	buf_puts(&b, "汇编");
	buf_putc(&b, '-');
	buf_printf(&b, "%d/%s", 42, "x");
	is_str(b.ptr, "汇编-42/x", "puts, putc and printf append");
	is_int(b.len, strlen("汇编-42/x"), "len counts bytes");
	for (i = 0; i < 10000; i++)
		buf_putc(&b, 'a' + (int)(i % 26));
	ok(b.len == strlen("汇编-42/x") + 10000 && b.ptr[b.len] == '\0',
	   "grows and stays NUL-terminated");
	buf_truncate(&b, 6);
	is_str(b.ptr, "汇编", "truncate cuts bytes");
	buf_set(&b, "  \t trimmed \n", 13);
	buf_trim(&b);
	is_str(b.ptr, "trimmed", "trim removes ASCII white space at both ends");
	buf_put(&b, "\0z", 2);
	is_int(b.len, 9, "put copies NUL bytes");
	p = buf_detach(&b, &len);
	ok(len == 9 && p[7] == '\0' && p[8] == 'z', "detach hands over the bytes");
	ok(b.ptr != NULL && b.len == 0 && b.cap == 0, "detach leaves the buffer empty");
	free(p);
	p = buf_detach(&b, NULL);
	ok(p && p[0] == '\0', "detach of an empty buffer gives an owned empty string");
	free(p);
	buf_printf(&b, "%s", "");
	ok(b.len == 0, "printf of an empty string appends nothing");
	buf_put_dec(&b, 0);
	buf_putc(&b, ' ');
	buf_put_dec(&b, 7);
	buf_putc(&b, ' ');
	buf_put_dec(&b, 1000);
	buf_putc(&b, ' ');
	buf_put_dec(&b, 18446744073709551615ULL);
	is_str(b.ptr, "0 7 1000 18446744073709551615", "put_dec: what %%llu prints");
	buf_reset(&b);
	buf_release(&b);
	buf_release(&b);
	ok(b.ptr != NULL && b.len == 0, "release twice is harmless");
	return tap_done();
}
