/* searchtok.c - search normaliser and tokenizer; see searchtok.h. */
#include "searchtok.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int32_t searchtok_variant(int32_t cp)
{
	size_t lo = 0, hi = searchtok_nvariants;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (searchtok_variants[mid].from == (uint32_t)cp)
			return (int32_t)searchtok_variants[mid].to;
		if (searchtok_variants[mid].from < (uint32_t)cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return cp;
}

/* NFKC of the whole text, then per code point lower case and variants. */
int searchtok_normalize(struct buf *out, const char *s, size_t len)
{
	utf8proc_uint8_t *nfkc = NULL;
	utf8proc_ssize_t n, i = 0;

	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfkc,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
	if (n < 0)
		return -1;
	buf_grow(out, (size_t)n);
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t step = utf8proc_iterate(nfkc + i, n - i, &cp);

		if (step <= 0)
			break; /* cannot happen: utf8proc_map wrote valid UTF-8 */
		i += step;
		cp = searchtok_variant(utf8proc_tolower(cp));
		buf_put(out, enc, (size_t)utf8proc_encode_char(cp, enc));
	}
	free(nfkc);
	return 0;
}

static int is_cjk_range(int32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3040 && cp <= 0x312F) ||
	       (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x323AF);
}

static int is_space(int32_t cp)
{
	return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0xFEFF || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* The same classes as charClass() in static/search.js: 1 CJK (letters in
 * the CJK blocks, and 〇), 2 word (other letters, digits, marks), 3 white
 * space, 0 other separators. */
static int char_class(int32_t cp)
{
	utf8proc_category_t cat = utf8proc_category(cp);
	int letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;

	if (cp == 0x3007 || (letter && is_cjk_range(cp)))
		return 1;
	if (letter || (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_NO))
		return 2;
	return is_space(cp) ? 3 : 0;
}

int searchtok_class(int32_t cp)
{
	int c = char_class(cp);

	return c == 3 ? 0 : c;
}

/* Scan state: where the open word starts, where the previous CJK character
 * of the open run starts (white space keeps the run open). */
struct scan {
	const char *s;
	size_t word, prev, prevlen;
	int in_word, in_run;
};

static void end_word(struct scan *sc, size_t at, searchtok_fn fn, void *ctx)
{
	if (sc->in_word)
		fn(ctx, sc->s + sc->word, at - sc->word, SEARCHTOK_WORD);
	sc->in_word = 0;
}

/* A CJK character at s[at..at+len): its unigram, and the bigram with the
 * previous character of the run (white space between them skipped). */
static void cjk_char(struct scan *sc, size_t at, size_t len, searchtok_fn fn, void *ctx)
{
	fn(ctx, sc->s + at, len, SEARCHTOK_UNIGRAM);
	if (sc->in_run) {
		char pair[8];

		memcpy(pair, sc->s + sc->prev, sc->prevlen);
		memcpy(pair + sc->prevlen, sc->s + at, len);
		fn(ctx, pair, sc->prevlen + len, SEARCHTOK_BIGRAM);
	}
	sc->in_run = 1;
	sc->prev = at;
	sc->prevlen = len;
}

void searchtok_terms(const char *s, size_t len, searchtok_fn fn, void *ctx)
{
	struct scan sc = {s, 0, 0, 0, 0, 0};
	size_t i = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
							 (utf8proc_ssize_t)(len - i), &cp);
		int cls;

		if (step <= 0) { /* invalid byte: a separator */
			step = 1;
			cp = 0;
		}
		cls = cp ? char_class(cp) : 0;
		if (cls != 2)
			end_word(&sc, i, fn, ctx);
		if (cls == 1)
			cjk_char(&sc, i, (size_t)step, fn, ctx);
		else if (cls != 3)
			sc.in_run = 0;
		if (cls == 2 && !sc.in_word) {
			sc.in_word = 1;
			sc.word = i;
		}
		i += (size_t)step;
	}
	end_word(&sc, len, fn, ctx);
}

static void debug_term(void *ctx, const char *term, size_t len, enum searchtok_kind kind)
{
	struct buf *out = ctx;

	(void)kind;
	if (out->len)
		buf_putc(out, ' ');
	buf_put(out, term, len);
}

int searchtok_debug(struct buf *out, const char *s)
{
	struct buf norm = BUF_INIT;
	struct buf terms = BUF_INIT;

	if (searchtok_normalize(&norm, s, strlen(s)) < 0)
		return -1;
	searchtok_terms(norm.ptr, norm.len, debug_term, &terms);
	buf_put(out, terms.ptr, terms.len);
	buf_release(&norm);
	buf_release(&terms);
	return 0;
}
