/* importtext.c - decoding and line clean-up for `huibian import`
 * (see importtext.h). */
#include "importtext.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "importmeta.h"
#include "xalloc.h"

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 if invalid. */
static size_t u8_valid(const unsigned char *p, size_t n)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0))
			return 0;
		return 3;
	}
	if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

/* Check that data is UTF-8; on failure store the 1-based line and column
 * (in characters) of the first bad byte and return -1. */
static int u8_check(const char *data, size_t len, int *line, int *col)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t i = 0, k;
	int l = 1, c = 1;

	while (i < len) {
		k = u8_valid(p + i, len - i);
		if (k == 0) {
			*line = l;
			*col = c;
			return -1;
		}
		if (p[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
		i += k;
	}
	return 0;
}

/* Convert with iconv(3) from the encoding from to UTF-8; 0 or -1. */
static int convert(struct buf *out, const char *from, const char *data, size_t len)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char *in = (char *)data, tmp[8192];
	size_t left = len;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return -1;
	while (left > 0) {
		char *o = tmp;
		size_t room = sizeof tmp;
		size_t r = iconv(cd, &in, &left, &o, &room);
		buf_put(out, tmp, sizeof tmp - room);
		if (r == (size_t)-1 && errno != E2BIG) {
			rc = -1;
			break;
		}
	}
	iconv_close(cd);
	return rc;
}

/* Does data contain control bytes that text never has?  Stores the
 * position of the first one. */
static int has_binary(const char *data, size_t len, int *line, int *col)
{
	int l = 1, c = 1;

	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)data[i];
		if (ch == '\n') {
			l++;
			c = 1;
			continue;
		}
		if ((ch < 0x20 && ch != '\t' && ch != '\r' && ch != '\f' && ch != '\v') ||
		    ch == 0x7F) {
			*line = l;
			*col = c;
			return 1;
		}
		if ((ch & 0xC0) != 0x80)
			c++;
	}
	return 0;
}

/* Decode an input file to UTF-8; see importtext.h. */
int it_decode(struct buf *out, struct diag *dg, const char *path, const char *data, size_t len)
{
	const unsigned char *u = (const unsigned char *)data;
	int line, col;

	if (len == 0) {
		diag_error(dg, path, 1, 1, "empty file");
		return -1;
	}
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		if (convert(out, "UTF-16", data, len) < 0) {
			diag_error(dg, path, 1, 1, "invalid UTF-16 text");
			return -1;
		}
		diag_warning(dg, path, 1, 1, "converted from UTF-16 to UTF-8");
		data = out->ptr;
		len = out->len;
		if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
			memmove(out->ptr, out->ptr + 3, len - 2);
			out->len = len - 3;
		}
		if (has_binary(out->ptr, out->len, &line, &col)) {
			diag_error(dg, path, line, col, "binary data, not text");
			return -1;
		}
		return 0;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (has_binary(data, len, &line, &col)) {
		diag_error(dg, path, line, col, "binary data, not text");
		return -1;
	}
	if (u8_check(data, len, &line, &col) == 0) {
		buf_put(out, data, len);
		return 0;
	}
	if (convert(out, "GB18030", data, len) == 0) {
		diag_warning(dg, path, 1, 1,
			     "not valid UTF-8 but valid GB18030: converted to UTF-8");
		return 0;
	}
	buf_reset(out);
	diag_error(dg, path, line, col, "invalid UTF-8 (and not GB18030)");
	return -1;
}

/* Strip white space (ASCII, U+3000, U+00A0) at both ends of [s, *e);
 * tabs are kept at the left when the line has further tabs (table rows). */
static const char *trim(const char *s, const char **e)
{
	const char *end = *e;
	uint32_t cp;
	size_t k;

	while (s < end && (k = im_u8(s, &cp)) > 0 && im_is_space(cp) && cp != '\t')
		s += k;
	if (*s == '\t' && !memchr(s + strspn(s, "\t"), '\t', (size_t)(end - s) - strspn(s, "\t")))
		s += strspn(s, "\t");
	while (end > s) {
		const char *q = end - 1;
		while (q > s && ((unsigned char)*q & 0xC0) == 0x80)
			q--;
		im_u8(q, &cp);
		if (!im_is_space(cp))
			break;
		end = q;
	}
	*e = end;
	return s;
}

