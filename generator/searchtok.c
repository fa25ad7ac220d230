/* searchtok.c - search normaliser and tokenizer; see searchtok.h. */
#include "searchtok.h"

#include <opencc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "xalloc.h"

#define MAXCP 0x110000

/* simp and asked are written under lock only; simp[c] gets DONE (release)
 * once searchtok_variant(c) has derived everything, after which it is read
 * without the lock. */
#define DONE (1 << 30)
struct searchtok {
	opencc_t t2s, s2t;
	pthread_mutex_t lock;
	_Atomic int32_t *simp; /* per code point: its simplified form | DONE, 0 = not derived */
	uint8_t *asked;	       /* per code point: s2t already asked for it */
	_Atomic uint32_t *bmp; /* per code point below 0x10000: see fast_table */
};

/* An entry of t->bmp: 0 when the character is not mapped alone to one
 * code point m, else m + 1, with FAST_VAR when the variant of m is still
 * to be taken (m is Han; once derived, the entry is replaced by the
 * variant's, which any thread may do: they all store the same value). */
#define FAST_VAR (1u << 30)
#define FAST_CP 0x1FFFFFu

static void fast_table(struct searchtok *t);

static opencc_t open_config(const char *name, struct buf *err)
{
	opencc_t h = opencc_open(name);

	if (h == (opencc_t)-1) {
		const char *why = opencc_error();

		buf_printf(
		    err,
		    "cannot load the OpenCC configuration %s (%s); install the Debian package "
		    "libopencc-data, which puts it in /usr/share/opencc/",
		    name, why ? why : "unknown error");
		return NULL;
	}
	return h;
}

int searchtok_open(struct searchtok **out, struct buf *err)
{
	struct searchtok *t = xcalloc(1, sizeof *t);

	*out = NULL;
	t->t2s = open_config(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP, err);
	t->s2t = t->t2s ? open_config(OPENCC_DEFAULT_CONFIG_SIMP_TO_TRAD, err) : NULL;
	if (!t->t2s || !t->s2t) {
		searchtok_free(t);
		return -1;
	}
	t->simp = xcalloc(MAXCP, sizeof *t->simp);
	t->asked = xcalloc(MAXCP, sizeof *t->asked);
	pthread_mutex_init(&t->lock, NULL);
	fast_table(t);
	*out = t;
	return 0;
}

void searchtok_free(struct searchtok *t)
{
	if (!t)
		return;
	if (t->t2s)
		opencc_close(t->t2s);
	if (t->s2t)
		opencc_close(t->s2t);
	if (t->simp)
		pthread_mutex_destroy(&t->lock);
	free((void *)t->simp);
	free(t->asked);
	free((void *)t->bmp);
	free(t);
}

void searchtok_cps_push(struct searchtok_cps *v, int32_t cp)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 256;
		v->v = xreallocarray(v->v, v->cap, sizeof *v->v);
	}
	v->v[v->n++] = cp;
}

/* Han ideographs and radicals: the characters OpenCC is asked about. */
static int is_han(int32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x20000 && cp <= 0x323AF);
}

/* OpenCC's conversion of the one character cp, or -1 unless it is one
 * character. */
static int32_t convert1(opencc_t h, int32_t cp)
{
	utf8proc_uint8_t in[8];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
	utf8proc_int32_t res = -1;
	char *conv = opencc_convert_utf8(h, (const char *)in, (size_t)n);
	size_t len;

	if (!conv)
		return -1;
	len = strlen(conv);
	if (len && utf8proc_iterate((const utf8proc_uint8_t *)conv, (utf8proc_ssize_t)len, &res) !=
		       (utf8proc_ssize_t)len)
		res = -1;
	opencc_convert_utf8_free(conv);
	return res;
}

/* t2s of the Han character c, applied twice so the result is a fixed
 * point; cached.  Called with t->lock held. */
static int32_t simplified(struct searchtok *t, int32_t c)
{
	int32_t s, s2;

	if ((s = atomic_load_explicit(&t->simp[c], memory_order_relaxed)) != 0)
		return s & ~DONE;
	s = convert1(t->t2s, c);
	if (s < 0 || !is_han(s))
		s = c;
	if (s != c && (s2 = convert1(t->t2s, s)) > 0 && is_han(s2))
		s = s2;
	atomic_store_explicit(&t->simp[c], s, memory_order_relaxed);
	return s;
}

