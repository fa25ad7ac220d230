/* chardiff.c - paragraph alignment and character diffs; see chardiff.h.
 *
 * The Myers diff below is written by hand after E. W. Myers, "An O(ND)
 * Difference Algorithm and Its Variations" (1986): the greedy forward
 * algorithm with the V array of every round kept for the backtrack, so
 * O((N+M)D) time and O(D^2) memory, bounded by a cap on D.  The clean-up
 * of tiny equalities follows the idea of diff-match-patch's
 * cleanupSemantic (no code taken from it). */
#include "chardiff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "escape.h"
#include "xalloc.h"

#define MULTI_KEY 0x80000000u	/* key flag: a multi-code-point unit */
#define PAIR_MIN_DICE 0.5	/* pair paragraphs this similar */
#define PAIR_MIN_DICE_LABEL 0.2 /* ... or this similar with an equal label */
#define PAIR_LABEL_BONUS 0.15
#define PAIR_MAX_CANDIDATES 250000 /* above: pair equal labels only */
#define PARA_MAX_EDITS 4000	   /* paragraph-level Myers bound */

/* One normalised character: a base code point with its combining marks,
 * compared by its compatibility decomposition. */
struct unit {
	uint32_t key;	    /* the single code point, or MULTI_KEY | hash */
	uint32_t seq, nseq; /* multi: code points in the paragraph's pool */
	size_t b, e;	    /* bytes [b, e) of the paragraph text */
};

struct npara {
	const char *text; /* into the cleaned body */
	size_t len;
	struct unit *u;
	size_t n, cap;
	int32_t *pool;
	size_t npool, poolcap;
	size_t lab_s, lab_e; /* label units [lab_s, lab_e); lab_e == 0: none */
	size_t body;	     /* first unit after label and markup */
	char *labkey;	     /* normalised label, owned, or NULL */
	uint32_t hash;	     /* over all unit keys */
	uint64_t *big;	     /* sorted bigrams of the body */
	size_t nbig;
	long pair; /* paired paragraph on the other side, -1 */
};

struct side {
	struct buf clean; /* the body as valid UTF-8 */
	struct npara *p;
	size_t n, cap;
};

struct run {
	int op;
	size_t n;
};

struct script {
	struct run *r;
	size_t n, cap;
};

typedef int (*eq_fn)(const void *ctx, size_t i, size_t j);

void chardiff_utf8_clean(struct buf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0 || cp == 0) {
			buf_puts(out, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		buf_put(out, s + i, (size_t)n);
		i += (size_t)n;
	}
}

/* ---- the edit script and the Myers diff ---- */

static void script_add(struct script *s, int op, size_t n)
{
	if (n == 0)
		return;
	if (s->n && s->r[s->n - 1].op == op) {
		s->r[s->n - 1].n += n;
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->r = xreallocarray(s->r, s->cap, sizeof(*s->r));
	}
	s->r[s->n].op = op;
	s->r[s->n++].n = n;
}

struct myers {
	eq_fn eq;
	const void *ctx;
	size_t off;	/* common prefix already consumed */
	int32_t *trace; /* V of rounds 0..D-1: round d at d*d, k at +k+d */
	size_t tcap;
};

/* Follow the trace back from (n, m) after D rounds and append the script
 * (in forward order) to s. */
static void myers_backtrack(struct script *s, const struct myers *my, long x, long y, long D)
{
	struct script rev = {0};
	long d;
	size_t i;

	for (d = D; d > 0; d--) {
		const int32_t *vp = my->trace + (d - 1) * (d - 1) + (d - 1);
		long k = x - y, pk, px, py, sx;
		int down = k == -d || (k != d && vp[k - 1] < vp[k + 1]);
		pk = down ? k + 1 : k - 1;
		px = vp[pk];
		py = px - pk;
		sx = down ? px : px + 1;
		script_add(&rev, '=', (size_t)(x - sx));
		script_add(&rev, down ? '+' : '-', 1);
		x = px;
		y = py;
	}
	script_add(&rev, '=', (size_t)x);
	for (i = rev.n; i-- > 0;)
		script_add(s, rev.r[i].op, rev.r[i].n);
	free(rev.r);
}

/* Keep V[-d..d] of round d in the trace. */
static void myers_save(struct myers *my, const int32_t *v, long d)
{
	size_t need = (size_t)(d + 1) * (size_t)(d + 1);

	if (need > my->tcap) {
		my->tcap = need * 2;
		my->trace = xreallocarray(my->trace, my->tcap, sizeof(*my->trace));
	}
	memcpy(my->trace + d * d, v - d, (size_t)(2 * d + 1) * sizeof(*v));
}

/* The greedy forward Myers diff of n old against m new elements (after
 * the common prefix my->off).  Appends the script to s and returns 0, or
 * returns -1 without touching s when more than dmax edits are needed. */
static int myers_core(struct script *s, struct myers *my, long n, long m, long dmax)
{
	long maxd = n + m < dmax ? n + m : dmax, d, k;
	int32_t *vbuf = xcalloc((size_t)(2 * maxd + 3), sizeof(*vbuf)), *v = vbuf + maxd + 1;
	int rc = -1;

	for (d = 0; d <= maxd; d++) {
		for (k = -d; k <= d; k += 2) {
			long x =
			    (k == -d || (k != d && v[k - 1] < v[k + 1])) ? v[k + 1] : v[k - 1] + 1;
			long y = x - k;
			while (x < n && y < m &&
			       my->eq(my->ctx, my->off + (size_t)x, my->off + (size_t)y))
				x++, y++;
			v[k] = (int32_t)x;
			if (x >= n && y >= m) {
				myers_backtrack(s, my, n, m, d);
				rc = 0;
				goto out;
			}
		}
		myers_save(my, v, d);
	}
out:
	free(vbuf);
	return rc;
}

