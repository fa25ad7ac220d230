/* cite.h - citations of other documents in body text: a 发文字号 in any
 * common spelling (豫政办〔2024〕40号 = 豫政办[2024]40号 = 豫政办〔2024〕40 号,
 * full- or half-width) or a 《title》 that names a document of the site (its
 * title, or the title of the text it transmits). */
#ifndef HUIBIAN_CITE_H
#define HUIBIAN_CITE_H

#include <stddef.h>

#include "site.h"

struct cite {
	size_t start, len;     /* the cited text within the searched text */
	const struct doc *doc; /* the document it names (borrowed) */
};

/* Find the first citation in text[0..len) that names a document of s other
 * than self.  Returns 1 and fills *out, or 0 when there is none. */
int cite_next(struct cite *out, const struct site *s, const struct doc *self, const char *text,
	      size_t len);

#endif