/* The slow part of searchtok_variant: derive under the lock. */
static int32_t derive(struct searchtok *t, int32_t cp)
{
	int32_t s, trad;

	pthread_mutex_lock(&t->lock);
	s = simplified(t, cp);
	if (!t->asked[s]) { /* the traditional form of s maps to s for queries */
		t->asked[s] = 1;
		trad = convert1(t->s2t, s);
		if (trad > 0 && is_han(trad))
			simplified(t, trad);
	}
	atomic_store_explicit(&t->simp[cp], s | DONE, memory_order_release);
	pthread_mutex_unlock(&t->lock);
	return s;
}

/* The variant of the Han character cp (searchtok_variant without the
 * test). */
static inline int32_t han_variant(struct searchtok *t, int32_t cp)
{
	int32_t s = atomic_load_explicit(&t->simp[cp], memory_order_acquire);

	return s & DONE ? s & ~DONE : derive(t, cp);
}

int32_t searchtok_variant(struct searchtok *t, int32_t cp)
{
	return is_han(cp) ? han_variant(t, cp) : cp;
}

void searchtok_variant_table(const struct searchtok *t, struct buf *out)
{
	utf8proc_uint8_t enc[4];
	int32_t cp;

	for (cp = 0; cp < MAXCP; cp++) {
		int32_t s;

		if (!is_han(cp)) { /* only Han characters have variants: skip to the next */
			cp = cp < 0x2E80    ? 0x2E7F
			     : cp < 0x3400  ? 0x33FF
			     : cp < 0x4E00  ? 0x4DFF
			     : cp < 0xF900  ? 0xF8FF
			     : cp < 0x20000 ? 0x1FFFF
					    : MAXCP;
			continue;
		}
		s = atomic_load_explicit(&t->simp[cp], memory_order_relaxed) & ~DONE;
		if (!s || s == cp)
			continue;
		buf_put(out, enc, (size_t)utf8proc_encode_char(cp, enc));
		buf_put(out, enc, (size_t)utf8proc_encode_char(s, enc));
	}
}

/* 1 if NFKC leaves cp alone whatever its neighbours: no decomposition,
 * combining class 0, in no composition pair, not Hangul (composed by
 * rule). */
static int nfkc_inert(int32_t cp)
{
	const utf8proc_property_t *p;

	if (cp >= MAXCP || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xAC00 && cp <= 0xD7AF))
		return 0;
	p = utf8proc_get_property(cp);
	return p->decomp_seqindex == UINT16_MAX && p->combining_class == 0 &&
	       p->comb_index == UINT16_MAX;
}

/* The normalised form of cp when the fast path knows it (NFKC leaves it
 * alone or maps it to one ASCII character, and it composes with nothing)
 * before the variant: *var says whether the variant is to be taken; -1
 * when the fast path does not know it.  tests/unit/test_search_tok.c
 * checks these against utf8proc. */
static int32_t fast_pre(int32_t cp, int *var)
{
	*var = 0;
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
		return *var = 1, cp;
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return fast_pre(cp - 0xFEE0, var);
	if (cp == 0x3000)
		return ' ';
	if (cp == 0x3001 || cp == 0x3002 || (cp >= 0x3008 && cp <= 0x3011) ||
	    (cp >= 0x3014 && cp <= 0x301B) || cp == 0x2014 || cp == 0x2018 || cp == 0x2019 ||
	    cp == 0x201C || cp == 0x201D || cp == 0xB7)
		return cp;
	if (nfkc_inert(cp)) {
		cp = utf8proc_tolower(cp);
		*var = is_han(cp);
		return cp;
	}
	return -1;
}

/* The normalised form of cp when the fast path knows it, else -1. */
static int32_t fast_map(struct searchtok *t, int32_t cp)
{
	int var;
	int32_t m = fast_pre(cp, &var);

	return m >= 0 && var ? han_variant(t, m) : m;
}

/* Fill t->bmp with fast_pre of every code point below 0x10000 (the
 * variants are derived when first met: the browser's table lists those of
 * the characters seen). */
static void fast_table(struct searchtok *t)
{
	int32_t cp, m;
	int var;

	t->bmp = xcalloc(0x10000, sizeof *t->bmp);
	for (cp = 0; cp < 0x10000; cp++) {
		m = fast_pre(cp, &var);
		if (m >= 0)
			t->bmp[cp] = ((uint32_t)m + 1) | (var ? FAST_VAR : 0);
	}
}

/* Decode one UTF-8 sequence of s[0..len) into *cp; returns its length, or 0
 * when it is invalid (overlong, surrogate, beyond U+10FFFF, truncated). */
