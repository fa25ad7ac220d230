/* searchtok.h - the search normaliser and tokenizer, shared by the index
 * writer (search.c) and mirrored by static/search.js for queries.
 *
 * Normalisation, per code point after NFKC of the whole text (utf8proc):
 * lower case (utf8proc_tolower, the simple mapping that JavaScript's
 * toLowerCase applies to the characters that matter), then traditional →
 * simplified for CJK characters, derived one character at a time with
 * OpenCC's t2s.json (Debian's libopencc; the data is not in this
 * repository), so 辦 and 办 are one character.  Text made only of ASCII,
 * full-width ASCII, common CJK punctuation, CJK ideographs, characters
 * that NFKC leaves alone in any context and characters whose compatibility
 * decomposition is made of those ("…", "Ⅱ"; nearly all text) takes a fast
 * path that gives the same result without utf8proc_map (for the code
 * points below U+10000 through a table that searchtok_open fills, each
 * variant put in it when first derived).
 *
 * The browser does String.prototype.normalize('NFKC').toLowerCase() and
 * then the variant table that searchtok_variant_table writes into the
 * manifest: every pair c → t2s(c) for the CJK characters c seen, and for
 * each simplified character s seen, s2t(s) → s when t2s turns it back into
 * s.  tests/search/norm-cases.txt holds the cases both sides are tested
 * against.
 *
 * Keys of a normalised text, in order:
 *   - a CJK run (Han, kana, hangul; white space inside a run is skipped, so
 *     "发展 服务" is one run) gives every pair of neighbours as a bigram and
 *     its last character as an end key; so every character of the run is
 *     the first character of exactly one key, and a one-character query is
 *     the union of the keys that start with it;
 *   - a run of other letters, digits and marks gives one word ("abc123");
 *   - everything else (punctuation, brackets, spaces) separates;
 *   - number keys, for 发文字号 and "40号": a word B (at most
 *     SEARCHTOK_NUM_MAX code points) followed, after nothing but white
 *     space, by 号 gives the key "B号" (a word key: words never hold a CJK
 *     character, so it is no other key), and when B follows another such
 *     word A with only separators (punctuation, white space) between them,
 *     also "B号A": 〔2024〕40号 gives "40号" and "40号2024".  A query that
 *     has these keys needs neither the words nor a lookup of every key that
 *     starts with 号 (static/search.js), and a text that has the phrase
 *     〔2024〕40号 in its compact form (separator runs as one) has them.
 * So 豫政办〔2024〕40号 and 豫政办[2024]40 号 give the same keys.
 *
 * Ownership: searchtok_open's result is freed with searchtok_free (NULL is a
 * no-op); it caches the variants it has derived (under a lock), so several
 * threads may normalise with one searchtok at once.  struct searchtok_cps
 * and struct searchtok_keys are the caller's; free their v.
 */
#ifndef HUIBIAN_SEARCHTOK_H
#define HUIBIAN_SEARCHTOK_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct searchtok;

/* A growable vector of code points. */
struct searchtok_cps {
	int32_t *v;
	size_t n, cap;
};

enum searchtok_kind { SEARCHTOK_BIGRAM, SEARCHTOK_END, SEARCHTOK_WORD, SEARCHTOK_NUM };

/* Called for each key: BIGRAM has cp[0..2), END cp[0], WORD and NUM cp[0..n). */
typedef void (*searchtok_fn)(void *ctx, enum searchtok_kind kind, const int32_t *cp, size_t n);

/* Open OpenCC's t2s.json and s2t.json.  Returns 0, or -1 with a message in
 * err (a missing configuration names the Debian package that has it). */
int searchtok_open(struct searchtok **out, struct buf *err);
void searchtok_free(struct searchtok *t);
/* Append the normalised code points of s[0..len) to out.  Returns 0, or -1
 * if s is not valid UTF-8 (out is then unchanged). */
int searchtok_normalize_cps(struct searchtok *t, struct searchtok_cps *out, const char *s,
			    size_t len);
/* The same, but returns 1 when every character became one code point (the
 * fast path without expansions), so the i-th code point comes from the
 * i-th character; 0 when it did not, -1 for invalid UTF-8. */
