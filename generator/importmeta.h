/* importmeta.h - recognisers for the metadata of Chinese official documents,
 * used by `huibian import`: 发文字号, dates, 文种, issuers, levels, file names,
 * and small UTF-8 helpers.
 *
 * All functions are pure (no global state); strings are UTF-8.  Functions
 * that produce text append to a caller-owned struct buf; the caller frees it.
 */
#ifndef HUIBIAN_IMPORTMETA_H
#define HUIBIAN_IMPORTMETA_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Decode one UTF-8 code point at s (which must be valid UTF-8); store it in
 * *cp and return its length in bytes (0 at the NUL). */
size_t im_u8(const char *s, uint32_t *cp);
/* Number of code points in s. */
size_t im_u8len(const char *s);
/* True for CJK unified ideographs (the basic block and extension A). */
int im_is_han(uint32_t cp);
/* True for ASCII space, tab, U+3000 and U+00A0. */
int im_is_space(uint32_t cp);
/* Append s to out without any white space (layout spaces removed), except
 * that a single space is kept between two Latin letters or digits. */
void im_squeeze(struct buf *out, const char *s);
/* Does s end with the UTF-8 string suffix? */
int im_ends_with(const char *s, const char *suffix);
int im_starts_with(const char *s, const char *prefix);

/* A calendar date; y == 0 means none. */
struct im_date {
	int y, m, d;
};

/* Parse a date at the start of s: "2024年7月25日", "2024 年 7 月 25 日",
 * "二〇二四年七月二十五日", "2024-07-25".  On success store it in *out, set
 * *len to the bytes consumed and return 0; return -1 if there is no real
 * date there (month/day are checked against the calendar). */
int im_date_parse(struct im_date *out, size_t *len, const char *s);
/* Find the first date anywhere in s; return a pointer to it or NULL. */
const char *im_date_find(struct im_date *out, size_t *len, const char *s);
/* Is the whole of s (ignoring spaces and a wrapping pair of brackets) one
 * date?  Stores it in *out. */
int im_date_line(struct im_date *out, const char *s);
/* Format as YYYY-MM-DD into buf (at least 11 bytes). */
void im_date_format(char *buf, const struct im_date *d);
/* Add years, months and days (normalising), e.g. for 有效期N年. */
struct im_date im_date_add(struct im_date d, int years, int days);

/* Recognise a 发文字号 at the start of s (after white space) in the shapes
 * 豫政办〔2024〕40号, 豫政办〔2024〕60 号, 豫政办[2024]40号,
 * 郑州市人民政府令 第 245 号, 河南省人民政府令第225号, …公告 2024年第 4号.
 * On success append the normalised number (no spaces, brackets 〔〕) to out,
 * store a pointer to the rest of s in *rest and return 0; return -1 (out
 * untouched) otherwise. */
int im_docno_parse(struct buf *out, const char **rest, const char *s);
/* Find a 发文字号 anywhere in s (for example inside "（…令第225号公布）");
 * same contract as im_docno_parse. */
int im_docno_find(struct buf *out, const char *s);
/* Does s (a whole line) consist of an authority name ending in 令 or 公告,
 * e.g. "郑州市人民政府令" — the first half of a number split over two lines? */
int im_docno_head(const char *s);

/* The 文种 of a title: the last kind word (通知, 意见, 办法, …) at its end,
 * ignoring a trailing bracketed part like （试行） and closing 》.  Returns a
 * static string or NULL. */
const char *im_kind(const char *title);
/* Append the issuers named at the start of a title ("A B关于…", "A等20部门关于…",
 * "A印发…", "A出台…" if A is a body name), each
 * followed by '\n'.  Returns how many. */
int im_title_issuers(struct buf *out, const char *title);
/* Does s look like the name of a public body (ends in 厅, 局, 委, 政府, …)? */
int im_is_org(const char *s);
/* Level (国家/省/市/区县) inferred from the lead issuer; static string. */
const char *im_level(const char *issuer);
/* Derive a file name stem from a 发文字号 ("豫政办〔2024〕40号" → "yzb-2024-40")
 * into out; returns -1 (out untouched) if a character has no known initial. */
int im_slug(struct buf *out, const char *docno);

#endif