/* Diff n old against m new elements compared by eq: common prefix and
 * suffix first, Myers in between.  Returns 0, or -1 (s left partial) if
 * more than dmax edits would be needed. */
static int myers_diff(struct script *s, size_t n, size_t m, eq_fn eq, const void *ctx, long dmax)
{
	struct myers my = {eq, ctx, 0, NULL, 0};
	size_t pre = 0, suf = 0;
	int rc;

	if (n > INT32_MAX || m > INT32_MAX)
		return -1;
	while (pre < n && pre < m && eq(ctx, pre, pre))
		pre++;
	while (suf < n - pre && suf < m - pre && eq(ctx, n - 1 - suf, m - 1 - suf))
		suf++;
	script_add(s, '=', pre);
	my.off = pre;
	rc = myers_core(s, &my, (long)(n - pre - suf), (long)(m - pre - suf), dmax);
	script_add(s, '=', suf);
	free(my.trace);
	return rc;
}

/* ---- normalisation ---- */

static void pool_put(struct npara *p, const int32_t *cps, size_t ncp)
{
	if (p->npool + ncp > p->poolcap) {
		p->poolcap = (p->npool + ncp) * 2 + 64;
		p->pool = xreallocarray(p->pool, p->poolcap, sizeof(*p->pool));
	}
	memcpy(p->pool + p->npool, cps, ncp * sizeof(*cps));
	p->npool += ncp;
}

/* Set the key of u from its code points in the pool. */
static void unit_key(const struct npara *p, struct unit *u)
{
	uint32_t h = 2166136261u, i;

	if (u->nseq == 1) {
		u->key = (uint32_t)p->pool[u->seq];
		return;
	}
	for (i = 0; i < u->nseq; i++)
		h = (h ^ (uint32_t)p->pool[u->seq + i]) * 16777619u;
	u->key = MULTI_KEY | (h & 0x7fffffffu);
}

/* Append a unit of ncp (>= 1) code points for bytes [b, e). */
static void unit_push(struct npara *p, const int32_t *cps, size_t ncp, size_t b, size_t e)
{
	struct unit *u;

	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->u = xreallocarray(p->u, p->cap, sizeof(*p->u));
	}
	u = &p->u[p->n++];
	u->seq = (uint32_t)p->npool;
	u->nseq = (uint32_t)ncp;
	u->b = b;
	u->e = e;
	pool_put(p, cps, ncp);
	unit_key(p, u);
}

/* Attach combining code points to the last unit (whose code points are
 * the last ones in the pool), extending it to byte e. */
static void unit_extend(struct npara *p, const int32_t *cps, size_t ncp, size_t e)
{
	struct unit *u = &p->u[p->n - 1];

	pool_put(p, cps, ncp);
	u->nseq += (uint32_t)ncp;
	u->e = e;
	unit_key(p, u);
}

static int is_space_cp(int32_t c)
{
	utf8proc_category_t cat;

	if (c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85)
		return 1;
	cat = utf8proc_category(c);
	return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	       cat == UTF8PROC_CATEGORY_ZP;
}

/* Is c its own compatibility decomposition, not white space, not ignorable
 * and not combining?  Printable ASCII and the CJK Unified Ideographs
 * (U+4E00..U+9FFF: compatibility ideographs are elsewhere) are. */
static int plain_cp(int32_t c)
{
	return (c > 0x20 && c < 0x7f) || (c >= 0x4e00 && c <= 0x9fff);
}

/* Fill p->u from p->text (valid UTF-8): each code point's compatibility
 * decomposition without white space and default-ignorables; a combining
 * mark right after a unit joins it. */
static void para_normalise(struct npara *p)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)p->text;
	size_t i = 0, k, nk;
	int32_t dec[32], keep[32];
	int bound = 0;

	while (i < p->len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(p->len - i), &cp);
		utf8proc_ssize_t nd;
		size_t b = i;
		if (n <= 0) { /* cannot happen on cleaned text */
			i++;
			continue;
		}
		i += (size_t)n;
		if (plain_cp(cp)) { /* the common case, as utf8proc would give it */
			unit_push(p, &cp, 1, b, i);
			continue;
		}
		nd = utf8proc_decompose_char(
		    cp, dec, 32, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_IGNORE, &bound);
		if (nd < 0 || nd > 32) {
			dec[0] = cp;
			nd = 1;
		}
		for (k = 0, nk = 0; k < (size_t)nd; k++)
			if (!is_space_cp(dec[k]))
				keep[nk++] = dec[k];
		if (nk == 0)
			continue;
		if (p->n && p->u[p->n - 1].e == b &&
		    utf8proc_get_property(keep[0])->combining_class != 0)
			unit_extend(p, keep, nk, i);
		else
			unit_push(p, keep, nk, b, i);
	}
}

static int is_cn_numeral(uint32_t c)
{
	static const uint32_t nums[] = {0x3007, 0x96f6, 0x4e00, 0x4e8c, 0x4e09,
					0x56db, 0x4e94, 0x516d, 0x4e03, 0x516b,
					0x4e5d, 0x5341, 0x767e, 0x5343, 0x4e24};
	size_t i;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (nums[i] == c)
			return 1;
	return 0;
}

static int is_numeral(uint32_t c)
{
	return (c >= '0' && c <= '9') || is_cn_numeral(c);
}

static int is_markup(uint32_t c)
{
	return c == '#' || c == '>' || c == '*' || c == '_' || c == '-' || c == '+';
}