static size_t decode(const unsigned char *s, size_t len, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xE0 && s[0] < 0xF0 && len >= 3 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		c = (s[0] & 0x0F) << 12 | (s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*cp = c;
			return 3;
		}
		return 0;
	}
	n = utf8proc_iterate(s, (utf8proc_ssize_t)len, &c);
	if (n <= 0)
		return 0;
	*cp = c;
	return (size_t)n;
}

/* The general path: NFKC of the whole text, then per code point lower case
 * and variants. */
static int slow_path(struct searchtok *t, struct searchtok_cps *out, const char *s, size_t len)
{
	utf8proc_uint8_t *nfkc = NULL;
	utf8proc_ssize_t n, i = 0;

	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfkc,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
	if (n < 0)
		return -1;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = utf8proc_iterate(nfkc + i, n - i, &cp);

		if (step <= 0)
			break; /* cannot happen: utf8proc_map wrote valid UTF-8 */
		i += step;
		searchtok_cps_push(out, searchtok_variant(t, utf8proc_tolower(cp)));
	}
	free(nfkc);
	return 0;
}

/* The normalised code points of cp into out[0..8) when its compatibility
 * decomposition is made of characters that NFKC leaves alone in any
 * context (so nothing composes with them: "…" is "...", "Ⅱ" is "ii");
 * returns their number, or 0 when cp needs the general path. */
static size_t fast_expand(struct searchtok *t, int32_t cp, int32_t out[8])
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n, i;
	int bound = 0;

	if (cp >= MAXCP || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	    utf8proc_get_property(cp)->combining_class != 0)
		return 0;
	n = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &bound);
	if (n < 1 || n > 8)
		return 0;
	for (i = 0; i < n; i++) {
		if (d[i] >= 0x80 && !nfkc_inert(d[i]))
			return 0;
		out[i] = fast_map(t, d[i]);
		if (out[i] < 0)
			return 0;
	}
	return (size_t)n;
}

/* Room for extra more code points in v. */
static void cps_reserve(struct searchtok_cps *v, size_t extra)
{
	if (v->n + extra <= v->cap)
		return;
	v->cap = v->n + extra > 2 * v->cap ? v->n + extra : 2 * v->cap;
	v->v = xreallocarray(v->v, v->cap, sizeof *v->v);
}

/* fast_map through the table t->bmp. */
static inline int32_t fast_char(struct searchtok *t, int32_t cp)
{
	uint32_t e;
	int32_t m;

	if (cp >= 0x10000)
		return fast_map(t, cp);
	e = atomic_load_explicit(&t->bmp[cp], memory_order_relaxed);
	if (!(e & FAST_VAR))
		return (int32_t)e - 1; /* -1 for 0 */
	m = han_variant(t, (int32_t)(e & FAST_CP) - 1);
	atomic_store_explicit(&t->bmp[cp], (uint32_t)m + 1, memory_order_relaxed);
	return m;
}

/* The fast path, character by character; with at, the index in out of
 * each character's first code point is appended to it, then out's length.
 * Returns 2 when every character gave one code point, 1 when some gave
 * several, 0 when a character needs the general path (out is then
 * unchanged), -1 for invalid UTF-8.  Room is made once for one code point
 * per byte (a character has at least one byte), and again before an
 * expansion. */
static int fast_path(struct searchtok *t, struct searchtok_cps *out, struct searchtok_cps *at,
		     const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, start = out->n, step, n, k;
	int32_t cp, m, exp[8];
	int one = 1; /* every character gave one code point */

	cps_reserve(out, len);
	if (at)
		cps_reserve(at, len + 1);
	while (i < len) {
		step = decode(u + i, len - i, &cp);
		if (!step) {
			out->n = start;
			return -1;
		}
		if (at)
			at->v[at->n++] = (int32_t)(out->n - start);
		if ((m = fast_char(t, cp)) >= 0) {
			out->v[out->n++] = m;
		} else if ((n = fast_expand(t, cp, exp)) != 0) {
			cps_reserve(out, n + len - i);
			for (k = 0; k < n; k++)
				out->v[out->n++] = exp[k];
			one &= n == 1;
		} else {
			out->n = start;
			return 0;
		}
		i += step;
	}
	if (at)
		at->v[at->n++] = (int32_t)(out->n - start);
	return one ? 2 : 1;
}

int searchtok_normalize_fast(struct searchtok *t, struct searchtok_cps *out, const char *s,
			     size_t len)
{
	int r = fast_path(t, out, NULL, s, len);

	return r < 0 ? -1 : r == 2 ? 1 : r == 1 ? 0 : slow_path(t, out, s, len);
}