/* Case-insensitive: does the tag at s (just after '<') have the name n? */
static int tag_is(const char *s, const char *n)
{
	size_t k = strlen(n);
	if (*s == '/')
		s++;
	for (size_t i = 0; i < k; i++)
		if ((s[i] | 0x20) != n[i])
			return 0;
	return !((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z') && !(s[k] >= '0' && s[k] <= '9');
}

/* Append the text of [s, e) to out with tags removed and the common
 * entities decoded (&nbsp; becomes a space, removed later). */
static void strip_tags(struct buf *out, const char *s, const char *e)
{
	static const char *const ent[][2] = {{"&nbsp;", " "}, {"&amp;", "&"},	{"&lt;", "<"},
					     {"&gt;", ">"},   {"&quot;", "\""}, {"&#160;", " "}};
	while (s < e) {
		const char *g;
		size_t i;
		if (*s == '<' && (g = memchr(s, '>', (size_t)(e - s))) != NULL) {
			s = g + 1;
			continue;
		}
		for (i = 0; i < sizeof ent / sizeof ent[0]; i++)
			if ((size_t)(e - s) >= strlen(ent[i][0]) &&
			    memcmp(s, ent[i][0], strlen(ent[i][0])) == 0)
				break;
		if (i < sizeof ent / sizeof ent[0]) {
			buf_puts(out, ent[i][1]);
			s += strlen(ent[i][0]);
		} else {
			buf_putc(out, *s++);
		}
	}
}

/* A line of a web page exported with its markup: <p>…</p> paragraphs or
 * table cells (<td>/<th>, or a row garbled into <p>cell</p><p>cell</p>).
 * Appends the cell texts to out separated by tabs (a table row, as if the
 * row had been copied tab-separated) and returns the number of cells; 0
 * (out untouched) if [s, e) does not start with such markup.  The cell
 * elements are <td>/<th> when the line has them, else <p>. */
static int html_cells(struct buf *out, const char *s, const char *e)
{
	const char *cell = NULL;
	int n = 0;

	if (*s != '<' || !(tag_is(s + 1, "p") || tag_is(s + 1, "td") || tag_is(s + 1, "th") ||
			   tag_is(s + 1, "tr") || tag_is(s + 1, "div") || tag_is(s + 1, "span")))
		return 0;
	for (const char *p = s; p < e; p++)
		if (*p == '<' && (tag_is(p + 1, "td") || tag_is(p + 1, "th")))
			cell = "td";
	for (const char *p = s; p < e; p++) {
		if (!(*p == '<' && p[1] != '/' &&
		      (cell ? tag_is(p + 1, "td") || tag_is(p + 1, "th") : tag_is(p + 1, "p"))))
			continue;
		const char *q = p + 1;
		while (q < e &&
		       !(*q == '<' && q[1] != '/' &&
			 (cell ? tag_is(q + 1, "td") || tag_is(q + 1, "th") : tag_is(q + 1, "p"))))
			q++;
		struct buf t = BUF_INIT;
		strip_tags(&t, p, q);
		const char *ts = t.ptr, *te = t.ptr + t.len;
		ts = trim(ts, &te);
		if (n++)
			buf_putc(out, '\t');
		for (; ts < te; ts++)
			buf_putc(out, *ts == '\t' ? ' ' : *ts);
		buf_release(&t);
		p = q - 1;
	}
	if (n == 0)
		strip_tags(out, s, e); /* <div>/<span> text: the markup only */
	return n ? n : 1;
}

/* Clean one raw line [s, e) into a struct it_line. */
static void clean_line(struct it_line *l, const char *s, const char *e)
{
	struct buf b = BUF_INIT;
	uint32_t cp;

	im_u8(s, &cp);
	l->lead = s < e && im_is_space(cp);
	s = trim(s, &e);
	int cells = html_cells(&b, s, e);
	if (cells > 0) {
		const char *bs = b.ptr, *be = b.ptr + b.len;
		bs = trim(bs, &be);
		l->text = xstrndup(bs, (size_t)(be - bs));
		for (const char *p = l->text; *p; p++)
			l->tabs += *p == '\t';
		l->junk = l->text[0] ? IT_KEEP : IT_BLANK;
		buf_release(&b);
		return;
	}
	if (*s == '#') {
		size_t h = strspn(s, "#");
		if (h <= 6 && (s[h] == ' ' || s + h == e)) {
			l->mdhead = (int)h;
			s += h;
			s = trim(s, &e);
		}
	}
	if (e - s >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ')
		s = trim(s + 2, &e);
	for (const char *p = s; p < e; p++) {
		if (p[0] == '*' && p + 1 < e && p[1] == '*') {
			p++;
			continue;
		}
		if (*p == '\t')
			l->tabs++;
		buf_putc(&b, *p);
	}
	if (b.len > 0) { /* removing ** may leave spaces at the ends */
		const char *bs = b.ptr, *be = b.ptr + b.len;
		bs = trim(bs, &be);
		if (bs != b.ptr || be != b.ptr + b.len) {
			char *t = xstrndup(bs, (size_t)(be - bs));
			buf_set(&b, t, strlen(t));
			free(t);
		}
	}
	l->text = buf_detach(&b, NULL);
	l->junk = l->text[0] ? IT_KEEP : IT_BLANK;
}

void it_split(struct it_lines *ls, const char *path, const char *text)
{
	const char *p = text;
	int lineno = 0;

	while (*p) {
		const char *e = p + strcspn(p, "\r\n");
		struct it_line l = {0};
		l.path = path;
		l.lineno = ++lineno;
		clean_line(&l, p, e);
		if (ls->n == ls->cap) {
			ls->cap = ls->cap ? 2 * ls->cap : 256;
			ls->v = xreallocarray(ls->v, ls->cap, sizeof *ls->v);
		}
		ls->v[ls->n++] = l;
		if (*e == '\r' && e[1] == '\n')
			e++;
		p = *e ? e + 1 : e;
	}
}

void it_lines_free(struct it_lines *ls)
{
	if (!ls)
		return;
	for (size_t i = 0; i < ls->n; i++)
		free(ls->v[i].text);
	free(ls->v);
	ls->v = NULL;
	ls->n = ls->cap = 0;
}

const char *it_junk_name(enum it_junk j)
{
	switch (j) {
	case IT_BLANK:
		return "blank";
	case IT_PAGENO:
		return "page number";
	case IT_HEADER:
		return "running header";
	case IT_WEB:
		return "web debris";
	case IT_TOC:
		return "table of contents";
	default:
		return "kept";
	}
}

int it_is_web_junk(const char *s)
{
	static const char *const marks[] = {
	    "javascript:", "扫一扫", "分享到",	 "打印本页", "关闭窗口", "【打印】", "【关闭】",
	    "字体：",	   "字号：", "返回顶部", "微信扫",   "用手机扫", NULL};
	size_t n = strlen(s);

	for (int i = 0; marks[i]; i++)
		if (strstr(s, marks[i]) && im_u8len(s) < 40)
			return 1;
	if ((im_starts_with(s, "http://") || im_starts_with(s, "https://") ||
	     im_starts_with(s, "www.")) &&
	    !strstr(s, "，") && !strstr(s, "。") && !strstr(s, "）"))
		return 1;
	if (!strstr(s, "，") && !strstr(s, "。") && n < 300 &&
	    (strstr(s, "/files/") || im_starts_with(s, "file:") ||
	     ((im_ends_with(s, ".docx") || im_ends_with(s, ".doc") || im_ends_with(s, ".pdf") ||
	       im_ends_with(s, ".xls") || im_ends_with(s, ".xlsx") || im_ends_with(s, ".html") ||
	       im_ends_with(s, ".wps")) &&
	      (strchr(s, '/') || strchr(s, '\\')))))
		return 1;
	return 0;
}

int it_is_pageno(const char *s)
{
	const char *p = s;
	int digits = 0;

	p += strspn(p, " -");
	while (im_starts_with(p, "—") || im_starts_with(p, "－"))
		p += 3;
	p += strspn(p, " ");
	while (*p >= '0' && *p <= '9') {
		p++;
		digits++;
	}
	p += strspn(p, " -");
	while (im_starts_with(p, "—") || im_starts_with(p, "－"))
		p += 3;
	p += strspn(p, " ");
	return digits > 0 && digits <= 4 && *p == '\0';
}

/* Does s end with a table-of-contents page reference: "….. (2)", "\t（13）",
 * "…… 7"?  The reference must follow dots, an ellipsis or a tab, or be the
 * whole line. */
static int toc_ref(const char *s)
{
	const char *p = s + strlen(s);
	int digits = 0, bracket = 0;

	if (im_ends_with(s, "）") || im_ends_with(s, ")")) {
		p -= im_ends_with(s, ")") ? 1 : 3;
		bracket = 1;
	}
	while (p > s && p[-1] >= '0' && p[-1] <= '9') {
		p--;
		digits++;
	}
	if (!digits || digits > 3)
		return 0;
	if (bracket) {
		if (p > s && p[-1] == '(')
			p--;
		else if (p - s >= 3 && memcmp(p - 3, "（", 3) == 0)
			p -= 3;
		else
			return 0;
	}
	while (p > s && (p[-1] == ' ' || p[-1] == '\t')) {
		if (p[-1] == '\t')
			return 1;
		p--;
	}
	return p == s || p[-1] == '.' || (p - s >= 3 && memcmp(p - 3, "…", 3) == 0);
}

/* Is s the heading of a table of contents (目录, 目 录)? */
static int toc_head(const char *s)
{
	struct buf b = BUF_INIT;
	int r;

	im_squeeze(&b, s);
	r = strcmp(b.ptr, "目录") == 0 || strcmp(b.ptr, "目次") == 0;
	buf_release(&b);
	return r;
}

/* Mark the table of contents that starts at line i: page-reference lines,
 * lines continued by one within two lines, and 【…】 group headings not
 * seen before in it.  Returns the index after it. */
static size_t mark_toc(struct it_lines *ls, size_t i)
{
	struct buf seen = BUF_INIT;

	ls->v[i++].junk = IT_TOC;
	for (; i < ls->n; i++) {
		struct it_line *l = &ls->v[i];
		int cont = 0;
		if (l->junk != IT_KEEP)
			continue;
		if (im_starts_with(l->text, "【") && im_ends_with(l->text, "】")) {
			if (strstr(seen.ptr, l->text))
				break;
			buf_puts(&seen, l->text);
			buf_putc(&seen, '\n');
			l->junk = IT_TOC;
			continue;
		}
		for (size_t j = i + 1, k = 0; j < ls->n && k < 2; j++) {
			if (ls->v[j].junk != IT_KEEP)
				continue;
			k++;
			if (toc_ref(ls->v[j].text)) {
				cont = 1;
				break;
			}
		}
		if (!toc_ref(l->text) && !(cont && im_u8len(l->text) < 60))
			break;
		l->junk = IT_TOC;
	}
	buf_release(&seen);
	return i;
}

/* FNV-1a hash of a string. */
static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Mark running headers: short lines repeated at least three times that
 * name a periodical (公报, 汇编, …) or stand next to a page number. */
static void mark_headers(struct it_lines *ls)
{
	size_t cap = 1;
	while (cap < 2 * ls->n + 2)
		cap *= 2;
	size_t *slot = xcalloc(cap, sizeof *slot); /* index + 1 of first line */
	int *count = xcalloc(ls->n + 1, sizeof *count);
	size_t *first = xcalloc(ls->n + 1, sizeof *first);

	for (size_t i = 0; i < ls->n; i++) {
		struct it_line *l = &ls->v[i];
		if (l->junk != IT_KEEP || strlen(l->text) > 60 || l->tabs)
			continue;
		size_t h = (size_t)hash(l->text) & (cap - 1);
		while (slot[h] && strcmp(ls->v[slot[h] - 1].text, l->text) != 0)
			h = (h + 1) & (cap - 1);
		if (!slot[h])
			slot[h] = i + 1;
		first[i] = slot[h] - 1;
		count[slot[h] - 1]++;
	}
	for (size_t i = 0; i < ls->n; i++) {
		struct it_line *l = &ls->v[i];
		if (l->junk != IT_KEEP || strlen(l->text) > 60 || l->tabs || count[first[i]] < 3)
			continue;
		int named = strstr(l->text, "公报") || strstr(l->text, "汇编") ||
			    strstr(l->text, "简报") || strstr(l->text, "年鉴");
		int by_page =
		    (i > 0 && ls->v[i - 1].junk == IT_PAGENO) ||
		    (i + 1 < ls->n && ls->v[i + 1].junk == IT_PAGENO) ||
		    (i > 1 && ls->v[i - 1].junk == IT_BLANK && ls->v[i - 2].junk == IT_PAGENO) ||
		    (i + 2 < ls->n && ls->v[i + 1].junk == IT_BLANK &&
		     ls->v[i + 2].junk == IT_PAGENO);
		if ((named && im_u8len(l->text) <= 30) || (by_page && count[first[i]] >= 5))
			l->junk = IT_HEADER;
	}
	free(slot);
	free(count);
	free(first);
}

/* Mark junk lines; see importtext.h. */
void it_mark_junk(struct it_lines *ls)
{
	int toc_done = 0;

	for (size_t i = 0; i < ls->n; i++) {
		struct it_line *l = &ls->v[i];
		if (l->junk != IT_KEEP)
			continue;
		if (it_is_pageno(l->text) && !l->tabs)
			l->junk = IT_PAGENO;
		else if (it_is_web_junk(l->text))
			l->junk = IT_WEB;
	}
	mark_headers(ls);
	for (size_t i = 0; i < ls->n && !toc_done; i++)
		if (ls->v[i].junk == IT_KEEP && toc_head(ls->v[i].text)) {
			mark_toc(ls, i);
			toc_done = 1;
		}
}