/* Units after the numeral run starting at u[t]. */
static size_t skip_numerals(const struct unit *u, size_t n, size_t t, int cn_only)
{
	while (t < n && (cn_only ? is_cn_numeral(u[t].key) : is_numeral(u[t].key)))
		t++;
	return t;
}

/* Length in units of the numbering label starting at u[s], 0 if none:
 * 第X条/章/节/编/款/项/部分, （X）, X、 (Chinese numerals), 1. 1、 1). */
static size_t label_len(const struct unit *u, size_t n, size_t s)
{
	uint32_t c = u[s].key;
	size_t t;

	if (c == 0x7b2c) { /* 第 */
		t = skip_numerals(u, n, s + 1, 0);
		if (t == s + 1 || t >= n)
			return 0;
		c = u[t].key;
		if (c == 0x6761 || c == 0x7ae0 || c == 0x8282 || c == 0x7f16 || c == 0x6b3e ||
		    c == 0x9879)
			return t + 1 - s;
		return c == 0x90e8 && t + 1 < n && u[t + 1].key == 0x5206 ? t + 2 - s : 0;
	}
	if (c == '(') {
		t = skip_numerals(u, n, s + 1, 0);
		return t > s + 1 && t < n && u[t].key == ')' ? t + 1 - s : 0;
	}
	if (is_cn_numeral(c)) {
		t = skip_numerals(u, n, s, 1);
		return t < n && u[t].key == 0x3001 ? t + 1 - s : 0;
	}
	if (c < '0' || c > '9')
		return 0;
	t = skip_numerals(u, n, s, 0);
	if (t < n && (u[t].key == 0x3001 || u[t].key == ')'))
		return t + 1 - s;
	if (t < n && u[t].key == '.' && !(t + 1 < n && u[t + 1].key >= '0' && u[t + 1].key <= '9'))
		return t + 1 - s;
	return 0;
}

/* Find the label after leading Markdown markup; set lab_*, labkey, body. */
static void para_label(struct npara *p)
{
	size_t s = 0, len, i;
	struct buf key = BUF_INIT;

	while (s < p->n && is_markup(p->u[s].key))
		s++;
	p->body = s;
	len = s < p->n ? label_len(p->u, p->n, s) : 0;
	if (len == 0)
		return;
	p->lab_s = s;
	p->lab_e = s + len;
	for (i = s; i < s + len; i++) {
		utf8proc_uint8_t enc[4];
		buf_put(&key, enc,
			(size_t)utf8proc_encode_char((utf8proc_int32_t)p->u[i].key, enc));
	}
	p->labkey = buf_detach(&key, NULL);
	p->body = p->lab_e;
	while (p->body < p->n && (p->u[p->body].key == '*' || p->u[p->body].key == '_'))
		p->body++;
}

/* Sort v[0..n) in place: insertion sort when short, else a byte-wise LSD
 * radix sort (linear, whatever the input). */
static void sort_keys(uint64_t *v, size_t n)
{
	uint32_t count[8][256], sum, t;
	size_t i, pass;
	uint64_t *tmp, *from = v, *to, *swap, x;

	if (n < 48) {
		for (i = 1; i < n; i++) {
			x = v[i];
			for (t = i; t > 0 && v[t - 1] > x; t--)
				v[t] = v[t - 1];
			v[t] = x;
		}
		return;
	}
	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++)
		for (pass = 0; pass < 8; pass++)
			count[pass][(v[i] >> (8 * pass)) & 0xff]++;
	tmp = xreallocarray(NULL, n, sizeof(*tmp));
	to = tmp;
	for (pass = 0; pass < 8; pass++) {
		if (count[pass][(v[0] >> (8 * pass)) & 0xff] == n)
			continue; /* every key has this digit */
		for (sum = 0, i = 0; i < 256; i++) {
			t = count[pass][i];
			count[pass][i] = sum;
			sum += t;
		}
		for (i = 0; i < n; i++)
			to[count[pass][(from[i] >> (8 * pass)) & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != v)
		memcpy(v, from, n * sizeof(*v));
	free(tmp);
}

/* The hash of all units, and the number of character bigrams of the body
 * (one "bigram" for a body of one character; para_bigrams makes them). */
static void para_hash(struct npara *p)
{
	size_t nb = p->n - p->body, i;
	uint32_t h = 2166136261u;

	for (i = 0; i < p->n; i++)
		h = (h ^ p->u[i].key) * 16777619u;
	p->hash = h;
	p->nbig = nb == 0 ? 0 : nb == 1 ? 1 : nb - 1;
}

/* The sorted character bigrams of the body: only the paragraphs left
 * unpaired by align_equal need them (most are, in a small edit). */
static void para_bigrams(struct npara *p)
{
	size_t nb = p->n - p->body, i;

	if (nb == 0 || p->big)
		return;
	p->big = xreallocarray(NULL, p->nbig, sizeof(*p->big));
	if (nb == 1)
		p->big[0] = (uint64_t)p->u[p->body].key << 32;
	for (i = 0; nb > 1 && i + 1 < nb; i++)
		p->big[i] = (uint64_t)p->u[p->body + i].key << 32 | p->u[p->body + i + 1].key;
	sort_keys(p->big, p->nbig);
}

static void npara_release(struct npara *p)
{
	free(p->u);
	free(p->pool);
	free(p->labkey);
	free(p->big);
}

/* Add bytes [b, e) of the cleaned body as a paragraph, unless it has no
 * characters left after normalisation. */
static void side_add(struct side *sd, size_t b, size_t e)
{
	struct npara *p;

	if (sd->n == sd->cap) {
		sd->cap = sd->cap ? 2 * sd->cap : 32;
		sd->p = xreallocarray(sd->p, sd->cap, sizeof(*sd->p));
	}
	p = &sd->p[sd->n];
	memset(p, 0, sizeof(*p));
	p->text = sd->clean.ptr + b;
	p->len = e - b;
	p->pair = -1;
	para_normalise(p);
	if (p->n == 0) {
		npara_release(p);
		return;
	}
	para_label(p);
	para_hash(p);
	sd->n++;
}

static int line_blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* An ATX heading: up to 3 spaces, 1-6 '#', then a space, tab or the end. */
static int line_heading(const char *s, size_t len)
{
	size_t i = 0, h;

	while (i < len && i < 3 && s[i] == ' ')
		i++;
	for (h = 0; i < len && s[i] == '#'; i++)
		h++;
	return h >= 1 && h <= 6 && (i == len || s[i] == ' ' || s[i] == '\t' || s[i] == '\r');
}

/* Split the cleaned body into paragraphs: blank-line separated blocks,
 * heading lines on their own.  Line ends (and a CR before them) are not
 * part of a paragraph; the newlines inside one are. */
static void side_split(struct side *sd)
{
	const char *s = sd->clean.ptr;
	size_t len = sd->clean.len, i = 0, start = 0, end = 0;
	int in = 0;

	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - s) : len, e2 = e;
		if (e2 > i && s[e2 - 1] == '\r')
			e2--;
		if (line_blank(s + i, e - i) || line_heading(s + i, e - i)) {
			if (in)
				side_add(sd, start, end);
			in = 0;
			if (!line_blank(s + i, e - i))
				side_add(sd, i, e2);
		} else {
			if (!in)
				start = i;
			in = 1;
			end = e2;
		}
		i = nl ? e + 1 : len;
	}
	if (in)
		side_add(sd, start, end);
}