int searchtok_normalize_at(struct searchtok *t, struct searchtok_cps *out, struct searchtok_cps *at,
			   const char *s, size_t len)
{
	size_t n = at->n;
	int r = fast_path(t, out, at, s, len);

	if (r > 0)
		return 1;
	at->n = n;
	return r < 0 ? -1 : slow_path(t, out, s, len);
}

int searchtok_normalize_cps(struct searchtok *t, struct searchtok_cps *out, const char *s,
			    size_t len)
{
	return searchtok_normalize_fast(t, out, s, len) < 0 ? -1 : 0;
}

int searchtok_normalize(struct searchtok *t, struct buf *out, const char *s, size_t len)
{
	struct searchtok_cps v = {NULL, 0, 0};
	utf8proc_uint8_t enc[4];
	size_t i;

	if (searchtok_normalize_cps(t, &v, s, len) < 0) {
		free(v.v);
		return -1;
	}
	for (i = 0; i < v.n; i++)
		buf_put(out, enc, (size_t)utf8proc_encode_char(v.v[i], enc));
	free(v.v);
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

/* The same classes as cls() in static/search.js: 1 CJK (letters in the CJK
 * blocks, and 〇), 2 word (other letters, digits, marks), 3 white space, 0
 * other separators.  ASCII and the common ideographs without a lookup. */
static inline int char_class(int32_t cp)
{
	utf8proc_category_t cat;
	int letter;

	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9'))
			return 2;
		return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) ? 3 : 0;
	}
	if (cp >= 0x4E00 && cp <= 0x9FEF)
		return 1;
	cat = utf8proc_category(cp);
	letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
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

int searchtok_cuts(int32_t cp)
{
	return char_class(cp) == 0;
}

/* Room for extra more keys in v. */
static void keys_reserve(struct searchtok_keys *v, size_t extra)
{
	if (v->n + extra <= v->cap)
		return;
	v->cap = v->n + extra > 2 * v->cap ? v->n + extra : 2 * v->cap;
	v->v = xreallocarray(v->v, v->cap, sizeof *v->v);
}

/* The state of number keys (searchtok.h) while searchtok_keys scans: the
 * last word B and the one before it, A (when only separators are between
 * them).  Written by hand: no library has 发文字号 keys. */
struct numscan {
	size_t a, alen, b, blen; /* alen 0: no A; blen 0: no B */
	int b_space;		 /* only white space since B */
	int clean;		 /* no CJK character since B */
	int a_ok;		 /* the word being read follows B cleanly */
};

/* The word [start, end) has ended: it becomes B, the old B its A. */
static void num_word(struct numscan *ns, size_t start, size_t end)
{
	int fits = end - start <= SEARCHTOK_NUM_MAX;

	ns->alen = ns->a_ok && ns->blen && fits ? ns->blen : 0;
	ns->a = ns->b;
	ns->b = start;
	ns->blen = fits ? end - start : 0;
	ns->b_space = ns->clean = 1;
}

/* At 号 cp[i] right after B: append the keys "B号" and "B号A" at k. */
static struct searchtok_key *num_keys(const struct numscan *ns, size_t i, struct searchtok_key *k)
{
	*k++ = (struct searchtok_key){SEARCHTOK_WORD_KEY | SEARCHTOK_NUM_KEY | ns->blen,
				      (uint32_t)ns->b, (uint32_t)i};
	if (ns->alen && ns->b - ns->a < (size_t)1 << 22)
		*k++ = (struct searchtok_key){SEARCHTOK_WORD_KEY | SEARCHTOK_NUM_KEY |
						  (uint64_t)(ns->b - ns->a) << 40 |
						  (uint64_t)ns->alen << 20 | ns->blen,
					      (uint32_t)ns->a, (uint32_t)i};
	return k;
}

/* Each character adds at most four keys (the word it ends, two number
 * keys and its own), the end two more. */
