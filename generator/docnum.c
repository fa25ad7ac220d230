/* docnum.c - see docnum.h. */
#include "docnum.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void docnum_normalize(struct buf *out, const char *s)
{
	static const char *const open[] = {"〔", "【", "[", "(", "［", NULL};
	static const char *const close[] = {"〕", "】", "]", ")", "］", NULL};
	utf8proc_uint8_t *nfkc = utf8proc_NFKC((const utf8proc_uint8_t *)s);
	const char *p = nfkc ? (const char *)nfkc : s;
	size_t k, n;
	int hit;

	while (*p) {
		hit = 0;
		for (k = 0; open[k]; k++) {
			n = strlen(open[k]);
			if (!strncmp(p, open[k], n)) {
				buf_putc(out, '[');
				p += n;
				hit = 1;
				break;
			}
			n = strlen(close[k]);
			if (!strncmp(p, close[k], n)) {
				buf_putc(out, ']');
				p += n;
				hit = 1;
				break;
			}
		}
		if (hit)
			continue;
		if (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		else if (!strncmp(p, "\u3000", 3))
			p += 3;
		else
			buf_putc(out, *p++);
	}
	free(nfkc);
}