static void side_release(struct side *sd)
{
	size_t i;

	for (i = 0; i < sd->n; i++)
		npara_release(&sd->p[i]);
	free(sd->p);
	buf_release(&sd->clean);
}

/* ---- alignment ---- */

struct pair_ctx {
	const struct npara *a, *b; /* unit comparison */
	const struct side *o, *n;  /* paragraph comparison */
};

static int unit_eq(const struct npara *a, size_t i, const struct npara *b, size_t j)
{
	const struct unit *x = &a->u[i], *y = &b->u[j];

	if (x->key != y->key)
		return 0;
	if (!(x->key & MULTI_KEY))
		return 1;
	return x->nseq == y->nseq &&
	       memcmp(a->pool + x->seq, b->pool + y->seq, x->nseq * sizeof(*a->pool)) == 0;
}

static int units_eq(const void *ctx, size_t i, size_t j)
{
	const struct pair_ctx *c = ctx;

	return unit_eq(c->a, i, c->b, j);
}

static int npara_eq(const struct npara *a, const struct npara *b)
{
	size_t k;

	if (a->hash != b->hash || a->n != b->n)
		return 0;
	for (k = 0; k < a->n; k++)
		if (!unit_eq(a, k, b, k))
			return 0;
	return 1;
}

static int paras_eq(const void *ctx, size_t i, size_t j)
{
	const struct pair_ctx *c = ctx;

	return npara_eq(&c->o->p[i], &c->n->p[j]);
}

/* Pair the paragraphs that are equal after normalisation and in order. */
static void align_equal(struct side *o, struct side *n)
{
	struct pair_ctx c = {NULL, NULL, o, n};
	struct script s = {0};
	size_t r, i = 0, j = 0, k;

	if (myers_diff(&s, o->n, n->n, paras_eq, &c, PARA_MAX_EDITS) < 0)
		goto out; /* too different: leave everything to align_similar */
	for (r = 0; r < s.n; r++) {
		if (s.r[r].op == '=')
			for (k = 0; k < s.r[r].n; k++) {
				o->p[i + k].pair = (long)(j + k);
				n->p[j + k].pair = (long)(i + k);
			}
		if (s.r[r].op != '+')
			i += s.r[r].n;
		if (s.r[r].op != '-')
			j += s.r[r].n;
	}
out:
	free(s.r);
}

static double dice(const struct npara *a, const struct npara *b)
{
	size_t i = 0, j = 0, c = 0;

	if (a->nbig + b->nbig == 0)
		return 1.0;
	while (i < a->nbig && j < b->nbig) {
		if (a->big[i] < b->big[j])
			i++;
		else if (a->big[i] > b->big[j])
			j++;
		else
			c++, i++, j++;
	}
	return 2.0 * (double)c / (double)(a->nbig + b->nbig);
}

struct cand {
	double score;
	size_t i, j;
};

static int cmp_cand(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	return a->j < b->j ? -1 : a->j > b->j;
}

/* Score old i against new j into *c; 0 if they are not worth pairing. */
static int score_pair(struct cand *c, const struct npara *a, const struct npara *b, int all)
{
	int same = a->labkey && b->labkey && strcmp(a->labkey, b->labkey) == 0;
	double thr = same ? PAIR_MIN_DICE_LABEL : PAIR_MIN_DICE, d;
	size_t lo = a->nbig < b->nbig ? a->nbig : b->nbig;

	if (!same && !all)
		return 0;
	if (a->nbig + b->nbig > 0 && 2.0 * (double)lo / (double)(a->nbig + b->nbig) < thr)
		return 0; /* too different in length to reach thr */
	d = dice(a, b);
	if (d < thr)
		return 0;
	c->score = d + (same ? PAIR_LABEL_BONUS : 0);
	return 1;
}

/* Pair the remaining paragraphs greedily by similarity (best first;
 * deterministic order on ties).  Moved and renumbered paragraphs end up
 * here.  Above PAIR_MAX_CANDIDATES pairs only equal labels are tried. */