void searchtok_keys(const int32_t *cp, size_t n, struct searchtok_keys *out)
{
	struct searchtok_key *k;
	struct numscan ns = {0, 0, 0, 0, 0, 0, 0};
	size_t i, word = 0, prev_i = 0;
	int in_word = 0, in_run = 0;
	int32_t prev = 0;

	keys_reserve(out, 4 * n + 2);
	k = out->v + out->n;
	for (i = 0; i < n; i++) {
		int cls = char_class(cp[i]);

		if (cls != 2 && in_word) {
			*k++ = (struct searchtok_key){SEARCHTOK_WORD_KEY | (i - word),
						      (uint32_t)word, (uint32_t)(i - 1)};
			in_word = 0;
			num_word(&ns, word, i);
		}
		if (cp[i] == 0x53F7 && ns.blen && ns.b_space) /* 号 */
			k = num_keys(&ns, i, k);
		if (cls == 1) {
			if (in_run)
				*k++ = (struct searchtok_key){
				    (uint64_t)prev << 21 | (uint64_t)cp[i], 0, (uint32_t)i};
			in_run = 1;
			prev = cp[i];
			prev_i = i;
			ns.clean = 0;
		} else if (cls != 3 && in_run) {
			*k++ = (struct searchtok_key){(uint64_t)prev << 21, 0, (uint32_t)prev_i};
			in_run = 0;
		}
		if (cls != 3)
			ns.b_space = 0;
		if (cls == 2 && !in_word) {
			in_word = 1;
			word = i;
			ns.a_ok = ns.blen && ns.clean;
		}
	}
	if (in_word)
		*k++ = (struct searchtok_key){SEARCHTOK_WORD_KEY | (n - word), (uint32_t)word,
					      (uint32_t)(n - 1)};
	if (in_run)
		*k++ = (struct searchtok_key){(uint64_t)prev << 21, 0, (uint32_t)prev_i};
	out->n = (size_t)(k - out->v);
}

size_t searchtok_word(const struct searchtok_key *k, const int32_t *cp, int32_t *out,
		      const int32_t **word)
{
	size_t blen = (size_t)(k->key & 0xFFFFF), alen = (size_t)(k->key >> 20 & 0xFFFFF);
	size_t gap = (size_t)(k->key >> 40 & 0x3FFFFF);

	if (!(k->key & SEARCHTOK_NUM_KEY)) {
		*word = cp + k->start;
		return (size_t)(k->key & 0xFFFFFFFF);
	}
	memcpy(out, cp + k->start + gap, blen * sizeof *out);
	out[blen] = 0x53F7;
	memcpy(out + blen + 1, cp + k->start, alen * sizeof *out);
	*word = out;
	return blen + 1 + alen;
}

void searchtok_terms_at(const int32_t *cp, size_t n, searchtok_at_fn fn, void *ctx)
{
	struct searchtok_keys keys = {NULL, 0, 0};
	int32_t pair[2], num[2 * SEARCHTOK_NUM_MAX + 1];
	const int32_t *word;
	size_t i;

	searchtok_keys(cp, n, &keys);
	for (i = 0; i < keys.n; i++) {
		const struct searchtok_key *k = &keys.v[i];

		pair[0] = (int32_t)(k->key >> 21 & 0x1FFFFF);
		pair[1] = (int32_t)(k->key & 0x1FFFFF);
		if (k->key & SEARCHTOK_WORD_KEY) {
			size_t len = searchtok_word(k, cp, num, &word);

			fn(ctx, k->key & SEARCHTOK_NUM_KEY ? SEARCHTOK_NUM : SEARCHTOK_WORD, word,
			   len, k->last);
		} else if (pair[1])
			fn(ctx, SEARCHTOK_BIGRAM, pair, 2, k->last);
		else
			fn(ctx, SEARCHTOK_END, pair, 1, k->last);
	}
	free(keys.v);
}

struct plain_ctx {
	searchtok_fn fn;
	void *ctx;
};

static void plain_term(void *ctx, enum searchtok_kind kind, const int32_t *cp, size_t n,
		       size_t last)
{
	struct plain_ctx *c = ctx;

	(void)last;
	c->fn(c->ctx, kind, cp, n);
}

void searchtok_terms(const int32_t *cp, size_t n, searchtok_fn fn, void *ctx)
{
	struct plain_ctx c = {fn, ctx};

	searchtok_terms_at(cp, n, plain_term, &c);
}

static void debug_term(void *ctx, enum searchtok_kind kind, const int32_t *cp, size_t n)
{
	struct buf *out = ctx;
	utf8proc_uint8_t enc[4];
	size_t i;

	(void)kind;
	if (out->len)
		buf_putc(out, ' ');
	for (i = 0; i < n; i++)
		buf_put(out, enc, (size_t)utf8proc_encode_char(cp[i], enc));
}

int searchtok_debug(struct searchtok *t, struct buf *out, const char *s)
{
	struct searchtok_cps v = {NULL, 0, 0};
	struct buf terms = BUF_INIT;

	if (searchtok_normalize_cps(t, &v, s, strlen(s)) < 0) {
		free(v.v);
		return -1;
	}
	searchtok_terms(v.v, v.n, debug_term, &terms);
	buf_put(out, terms.ptr, terms.len);
	buf_release(&terms);
	free(v.v);
	return 0;
}
