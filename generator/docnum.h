/* docnum.h - 发文字号 (document numbers) compared loosely: NFKC (full-width
 * to half-width), the brackets 〔〕［］[]【】（）() made one kind, spaces
 * dropped, so 豫政办〔2024〕40号 = 豫政办[2024]40号 = 豫政办〔2024〕40 号. */
#ifndef HUIBIAN_DOCNUM_H
#define HUIBIAN_DOCNUM_H

#include "buf.h"

/* Append the normalised form of s to out. */
void docnum_normalize(struct buf *out, const char *s);

#endif