static void align_similar(struct side *o, struct side *n)
{
	struct cand *c = NULL, t;
	size_t nc = 0, cap = 0, i, j, no = 0, nn = 0;
	int all;

	for (i = 0; i < o->n; i++)
		no += o->p[i].pair < 0;
	for (j = 0; j < n->n; j++)
		nn += n->p[j].pair < 0;
	all = no * nn <= PAIR_MAX_CANDIDATES;
	for (i = 0; i < o->n; i++)
		if (o->p[i].pair < 0)
			para_bigrams(&o->p[i]);
	for (j = 0; j < n->n; j++)
		if (n->p[j].pair < 0)
			para_bigrams(&n->p[j]);
	for (i = 0; i < o->n; i++)
		for (j = 0; o->p[i].pair < 0 && j < n->n; j++) {
			if (n->p[j].pair >= 0 || !score_pair(&t, &o->p[i], &n->p[j], all))
				continue;
			if (nc == cap) {
				cap = cap ? 2 * cap : 64;
				c = xreallocarray(c, cap, sizeof(*c));
			}
			t.i = i;
			t.j = j;
			c[nc++] = t;
		}
	if (nc)
		qsort(c, nc, sizeof(*c), cmp_cand);
	for (i = 0; i < nc; i++)
		if (o->p[c[i].i].pair < 0 && n->p[c[i].j].pair < 0) {
			o->p[c[i].i].pair = (long)c[i].j;
			n->p[c[i].j].pair = (long)c[i].i;
		}
	free(c);
}

/* Number of unpaired paragraphs of sd with label key. */
static size_t count_label(const struct side *sd, const char *key)
{
	size_t i, c = 0;

	for (i = 0; i < sd->n; i++)
		c += sd->p[i].pair < 0 && sd->p[i].labkey && strcmp(sd->p[i].labkey, key) == 0;
	return c;
}

/* Pair what is left by label alone when the label occurs once among the
 * unpaired paragraphs of each side: an article rewritten beyond
 * recognition is still the same article.  (Skipped on huge inputs.) */
static void align_labels(struct side *o, struct side *n)
{
	size_t i, j;

	if (o->n * n->n > 16 * (size_t)PAIR_MAX_CANDIDATES)
		return;
	for (i = 0; i < o->n; i++) {
		const char *key = o->p[i].labkey;
		if (o->p[i].pair >= 0 || !key || count_label(o, key) != 1 ||
		    count_label(n, key) != 1)
			continue;
		for (j = 0; j < n->n; j++)
			if (n->p[j].pair < 0 && n->p[j].labkey && strcmp(n->p[j].labkey, key) == 0)
				break;
		o->p[i].pair = (long)j;
		n->p[j].pair = (long)i;
	}
}

/* moved[j] = 1 for the paired new paragraphs outside a longest run of
 * pairs in the same order on both sides (longest increasing subsequence
 * of old indices, O(k log k)). */
