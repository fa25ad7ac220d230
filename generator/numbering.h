/* numbering.h - the numbering labels of Chinese official documents at the
 * start of a heading or paragraph: 第三章, 第二节, 第十五条, 一、, （二）,
 * (二), 1. / 1、 / （1）.  Used for stable anchors. */
#ifndef HUIBIAN_NUMBERING_H
#define HUIBIAN_NUMBERING_H

#include <stddef.h>

enum numbering_kind {
	NUMBERING_NONE,
	NUMBERING_CHAPTER,     /* 第X章 (also 第X编, 第X部分) */
	NUMBERING_SECTION,     /* 第X节 */
	NUMBERING_ARTICLE,     /* 第X条 */
	NUMBERING_CN,	       /* 一、 */
	NUMBERING_CN_PAREN,    /* （一） */
	NUMBERING_DIGIT,       /* 1. 1、 1． */
	NUMBERING_DIGIT_PAREN, /* （1） (1) */
};

struct numbering {
	enum numbering_kind kind;
	int value;  /* the number, >= 1 */
	size_t len; /* bytes of the label, including its punctuation */
};

/* Recognise a label at the start of s (leading spaces skipped are counted
 * in len).  Returns 1 and fills *out, or 0 (out->kind = NUMBERING_NONE). */
int numbering_parse(struct numbering *out, const char *s, size_t len);
/* Value of a Chinese numeral 一..九百九十九 (零/〇/两 accepted), or of ASCII
 * digits; len bytes of s must all be numeral.  Returns -1 if not one. */
int numbering_value(const char *s, size_t len);

#endif
