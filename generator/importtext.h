/* importtext.h - input decoding and line clean-up for `huibian import`.
 *
 * it_decode turns the bytes of an input file into UTF-8 (UTF-8 with or
 * without BOM, UTF-16 with BOM, GB18030) and it_split cuts the text into
 * cleaned lines, each remembering its file and 1-based line number and
 * whether it is junk (page number, running header, web debris, table of
 * contents).  The caller owns struct it_lines and frees it with
 * it_lines_free.
 */
#ifndef HUIBIAN_IMPORTTEXT_H
#define HUIBIAN_IMPORTTEXT_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

enum it_junk {
	IT_KEEP = 0,
	IT_BLANK,
	IT_PAGENO,
	IT_HEADER,
	IT_WEB,
	IT_TOC,
};

struct it_line {
	char *text;	  /* cleaned text (owned): trimmed, Markdown marks removed */
	const char *path; /* input file (borrowed from the caller) */
	int lineno;	  /* 1-based line in that file */
	int lead;	  /* the raw line started with white space (page start) */
	int mdhead;	  /* it was a Markdown heading (# count) */
	int tabs;	  /* number of tab-separated cells minus one */
	enum it_junk junk;
};

struct it_lines {
	struct it_line *v;
	size_t n, cap;
};

/* Convert data (len bytes of the file path) to UTF-8 in out.  Returns 0;
 * on error adds a diagnostic (path:line:col for invalid UTF-8) and returns
 * -1.  A note on stderr-worthy conversions (GB18030, UTF-16) is added as a
 * warning.  An empty or binary input is an error. */
int it_decode(struct buf *out, struct diag *dg, const char *path, const char *data, size_t len);
/* Append the lines of text (UTF-8, from path) to ls, cleaned. */
void it_split(struct it_lines *ls, const char *path, const char *text);
/* Mark junk lines in ls (page numbers, running headers, web debris, the
 * table of contents).  Linear in the input size. */
void it_mark_junk(struct it_lines *ls);
/* A name for a junk reason ("page number", …). */
const char *it_junk_name(enum it_junk j);
/* Is s web debris (javascript:, bare URLs, file paths, 扫一扫, …)? */
int it_is_web_junk(const char *s);
/* Is s a bare page number ("12", "- 12 -", "—12—")? */
int it_is_pageno(const char *s);
void it_lines_free(struct it_lines *ls);

#endif