static char *find_moved(const struct side *o, const struct side *n)
{
	char *moved = xcalloc(n->n + 1, 1);
	size_t *tail = xcalloc(n->n + 1, sizeof(*tail)), *prev = xcalloc(n->n + 1, sizeof(*prev));
	size_t len = 0, j, lo, hi;

	for (j = 0; j < n->n; j++) {
		long v = n->p[j].pair;
		if (v < 0)
			continue;
		moved[j] = 1;
		for (lo = 0, hi = len; lo < hi;) {
			size_t mid = (lo + hi) / 2;
			if (n->p[tail[mid]].pair < v)
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[j] = lo ? tail[lo - 1] : SIZE_MAX;
		tail[lo] = j;
		if (lo == len)
			len++;
	}
	for (j = len ? tail[len - 1] : SIZE_MAX; j != SIZE_MAX; j = prev[j])
		moved[j] = 0;
	free(tail);
	free(prev);
	(void)o;
	return moved;
}

/* ---- character diff of a pair ---- */

/* A block of edits followed by an equality. */
struct seg {
	size_t del, ins, eq;
};

static size_t script_segs(struct seg **out, const struct script *s)
{
	struct seg *g = xcalloc(s->n + 1, sizeof(*g)), cur = {0, 0, 0};
	size_t n = 0, r;

	for (r = 0; r < s->n; r++) {
		if (s->r[r].op == '-')
			cur.del += s->r[r].n;
		else if (s->r[r].op == '+')
			cur.ins += s->r[r].n;
		else {
			cur.eq = s->r[r].n;
			g[n++] = cur;
			memset(&cur, 0, sizeof(cur));
		}
	}
	if (cur.del || cur.ins)
		g[n++] = cur;
	*out = g;
	return n;
}

static size_t max_sz(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* Fold every equality no longer than the edits on both sides of it into
 * those edits, so "的" shared by two rewritten sentences is not shown as
 * kept.  Returns the new number of segments. */
static size_t segs_cleanup(struct seg *g, size_t n)
{
	size_t t = 0;

	while (t + 1 < n) {
		struct seg *a = &g[t], *b = &g[t + 1];
		size_t ea = max_sz(a->del, a->ins), eb = max_sz(b->del, b->ins);
		if (a->eq > 0 && ea > 0 && eb > 0 && a->eq <= ea && a->eq <= eb) {
			a->del += a->eq + b->del;
			a->ins += a->eq + b->ins;
			a->eq = b->eq;
			memmove(g + t + 1, g + t + 2, (n - t - 2) * sizeof(*g));
			n--;
			t = t ? t - 1 : 0;
			continue;
		}
		t++;
	}
	return n;
}

struct spanner {
	struct chardiff_para *p;
	const struct npara *a, *b;
	size_t i, j;	   /* unit cursors */
	size_t opos, npos; /* byte cursors */
	size_t cap;
	long last_eq; /* index of the last '=' span, -1 */
};

static struct chardiff_span *span_new(struct spanner *sp, int op)
{
	struct chardiff_span *s;

	if (sp->p->nspans == sp->cap) {
		sp->cap = sp->cap ? 2 * sp->cap : 8;
		sp->p->spans = xreallocarray(sp->p->spans, sp->cap, sizeof(*s));
	}
	s = &sp->p->spans[sp->p->nspans++];
	memset(s, 0, sizeof(*s));
	s->op = op;
	if (op == '=')
		sp->last_eq = (long)sp->p->nspans - 1;
	return s;
}

/* cnt equal units; the span starts at the byte cursors (white space
 * before it included) on both sides. */
static void emit_eq(struct spanner *sp, size_t cnt)
{
	struct chardiff_span *s = span_new(sp, '=');
	size_t oe = sp->a->u[sp->i + cnt - 1].e, ne = sp->b->u[sp->j + cnt - 1].e;

	s->text = sp->p->new_text + sp->npos;
	s->len = ne - sp->npos;
	s->old = sp->p->old_text + sp->opos;
	s->old_len = oe - sp->opos;
	sp->opos = oe;
	sp->npos = ne;
	sp->i += cnt;
	sp->j += cnt;
}

/* cnt units of one side as op; white space before them goes to the
 * last '=' span when there is one. */
static void emit_edit(struct spanner *sp, int op, size_t cnt)
{
	const struct npara *x = op == '-' ? sp->a : sp->b;
	size_t *ui = op == '-' ? &sp->i : &sp->j, *pos = op == '-' ? &sp->opos : &sp->npos;
	const char *text = op == '-' ? sp->p->old_text : sp->p->new_text;
	size_t b = x->u[*ui].b, e = x->u[*ui + cnt - 1].e;
	struct chardiff_span *s;

	if (sp->last_eq >= 0) {
		struct chardiff_span *q = &sp->p->spans[sp->last_eq];
		if (op == '-')
			q->old_len = b - (size_t)(q->old - text);
		else
			q->len = b - (size_t)(q->text - text);
	} else {
		b = *pos;
	}
	s = span_new(sp, op);
	s->text = text + b;
	s->len = e - b;
	*pos = e;
	*ui += cnt;
}

/* The spans of pair (a, b) from the segments. */
static void make_spans(struct chardiff_para *p, const struct npara *a, const struct npara *b,
		       const struct seg *g, size_t n)
{
	struct spanner sp = {p, a, b, 0, 0, 0, 0, 0, -1};
	size_t t;

	for (t = 0; t < n; t++) {
		if (g[t].del)
			emit_edit(&sp, '-', g[t].del);
		if (g[t].ins)
			emit_edit(&sp, '+', g[t].ins);
		if (g[t].eq)
			emit_eq(&sp, g[t].eq);
	}
	if (p->nspans && p->spans[p->nspans - 1].op == '=') {
		struct chardiff_span *q = &p->spans[p->nspans - 1];
		q->len = p->new_len - (size_t)(q->text - p->new_text);
		q->old_len = p->old_len - (size_t)(q->old - p->old_text);
	}
}

/* Diff the pair character by character into p->spans. */
static void para_chardiff(struct chardiff_para *p, const struct npara *a, const struct npara *b)
{
	struct pair_ctx c = {a, b, NULL, NULL};
	struct script s = {0};
	struct seg *g;
	size_t n;

	if (myers_diff(&s, a->n, b->n, units_eq, &c, CHARDIFF_MAX_EDITS) < 0) {
		s.n = 0; /* too many edits: show the paragraph replaced */
		script_add(&s, '-', a->n);
		script_add(&s, '+', b->n);
	}
	n = script_segs(&g, &s);
	n = segs_cleanup(g, n);
	make_spans(p, a, b, g, n);
	free(g);
	free(s.r);
}

/* ---- assembling the result ---- */

static struct chardiff_para *para_new(struct chardiff *d, size_t *cap)
{
	struct chardiff_para *p;

	if (d->n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		d->paras = xreallocarray(d->paras, *cap, sizeof(*d->paras));
	}
	p = &d->paras[d->n++];
	memset(p, 0, sizeof(*p));
	p->old_index = p->new_index = -1;
	return p;
}

static char *label_text(const struct npara *p)
{
	if (p->lab_e == 0)
		return NULL;
	return xstrndup(p->text + p->u[p->lab_s].b, p->u[p->lab_e - 1].e - p->u[p->lab_s].b);
}

/* Copy one side of a paragraph (a NULL side is left absent). */
static void para_fill(struct chardiff_para *p, const struct npara *a, long ai,
		      const struct npara *b, long bi)
{
	if (a) {
		p->old_text = xstrndup(a->text, a->len);
		p->old_len = a->len;
		p->old_index = ai;
	}
	if (b) {
		p->new_text = xstrndup(b->text, b->len);
		p->new_len = b->len;
		p->new_index = bi;
	}
	p->label = label_text(b ? b : a);
	if (a && b && (a->labkey || b->labkey) &&
	    !(a->labkey && b->labkey && strcmp(a->labkey, b->labkey) == 0))
		p->old_label = a->labkey ? label_text(a) : xstrdup("");
}

static void add_pair(struct chardiff *d, size_t *cap, const struct side *o, long i,
		     const struct side *n, long j, int moved)
{
	struct chardiff_para *p = para_new(d, cap);

	para_fill(p, &o->p[i], i, &n->p[j], j);
	p->moved = moved;
	if (npara_eq(&o->p[i], &n->p[j])) {
		p->kind = CHARDIFF_SAME;
	} else {
		p->kind = CHARDIFF_CHANGED;
		para_chardiff(p, &o->p[i], &n->p[j]);
	}
	d->changes += p->kind != CHARDIFF_SAME || moved;
}

static void add_single(struct chardiff *d, size_t *cap, const struct side *sd, long i, int added)
{
	struct chardiff_para *p = para_new(d, cap);

	p->kind = added ? CHARDIFF_ADDED : CHARDIFF_REMOVED;
	if (added)
		para_fill(p, NULL, -1, &sd->p[i], i);
	else
		para_fill(p, &sd->p[i], i, NULL, -1);
	d->changes++;
}

/* Emit in new order; a removed paragraph goes before the new paragraph
 * paired with the next old one that stayed in order. */
static void assemble(struct chardiff *d, const struct side *o, const struct side *n,
		     const char *moved)
{
	size_t cap = 0, oi = 0, j;

	for (j = 0; j < n->n; j++) {
		long i = n->p[j].pair;
		if (i < 0) {
			add_single(d, &cap, n, (long)j, 1);
			continue;
		}
		for (; !moved[j] && oi < (size_t)i; oi++)
			if (o->p[oi].pair < 0)
				add_single(d, &cap, o, (long)oi, 0);
		if (!moved[j])
			oi = (size_t)i + 1;
		add_pair(d, &cap, o, i, n, (long)j, moved[j]);
	}
	for (; oi < o->n; oi++)
		if (o->p[oi].pair < 0)
			add_single(d, &cap, o, (long)oi, 0);
}

int chardiff_compute(struct chardiff **out, const char *old_md, size_t old_len, const char *new_md,
		     size_t new_len)
{
	struct side o = {BUF_INIT, NULL, 0, 0}, n = {BUF_INIT, NULL, 0, 0};
	struct chardiff *d;
	char *moved;

	*out = NULL;
	if (old_len > INT32_MAX / 2 || new_len > INT32_MAX / 2)
		return -1;
	chardiff_utf8_clean(&o.clean, old_md ? old_md : "", old_md ? old_len : 0);
	chardiff_utf8_clean(&n.clean, new_md ? new_md : "", new_md ? new_len : 0);
	side_split(&o);
	side_split(&n);
	align_equal(&o, &n);
	align_similar(&o, &n);
	align_labels(&o, &n);
	moved = find_moved(&o, &n);
	d = xcalloc(1, sizeof(*d));
	assemble(d, &o, &n, moved);
	free(moved);
	side_release(&o);
	side_release(&n);
	*out = d;
	return 0;
}

void chardiff_free(struct chardiff *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->paras[i].label);
		free(d->paras[i].old_label);
		free(d->paras[i].old_text);
		free(d->paras[i].new_text);
		free(d->paras[i].spans);
	}
	free(d->paras);
	free(d);
}