int searchtok_normalize_fast(struct searchtok *t, struct searchtok_cps *out, const char *s,
			     size_t len);
/* The same, but returns 1 when each character was normalised alone (the
 * fast path: the text's code points are those of its characters one after
 * the other), and then appends to at the index in out (from where this
 * call began) of each character's first code point, and finally the
 * number of code points appended; 0 when the general path was taken (at
 * unchanged), -1 for invalid UTF-8. */
int searchtok_normalize_at(struct searchtok *t, struct searchtok_cps *out, struct searchtok_cps *at,
			   const char *s, size_t len);
/* The same as UTF-8 appended to out.  0 / -1. */
int searchtok_normalize(struct searchtok *t, struct buf *out, const char *s, size_t len);
/* The simplified form of one normalised CJK code point (identity for other
 * characters), derived with OpenCC on first use. */
int32_t searchtok_variant(struct searchtok *t, int32_t cp);
/* Append the browser's table: for each pair T → S, the UTF-8 of T then of
 * S, sorted by T; the pairs of the characters normalised so far. */
void searchtok_variant_table(const struct searchtok *t, struct buf *out);
/* A key of a normalised text cp[0..n), as searchtok_keys gives them. */
#define SEARCHTOK_WORD_KEY ((uint64_t)1 << 63)
#define SEARCHTOK_NUM_KEY ((uint64_t)1 << 62) /* with SEARCHTOK_WORD_KEY */
#define SEARCHTOK_NUM_MAX 32		      /* longest A and B of a number key */
struct searchtok_key {
	uint64_t key;	/* CJK: first << 21 | second, or first << 21 for an end
			   key; a word: SEARCHTOK_WORD_KEY | its code points; a
			   number key "B号[A]": SEARCHTOK_WORD_KEY | SEARCHTOK_NUM_KEY |
			   gap << 40 | length of A << 20 | length of B, where A
			   starts at start and B at start + gap (no A: length 0,
			   gap 0, B at start) */
	uint32_t start; /* a word: the index in cp of its first code point */
	uint32_t last;	/* the index in cp of the key's last character (号) */
};

/* A growable vector of keys. */
struct searchtok_keys {
	struct searchtok_key *v;
	size_t n, cap;
};

/* Append the keys of the normalised cp[0..n) (n < 2^32) to out, in the
 * order of searchtok_terms_at. */
void searchtok_keys(const int32_t *cp, size_t n, struct searchtok_keys *out);
/* The code points of word key k of text cp into out (room for
 * 2 * SEARCHTOK_NUM_MAX + 1 code points when k is a number key; a plain
 * word is not copied: *word points into cp).  Returns their number. */
size_t searchtok_word(const struct searchtok_key *k, const int32_t *cp, int32_t *out,
		      const int32_t **word);
/* 1 if cp belongs in CJK runs, 2 if in words, 0 if it separates.  Applied to
 * normalised code points. */
int searchtok_class(int32_t cp);
/* Call fn for every key of the normalised cp[0..n) (see above), in the
 * order of their last character: "中文字" gives 中文 文字 字. */
void searchtok_terms(const int32_t *cp, size_t n, searchtok_fn fn, void *ctx);
/* The same with the index in cp of the key's last character; the indexes
 * never decrease. */
typedef void (*searchtok_at_fn)(void *ctx, enum searchtok_kind kind, const int32_t *cp, size_t n,
				size_t last);
void searchtok_terms_at(const int32_t *cp, size_t n, searchtok_at_fn fn, void *ctx);
/* 1 if cp ends both CJK runs and words (a separator that is not white
 * space): keys never span it, so the keys of a text are those of its
 * pieces between such characters. */
int searchtok_cuts(int32_t cp);
/* For tests: normalise s, then append its keys to out separated by single
 * spaces, in the order of searchtok_terms ("中文" → "中文 文").
 * Returns 0 / -1 (invalid UTF-8). */
int searchtok_debug(struct searchtok *t, struct buf *out, const char *s);
void searchtok_cps_push(struct searchtok_cps *v, int32_t cp);

#endif
