/* searchtok.h - the search normaliser and tokenizer, shared by the index
 * writer (search.c) and mirrored by static/search.js for queries.
 *
 * Normalisation, per code point after NFKC of the whole text (utf8proc):
 * lower case (utf8proc_tolower, the simple mapping that JavaScript's
 * toLowerCase applies to the characters that matter), then the traditional →
 * simplified variant table (searchvar.c), so 辦 and 办 are one character.
 * The browser does String.prototype.normalize('NFKC').toLowerCase() and the
 * same table (shipped in the manifest); tests/search/norm-cases.txt holds the
 * cases both sides are tested against.
 *
 * Tokens of a normalised text, in order:
 *   - a CJK run (Han, kana, hangul; white space inside a run is skipped, so
 *     "发展 服务" is one run) gives every character as a unigram and every
 *     pair of neighbours as a bigram;
 *   - a run of other letters, digits and marks gives one word ("abc123");
 *   - everything else (punctuation, brackets, spaces) separates.
 * So 豫政办〔2024〕40号 and 豫政办[2024]40 号 give the same terms.
 *
 * No allocation is kept; everything here is reentrant.
 */
#ifndef HUIBIAN_SEARCHTOK_H
#define HUIBIAN_SEARCHTOK_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct searchtok_variant {
	uint32_t from, to; /* traditional, simplified */
};
/* Sorted by from; generated, read-only. */
extern const struct searchtok_variant searchtok_variants[];
extern const size_t searchtok_nvariants;

enum searchtok_kind { SEARCHTOK_UNIGRAM, SEARCHTOK_BIGRAM, SEARCHTOK_WORD };

/* Called for each term: term[0..len) is normalised UTF-8 (not terminated). */
typedef void (*searchtok_fn)(void *ctx, const char *term, size_t len, enum searchtok_kind kind);

/* Append the normalised form of s[0..len) to out.  Returns 0, or -1 if s is
 * not valid UTF-8 (out is then unchanged). */
int searchtok_normalize(struct buf *out, const char *s, size_t len);
/* Map one code point through the variant table (identity if absent). */
int32_t searchtok_variant(int32_t cp);
/* 1 if cp belongs in CJK runs, 2 if in words, 0 if it separates.  Applied to
 * normalised code points. */
int searchtok_class(int32_t cp);
/* Call fn for every term of the normalised text s[0..len) (see above), in
 * the order of their last character: "中文字" gives 中 文 中文 字 文字. */
void searchtok_terms(const char *s, size_t len, searchtok_fn fn, void *ctx);
/* For tests: normalise s, then append its terms to out separated by single
 * spaces, in the order of searchtok_terms ("中文" → "中 文 中文").
 * Returns 0 / -1 (invalid UTF-8). */
int searchtok_debug(struct buf *out, const char *s);

#endif