/* ---- HTML ---- */

static void put_tagged(struct buf *out, const char *tag, const char *s, size_t len)
{
	buf_printf(out, "<%s>", tag);
	escape_html(out, s, len);
	buf_printf(out, "</%s>", tag);
}

/* The spans of p: side '=' for inline (all), '-' old column, '+' new. */
static void put_spans(struct buf *out, const struct chardiff_para *p, int side)
{
	size_t k;

	for (k = 0; k < p->nspans; k++) {
		const struct chardiff_span *s = &p->spans[k];
		if (s->op == '=')
			escape_html(out, side == '-' ? s->old : s->text,
				    side == '-' ? s->old_len : s->len);
		else if (s->op == '-' && side != '+')
			put_tagged(out, "del", s->text, s->len);
		else if (s->op == '+' && side != '-')
			put_tagged(out, "ins", s->text, s->len);
	}
}

static const char *kind_class(const struct chardiff_para *p)
{
	static const char *const names[] = {"diff-same", "diff-changed", "diff-added",
					    "diff-removed"};

	return names[p->kind];
}

static void put_moved_note(struct buf *out, const struct chardiff_para *p)
{
	if (p->moved)
		buf_puts(out, "<span class=\"diff-note\">（移动）</span>");
}

static void render_para_inline(struct buf *out, const struct chardiff_para *p)
{
	buf_printf(out, "<p class=\"%s%s\">", kind_class(p), p->moved ? " diff-moved" : "");
	put_moved_note(out, p);
	if (p->kind == CHARDIFF_SAME)
		escape_html(out, p->new_text, p->new_len);
	else if (p->kind == CHARDIFF_CHANGED)
		put_spans(out, p, '=');
	else if (p->kind == CHARDIFF_ADDED)
		put_tagged(out, "ins", p->new_text, p->new_len);
	else
		put_tagged(out, "del", p->old_text, p->old_len);
	buf_puts(out, "</p>\n");
}

static int para_changed(const struct chardiff_para *p)
{
	return p->kind != CHARDIFF_SAME || p->moved;
}

/* show[i]: paragraph i is within CHARDIFF_CONTEXT of a change. */
static char *context_marks(const struct chardiff *d)
{
	char *show = xcalloc(d->n + 1, 1);
	size_t i, k;

	for (i = 0; i < d->n; i++) {
		if (!para_changed(&d->paras[i]))
			continue;
		for (k = i > CHARDIFF_CONTEXT ? i - CHARDIFF_CONTEXT : 0;
		     k < d->n && k <= i + CHARDIFF_CONTEXT; k++)
			show[k] = 1;
	}
	return show;
}

void chardiff_render_inline(struct buf *out, const struct chardiff *d)
{
	char *show;
	size_t i, skipped = 0;

	if (!d)
		return;
	buf_puts(out, "<div class=\"chardiff\">\n");
	if (d->changes == 0)
		buf_puts(out, "<p class=\"diff-none\">没有改动。</p>\n");
	show = context_marks(d);
	for (i = 0; d->changes && i <= d->n; i++) {
		if (i < d->n && !show[i]) {
			skipped++;
			continue;
		}
		if (skipped)
			buf_printf(out, "<p class=\"diff-skip\">……（%zu 段未改动）</p>\n", skipped);
		skipped = 0;
		if (i < d->n)
			render_para_inline(out, &d->paras[i]);
	}
	free(show);
	buf_puts(out, "</div>\n");
}

void chardiff_render_table(struct buf *out, const struct chardiff *d)
{
	size_t i;

	if (!d)
		return;
	buf_puts(out, "<table class=\"chardiff-table\">\n<thead><tr><th>旧条文</th><th>新条文</th>"
		      "</tr></thead>\n<tbody>\n");
	for (i = 0; i < d->n; i++) {
		const struct chardiff_para *p = &d->paras[i];
		if (!para_changed(p))
			continue;
		buf_printf(out, "<tr class=\"%s%s\"><td>", kind_class(p),
			   p->moved ? " diff-moved" : "");
		if (p->kind == CHARDIFF_CHANGED)
			put_spans(out, p, '-');
		else if (p->kind == CHARDIFF_REMOVED)
			put_tagged(out, "del", p->old_text, p->old_len);
		else if (p->kind == CHARDIFF_SAME)
			escape_html(out, p->old_text, p->old_len);
		buf_puts(out, "</td><td>");
		put_moved_note(out, p);
		if (p->kind == CHARDIFF_CHANGED)
			put_spans(out, p, '+');
		else if (p->kind == CHARDIFF_ADDED)
			put_tagged(out, "ins", p->new_text, p->new_len);
		else if (p->kind == CHARDIFF_SAME)
			escape_html(out, p->new_text, p->new_len);
		buf_puts(out, "</td></tr>\n");
	}
	buf_puts(out, "</tbody>\n</table>\n");
}

/* ---- metadata ---- */

/* The value as one line of text (see chardiff.h). */
static void meta_text(struct buf *b, const struct value *v, int nested)
{
	size_t i;

	if (!v || v->type == VALUE_NULL)
		return;
	if (v->type != VALUE_LIST && v->type != VALUE_MAP) {
		chardiff_utf8_clean(b, v->str ? v->str : "", v->str ? v->len : 0);
		return;
	}
	if (nested)
		buf_puts(b, v->type == VALUE_LIST ? "[" : "{");
	for (i = 0; i < v->n; i++) {
		if (i)
			buf_puts(b, v->type == VALUE_LIST ? "、" : "；");
		if (v->type == VALUE_MAP) {
			buf_puts(b, v->keys[i]);
			buf_puts(b, ": ");
		}
		meta_text(b, v->items[i], 1);
	}
	if (nested)
		buf_puts(b, v->type == VALUE_LIST ? "]" : "}");
}

static char *meta_string(const struct value *v)
{
	struct buf b = BUF_INIT;

	meta_text(&b, v, 0);
	return buf_detach(&b, NULL);
}

static void meta_row(struct chardiff_meta *m, size_t *cap, const char *key, const struct value *a,
		     const struct value *b)
{
	char *x = a ? meta_string(a) : NULL, *y = b ? meta_string(b) : NULL;
	struct chardiff_meta_row *r;

	if (x && y && strcmp(x, y) == 0) {
		free(x);
		free(y);
		return;
	}
	if (m->n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		m->rows = xreallocarray(m->rows, *cap, sizeof(*m->rows));
	}
	r = &m->rows[m->n++];
	r->field = xstrdup(key);
	r->old_value = x;
	r->new_value = y;
}

struct chardiff_meta *chardiff_meta_compute(const struct value *old_fm, const struct value *new_fm)
{
	struct chardiff_meta *m = xcalloc(1, sizeof(*m));
	size_t cap = 0, i;
	int om = old_fm && old_fm->type == VALUE_MAP, nm = new_fm && new_fm->type == VALUE_MAP;

	for (i = 0; nm && i < new_fm->n; i++)
		meta_row(m, &cap, new_fm->keys[i], om ? value_get(old_fm, new_fm->keys[i]) : NULL,
			 new_fm->items[i]);
	for (i = 0; om && i < old_fm->n; i++)
		if (!nm || !value_get(new_fm, old_fm->keys[i]))
			meta_row(m, &cap, old_fm->keys[i], old_fm->items[i], NULL);
	return m;
}

void chardiff_meta_free(struct chardiff_meta *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->rows[i].field);
		free(m->rows[i].old_value);
		free(m->rows[i].new_value);
	}
	free(m->rows);
	free(m);
}

static void meta_cell(struct buf *out, const char *s, const char *tag)
{
	if (!s) {
		buf_puts(out, "<td class=\"diff-empty\"></td>");
		return;
	}
	buf_printf(out, "<td><%s>", tag);
	escape_html(out, s, strlen(s));
	buf_printf(out, "</%s></td>", tag);
}

void chardiff_meta_render(struct buf *out, const struct chardiff_meta *m)
{
	size_t i;

	if (!m || m->n == 0)
		return;
	buf_puts(out, "<table class=\"chardiff-meta\">\n<thead><tr><th>字段</th><th>旧值</th>"
		      "<th>新值</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < m->n; i++) {
		buf_puts(out, "<tr><th>");
		escape_html(out, m->rows[i].field, strlen(m->rows[i].field));
		buf_puts(out, "</th>");
		meta_cell(out, m->rows[i].old_value, "del");
		meta_cell(out, m->rows[i].new_value, "ins");
		buf_puts(out, "</tr>\n");
	}
	buf_puts(out, "</tbody>\n</table>\n");
}
