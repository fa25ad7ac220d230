/* searchwrite.c - write the search index as script files; formats below,
 * read by static/search.js (keep the two in step).
 *
 * s/<k>.js   huibianSearch.shard(k,"G|G|...") where each group G is one
 *            first character followed by entries joined with ",": all keys
 *            starting with that character, a word's as "suffix:postings"
 *            sorted by bytes (the end key has the empty suffix), a CJK
 *            key's as the delta of its second character's code
 *            (second_code; varint) then its postings.  A key lives in shard
 *            fnv1a(UTF-8 of its first character) mod shards, unless its
 *            group takes more than GROUP_SPLIT bytes: then
 * s/<c>-<p>.js huibianSearch.shard("<c>-<p>","G") holds part p of the
 *            group of the character of code point c (decimal): the group
 *            cut by key order into at most PART_MAX parts of about
 *            PART_BYTES, each a group of its own (deltas from 0), so that a
 *            bigram of a frequent character loads tens of KB, not all of
 *            its group (up to 1 MB at 10,000 documents); a lone character
 *            loads all of them.  The manifest's "parts" lists them:
 *            {character: [the first key of each part but the first]}, a
 *            CJK key by its second character's code, a word by its suffix.
 * t/<c>.js   huibianSearch.text(c,[[title,doc_title,number,body],...]) for
 *            the entries chunks[c] .. chunks[c+1]-1; each string
 *            character-coded: the manifest's "chars" lists the characters
 *            of all texts by falling octave of their count (1, 2-3, 4-7,
 *            …) then code point, then "pairs" the most frequent pairs of
 *            characters by code points (stable orders: cmp_char_freq,
 *            charcode_settle); of the 90 symbols
 *            SEARCH_SYMBOLS the first k code the first k of these in one
 *            symbol, the last ('~') starts a match, the others lead a
 *            second symbol (index k + (lead - k) * 90 + second); anything
 *            else is the character itself (only when there are more than
 *            8,000 characters).  A match is '~', two symbols giving the
 *            distance d - 1 (d * 90 + e) and one the length l - 3: it
 *            repeats the l UTF-16 units that start d units before the end
 *            of the text decoded so far (never overlapping it).  A measure whose
 *            document is in the same chunk has the document's entry id as
 *            doc_title, and as body [start,end] (UTF-16 offsets) when its
 *            text is a slice of the document's body.  A chunk ends before a
 *            document where the texts say (see CHUNK_MIN).
 * manifest.js huibianSearch.manifest({...}) with v, shards, parts, k, chars,
 *            variants (pairs traditional, simplified, from OpenCC), chunks
 *            (first entry id of each chunk), total (sum of entry lengths),
 *            statuses [[class,label]], levels, depts, topics and docs: [url,
 *            date, status, level, [dept], [topic], measure, length] with
 *            indexes into those lists, or for a measure of the last document
 *            row before it with its date, status and level [url fragment,
 *            [dept], [topic], length].
 * A title that begins the entry's body is stored as its length (UTF-16).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "escape.h"
#include "memo.h"
#include "output.h"
#include "parallel.h"
#include "search.h"
#include "searchcache.h"
#include "searchint.h"
#include "searchtok.h"
#include "utf8.h"
#include "xalloc.h"

/* Printable ASCII without " \ < > &, so escape_json leaves it alone. */
#define SEARCH_SYMBOLS                                                                             \
	" !#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz"   \
	"{|}~"
#define NSYM 90
#define NLEAD (NSYM - 1) /* lead symbols of codes: the last marks a match */
#define LZ_MIN 3	 /* UTF-16 units of the shortest match */
#define LZ_MAXLEN (LZ_MIN + NSYM - 1)
#define LZ_MAXDIST (NSYM * NSYM)
#define LZ_COST 4	      /* symbols of a match */
#define LZ_MINTEXT 24	      /* bytes of the shortest text that looks for matches */
#define LZ_DEPTH 8	      /* earlier places a match is looked for */
#define PAIR_K 10	      /* single-symbol codes when there are pairs */
#define PAIR_MIN 4	      /* occurrences that make a pair worth a code */
#define PAIR_FIRST (1u << 31) /* in rank: some pair starts with this character */
#define MAXCP 0x110000

struct writer {
	struct output *o;
	const char *dir;
	struct diag *d;
	struct buf path, data;
};

/* Write w->data to <dir>/<name>; returns 0 or -1 (message in d). */
static int put_file(struct writer *w, const char *name, size_t *bytes)
{
	buf_reset(&w->path);
	buf_printf(&w->path, "%s/%s", w->dir, name);
	if (output_write(w->o, w->path.ptr, w->data.ptr, w->data.len) < 0) {
		diag_error(w->d, w->path.ptr, 0, 0, "cannot write the search index");
		return -1;
	}
	*bytes += w->data.len;
	return 0;
}

/* Write data[0..len) to <dir>/<name> through o (from any thread), with
 * memo key key (NULL: none); 0 or -1 (no message: the caller reports, in
 * order). */
static int put_data(struct output *o, const char *dir, const char *name, const struct buf *data,
		    const unsigned char *key)
{
	struct buf path = BUF_INIT;
	int rc;

	buf_printf(&path, "%s/%s", dir, name);
	rc = output_write_key(o, path.ptr, data->ptr, data->len, key);
	buf_release(&path);
	return rc;
}

/* Report the files of rc[0..n) that could not be written, named by
 * fmt with their number; 0, or -1 if there was one. */
static int report_failed(struct writer *w, const int *rc, size_t n, const char *fmt)
{
	char name[64];
	size_t i;
	int ret = 0;

	for (i = 0; i < n; i++) {
		if (rc[i] == 0)
			continue;
		snprintf(name, sizeof name, fmt, i);
		buf_reset(&w->path);
		buf_printf(&w->path, "%s/%s", w->dir, name);
		diag_error(w->d, w->path.ptr, 0, 0, "cannot write the search index");
		ret = -1;
	}
	return ret;
}

static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* A key with its UTF-8 (in the strings buffer) and shard. */
struct shard_term {
	uint32_t shard;
	size_t off, len, flen; /* the key is strs[off..off+len), first char flen */
	uint32_t v;	       /* CJK: the code of the second character, see below */
	const struct search_term *t;
};

struct charcode;
static uint32_t second_code(const struct charcode *cc, uint64_t key);

/* Sort v[0..n) with cmp_keys (a merge sort: qsort has no context argument
 * for strs); tmp has room for n. */
/* Order of keys: shard, first character, then the second character's code
 * (CJK) or the bytes of the rest (words). */
static int cmp_keys(const struct shard_term *x, const struct shard_term *y, const char *strs)
{
	int c;

	if (x->shard != y->shard)
		return x->shard < y->shard ? -1 : 1;
	if (x->flen != y->flen)
		return x->flen < y->flen ? -1 : 1;
	if ((c = memcmp(strs + x->off, strs + y->off, x->flen)) != 0)
		return c;
	if (!(x->t->key & SEARCH_WORD_BIT))
		return (x->v > y->v) - (x->v < y->v);
	c = memcmp(strs + x->off, strs + y->off, x->len < y->len ? x->len : y->len);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void keys_sort(struct shard_term *v, struct shard_term *tmp, size_t n, const char *strs)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	keys_sort(v, tmp, mid, strs);
	keys_sort(v + mid, tmp, n - mid, strs);
	while (i < mid && j < n)
		tmp[k++] = cmp_keys(&v[i], &v[j], strs) <= 0 ? v[i++] : v[j++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *v);
}

/* Append the keys st[0..n) (one group: one first character, sorted) in
 * the group format. */
static void shard_body(struct buf *b, const struct search_index *ix, const struct shard_term *st,
		       size_t n, const char *strs)
{
	size_t i;
	uint32_t prev = 0;

	if (!n)
		return;
	escape_json(b, strs + st[0].off, st[0].flen);
	for (i = 0; i < n; i++) {
		const char *s = strs + st[i].off;

		if (i)
			buf_putc(b, ',');
		if (st[i].t->key & SEARCH_WORD_BIT) {
			escape_json(b, s + st[i].flen, st[i].len - st[i].flen);
			buf_putc(b, ':');
		} else {
			search_put_varint(b, st[i].v - prev);
			prev = st[i].v;
		}
		search_term_postings(ix, st[i].t, b, NULL);
	}
}

static void shard_terms(const struct search_index *ix, const struct charcode *cc,
			struct shard_term *st, struct buf *strs)
{
	size_t i;

	for (i = 0; i < ix->nterms; i++) {
		const struct search_term *t = &ix->terms[i];

		st[i].t = t;
		st[i].off = strs->len;
		search_term_str(t, strs);
		st[i].len = strs->len - st[i].off;
		st[i].flen = utf8_len((unsigned char)strs->ptr[st[i].off]);
		if (st[i].flen > st[i].len)
			st[i].flen = st[i].len;
		st[i].v = t->key & SEARCH_WORD_BIT ? 0 : second_code(cc, t->key);
		st[i].shard = search_fnv1a(strs->ptr + st[i].off, st[i].flen); /* masked later */
	}
}

/* The keys of one first character: st[from..to); the bytes they take in
 * a shard (about: the postings and the keys); cut into nparts files of
 * their own (cut[0..nparts], cut[0] = from) when they take more than
 * GROUP_SPLIT, else in shard number shard. */
struct shard_group {
	size_t from, to, bytes, nparts, *cut, file; /* file: its first part's */
	uint32_t hash, shard;
	const char *first;
	size_t flen;
};

#define SHARD_BYTES 65536 /* a shard of uncut groups: about this many bytes */
#define GROUP_SPLIT 98304 /* a group of more bytes is cut into parts */
#define PART_BYTES 65536  /* its parts: about this many bytes */
#define PART_MAX 8	  /* at most this many */

static size_t varint_len(uint32_t v)
{
	size_t n = 1;

	for (v /= SEARCH_NFINAL; v; v /= SEARCH_NCONT)
		n++;
	return n;
}

/* Cut group g into parts of about the same bytes, by key order. */
static void group_cut(struct shard_group *g, const struct shard_term *st)
{
	size_t i, sum = 0, p = 1;
	uint32_t prev = 0;

	g->nparts = (g->bytes + PART_BYTES - 1) / PART_BYTES;
	if (g->nparts > PART_MAX)
		g->nparts = PART_MAX;
	g->cut = xcalloc(g->nparts + 1, sizeof *g->cut);
	g->cut[0] = g->from;
	for (i = g->from; i < g->to; i++) {
		if (p < g->nparts && sum >= g->bytes * p / g->nparts)
			g->cut[p++] = i;
		sum += st[i].t->plen + 2 +
		       (st[i].t->key & SEARCH_WORD_BIT ? st[i].len - st[i].flen
						       : varint_len(st[i].v - prev));
		prev = st[i].v;
	}
	g->nparts = p; /* fewer when a few keys take most */
	g->cut[p] = g->to;
}

/* Find the groups of the sorted keys st[0..n): returns their number (g
 * has room for n); the bytes of the uncut ones add up in *small. */
static size_t find_groups(struct shard_group *g, struct shard_term *st, size_t n, const char *strs,
			  size_t *small)
{
	size_t i, ng = 0;
	uint32_t prev = 0;

	*small = 0;
	for (i = 0; i < n; i++) {
		if (!ng || st[i].shard != g[ng - 1].hash || st[i].flen != g[ng - 1].flen ||
		    memcmp(strs + st[i].off, g[ng - 1].first, st[i].flen)) {
			if (ng) {
				g[ng - 1].to = i;
				*small += g[ng - 1].bytes <= GROUP_SPLIT ? g[ng - 1].bytes : 0;
			}
			memset(&g[ng], 0, sizeof g[ng]);
			g[ng].from = i;
			g[ng].hash = st[i].shard;
			g[ng].first = strs + st[i].off;
			g[ng].flen = st[i].flen;
			g[ng++].bytes = st[i].flen + 1;
			prev = 0;
		}
		g[ng - 1].bytes += st[i].t->plen + 2 +
				   (st[i].t->key & SEARCH_WORD_BIT ? st[i].len - st[i].flen
								   : varint_len(st[i].v - prev));
		prev = st[i].v;
	}
	if (ng) {
		g[ng - 1].to = n;
		*small += g[ng - 1].bytes <= GROUP_SPLIT ? g[ng - 1].bytes : 0;
	}
	return ng;
}

/* Uncut groups by shard, then as cmp_keys orders their first characters. */
static int cmp_groups(const void *a, const void *b)
{
	const struct shard_group *x = *(struct shard_group *const *)a,
				 *y = *(struct shard_group *const *)b;

	if (x->shard != y->shard)
		return x->shard < y->shard ? -1 : 1;
	if (x->flen != y->flen)
		return x->flen < y->flen ? -1 : 1;
	return memcmp(x->first, y->first, x->flen);
}

/* The files of the shards written on several threads: file k < nshards
 * is shard k, with the groups by[at[k] .. at[k + 1]); the others are the
 * parts of the cut groups, in order. */
struct shard_job {
	const struct search_index *ix;
	struct output *o;
	const char *dir;
	const struct shard_term *st;
	const char *strs;
	struct shard_group **by, **cutg; /* cutg: per file after the shards, its group */
	size_t *at, *bytes;
	int *rc;
};

/* The name of part p of cut group g: s/<code point>-<p>.js. */
static void part_name(char *name, size_t size, const struct shard_group *g, size_t p)
{
	utf8proc_int32_t cp = 0;

	utf8proc_iterate((const utf8proc_uint8_t *)g->first, (utf8proc_ssize_t)g->flen, &cp);
	snprintf(name, size, "s/%ld-%zu.js", (long)cp, p);
}

static void shard_write(size_t k, void *ctx)
{
	struct shard_job *j = ctx;
	struct buf data = BUF_INIT;
	char name[48];
	size_t i, n = j->ix->nshards;

	if (k < n) {
		buf_printf(&data, "huibianSearch.shard(%zu,\"", k);
		for (i = j->at[k]; i < j->at[k + 1]; i++) {
			if (i > j->at[k])
				buf_putc(&data, '|');
			shard_body(&data, j->ix, j->st + j->by[i]->from,
				   j->by[i]->to - j->by[i]->from, j->strs);
		}
		snprintf(name, sizeof name, "s/%zu.js", k);
	} else {
		const struct shard_group *g = j->cutg[k - n];
		size_t p = k - n - g->file;

		part_name(name, sizeof name, g, p); /* "s/" name ".js" */
		buf_puts(&data, "huibianSearch.shard(\"");
		buf_put(&data, name + 2, strlen(name) - 5);
		buf_puts(&data, "\",\"");
		shard_body(&data, j->ix, j->st + g->cut[p], g->cut[p + 1] - g->cut[p], j->strs);
	}
	buf_puts(&data, "\");\n");
	j->rc[k] = put_data(j->o, j->dir, name, &data, NULL);
	j->bytes[k] = data.len;
	buf_release(&data);
}

/* The manifest's "parts": per cut group, its first character and the
 * first key of each part but the first (CJK: the code of its second
 * character, a word: the rest of it). */
static void put_parts(struct buf *b, struct shard_group *g, size_t ng, const struct shard_term *st,
		      const char *strs)
{
	size_t i, p, n = 0;

	buf_puts(b, ",\"parts\":{");
	for (i = 0; i < ng; i++) {
		if (!g[i].nparts)
			continue;
		buf_puts(b, n++ ? ",\"" : "\"");
		escape_json(b, g[i].first, g[i].flen);
		buf_puts(b, "\":[");
		for (p = 1; p < g[i].nparts; p++) {
			const struct shard_term *t = &st[g[i].cut[p]];

			if (p > 1)
				buf_putc(b, ',');
			if (t->t->key & SEARCH_WORD_BIT) {
				buf_putc(b, '"');
				escape_json(b, strs + t->off + t->flen, t->len - t->flen);
				buf_putc(b, '"');
			} else {
				buf_put_dec(b, t->v);
			}
		}
		buf_putc(b, ']');
	}
	buf_putc(b, '}');
}

/* Write the shards and the parts of the cut groups; their table for the
 * manifest is put in parts.  The number of shards: a power of two giving
 * shards of about SHARD_BYTES of the uncut groups, at most 1024. */
static int write_shards(struct search_index *ix, struct writer *w, const struct charcode *cc,
			struct buf *parts)
{
	size_t n = ix->nterms ? ix->nterms : 1, i, k, ng, small, nfiles, nby = 0;
	struct shard_term *st = xcalloc(n, sizeof *st), *tmp = xcalloc(n, sizeof *tmp);
	struct shard_group *g = xcalloc(n, sizeof *g);
	struct buf strs = BUF_INIT;
	struct shard_job j = {ix, w->o, w->dir, st, NULL, NULL, NULL, NULL, NULL, NULL};
	int ret;

	shard_terms(ix, cc, st, &strs);
	keys_sort(st, tmp, ix->nterms, strs.ptr);
	ng = find_groups(g, st, ix->nterms, strs.ptr, &small);
	for (ix->nshards = 1; ix->nshards < 1024 && ix->nshards * SHARD_BYTES < small;)
		ix->nshards *= 2;
	j.strs = strs.ptr;
	j.by = xcalloc(ng + 1, sizeof *j.by);
	nfiles = ix->nshards;
	for (i = 0; i < ng; i++) {
		if (g[i].bytes > GROUP_SPLIT) {
			group_cut(&g[i], st);
			g[i].file = nfiles - ix->nshards;
			nfiles += g[i].nparts;
		} else {
			g[i].shard = g[i].hash & (uint32_t)(ix->nshards - 1);
			j.by[nby++] = &g[i];
		}
	}
	qsort(j.by, nby, sizeof *j.by, cmp_groups);
	j.at = xcalloc(ix->nshards + 1, sizeof *j.at);
	for (k = 0, i = 0; k < ix->nshards; k++) {
		j.at[k] = i;
		while (i < nby && j.by[i]->shard == k)
			i++;
	}
	j.at[ix->nshards] = i;
	j.cutg = xcalloc(nfiles - ix->nshards + 1, sizeof *j.cutg);
	for (i = 0; i < ng; i++)
		for (k = 0; k < g[i].nparts; k++)
			j.cutg[g[i].file + k] = &g[i];
	j.bytes = xcalloc(nfiles, sizeof *j.bytes);
	j.rc = xcalloc(nfiles, sizeof *j.rc);
	parallel_for(nfiles, ix->jobs, shard_write, &j);
	for (k = 0; k < nfiles; k++)
		ix->shard_bytes += j.bytes[k];
	ret = report_failed(w, j.rc, ix->nshards, "s/%zu.js");
	for (k = ix->nshards; k < nfiles; k++)
		if (j.rc[k]) {
			char name[48];

			part_name(name, sizeof name, j.cutg[k - ix->nshards],
				  k - ix->nshards - j.cutg[k - ix->nshards]->file);
			buf_reset(&w->path);
			buf_printf(&w->path, "%s/%s", w->dir, name);
			diag_error(w->d, w->path.ptr, 0, 0, "cannot write the search index");
			ret = -1;
		}
	put_parts(parts, g, ng, st, strs.ptr);
	for (i = 0; i < ng; i++)
		free(g[i].cut);
	free(g);
	free(j.by);
	free(j.cutg);
	free(j.at);
	free(j.bytes);
	free(j.rc);
	free(st);
	free(tmp);
	buf_release(&strs);
	return ret;
}

/* The character coding of the text files (see the top of this file). */
struct charcode {
	uint32_t *rank;	 /* per code point: code + 1, 0 = raw; | PAIR_FIRST */
	int32_t *chars;	 /* codes 0 .. nchars-1, by falling frequency */
	uint64_t *pairs; /* codes nchars .. : keys first << 21 | second */
	size_t nchars, npairs, k;
	uint64_t *pslots; /* the pairs, open addressing: key << 16 | index + 1 */
	size_t pcap;
};

/* utf8_decode for what its fast paths leave. */
static size_t utf8_decode_rest(const unsigned char *u, size_t n, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t step = utf8proc_iterate(u, (utf8proc_ssize_t)n, &c);

	if (step <= 0) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return (size_t)step;
}

/* One UTF-8 character of u[0..n) (n > 0) into *cp; its length.  Invalid
 * bytes are U+FFFD of length 1.  ASCII and three-byte characters (nearly
 * all the text) inline. */
static inline size_t utf8_decode(const unsigned char *u, size_t n, int32_t *cp)
{
	int32_t c;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xF0) == 0xE0 && n >= 3 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
		c = (u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*cp = c;
			return 3;
		}
	}
	return utf8_decode_rest(u, n, cp);
}

/* Count the characters of s[0..n); *hi is raised above the largest. */
static void count_chars(uint32_t *count, const char *s, size_t n, size_t *hi)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		int32_t cp;

		i += utf8_decode(u + i, n - i, &cp);
		count[cp]++;
		if ((size_t)cp >= *hi)
			*hi = (size_t)cp + 1;
	}
}

/* Count the characters of the stored fields of the entries [from, to)
 * (titles, doc_titles but a measure's of its document, 发文字号, bodies
 * but slices) into count; *hi is raised above the largest. */
static void count_entries(const struct search_index *ix, size_t from, size_t to, uint32_t *count,
			  size_t *hi)
{
	size_t i;

	for (i = from; i < to; i++) {
		const struct search_doc *d = &ix->docs[i];

		count_chars(count, d->title, strlen(d->title), hi);
		if (d->parent < 0)
			count_chars(count, d->doc_title, strlen(d->doc_title), hi);
		count_chars(count, d->number, strlen(d->number), hi);
		if (d->body) /* not a slice */
			count_chars(count, d->body, d->body_len, hi);
	}
}

static void put_le4(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static uint32_t get_le4(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Count the characters of block k unless the saved index had them. */
static void block_chars_one(size_t k, void *ctx)
{
	struct search_index *ix = ctx;
	struct search_block *bl = &ix->blocks[k];
	uint32_t *count;
	size_t hi = 0, c, n = 0;
	unsigned char *p;

	if (bl->chars)
		return;
	count = xcalloc(MAXCP, sizeof *count); /* pages never touched cost nothing */
	count_entries(ix, bl->from, bl->to, count, &hi);
	for (c = 0; c < hi; c++)
		n += count[c] != 0;
	p = bl->own_chars = xmalloc(8 * n + 1);
	for (c = 0; c < hi; c++)
		if (count[c]) {
			put_le4(p, (uint32_t)c);
			put_le4(p + 4, count[c]);
			p += 8;
		}
	bl->chars = bl->own_chars;
	bl->nchars = n;
	free(count);
}

void search_block_chars(struct search_index *ix)
{
	parallel_for(ix->nblocks, ix->jobs, block_chars_one, ix);
}

/* The characters of every block added up into count; returns a bound
 * above the largest. */
static size_t sum_block_chars(const struct search_index *ix, uint32_t *count)
{
	size_t k, i, hi = 0;
	uint32_t cp;

	for (k = 0; k < ix->nblocks; k++)
		for (i = 0; i < ix->blocks[k].nchars; i++) {
			cp = get_le4(ix->blocks[k].chars + 8 * i);
			count[cp] += get_le4(ix->blocks[k].chars + 8 * i + 4);
			hi = cp >= hi ? cp + 1 : hi;
		}
	return hi;
}

struct char_freq {
	uint32_t count;
	int32_t cp;
	int prio; /* 1 for ASCII when there are more characters than codes */
};

/* The order of the characters' codes: frequent first by octave of their
 * count (1, 2-3, 4-7, …), then by code point; ASCII before all when prio
 * is set.  Frequent enough for short codes in the shards' deltas, and
 * stable: one more or one less of a character moves it only when its
 * count crosses a power of two, so a small edit rarely changes the codes
 * (and with them every coded text). */
static int octave(uint32_t count)
{
	int b = 0;

	while (count >>= 1)
		b++;
	return b;
}

static int cmp_char_freq(const void *a, const void *b)
{
	const struct char_freq *x = a, *y = b;
	int ox = octave(x->count), oy = octave(y->count);

	if (x->prio != y->prio)
		return y->prio - x->prio;
	if (ox != oy)
		return ox > oy ? -1 : 1;
	return (x->cp > y->cp) - (x->cp < y->cp);
}

struct textref {
	size_t start, end;
	int ok;
};

/* UTF-16 offsets of the slices among the entries [from, to) (whole
 * documents with their measures: a chunk); a document's measures come in
 * order, so each offset is counted on from the previous slice's when it
 * lies after it.  Only the chunks coded need them: a chunk's memo key
 * holds its slices' byte offsets and their document's hash instead. */
static void find_refs(const struct search_index *ix, struct textref *refs, size_t from, size_t to)
{
	size_t i, off = 0, units = 0;
	long parent = -1;

	for (i = from; i < to; i++) {
		const struct search_doc *d = &ix->docs[i];
		const char *body;

		refs[i].ok = 0;
		if (d->body)
			continue;
		body = ix->docs[d->parent].body;
		if (d->parent != parent || d->body_off < off)
			off = units = 0;
		parent = d->parent;
		units += utf8_utf16_len(body + off, d->body_off - off);
		off = d->body_off;
		refs[i].start = units;
		refs[i].end = units + utf8_utf16_len(body + off, d->body_len);
		refs[i].ok = 1;
	}
}

struct count_job {
	const struct search_index *ix;
	uint32_t **count; /* per slice of entries, MAXCP each */
	size_t *hi;	  /* per slice: above its largest character */
	size_t nslices;
};

/* Count the characters of the stored fields of slice k of the entries. */
static void count_slice(size_t k, void *ctx)
{
	struct count_job *j = ctx;
	const struct search_index *ix = j->ix;
	size_t from = ix->ndocs * k / j->nslices, to = ix->ndocs * (k + 1) / j->nslices;
	uint32_t *count = j->count[k] = xcalloc(MAXCP, sizeof *count);

	count_entries(ix, from, to, count, &j->hi[k]);
}

/* The characters of all stored fields, counted on ix->jobs threads;
 * returns a bound above the largest (the tables are only read below it:
 * pages of them never touched cost nothing). */
static size_t count_doc_chars(const struct search_index *ix, uint32_t *count)
{
	struct count_job j = {ix, NULL, NULL, (size_t)ix->jobs};
	size_t k, c, hi = 0;

	j.count = xcalloc(j.nslices, sizeof *j.count);
	j.hi = xcalloc(j.nslices, sizeof *j.hi);
	parallel_for(j.nslices, ix->jobs, count_slice, &j);
	for (k = 0; k < j.nslices; k++) {
		for (c = 0; c < j.hi[k]; c++)
			count[c] += j.count[k][c];
		hi = j.hi[k] > hi ? j.hi[k] : hi;
		free(j.count[k]);
	}
	free(j.count);
	free(j.hi);
	return hi;
}

struct pair_freq {
	uint32_t count;
	int oct; /* octave(count), computed once, not at each comparison */
	uint64_t key;
};

/* Frequent first by octave of the count (see cmp_char_freq), then by
 * key: which pairs get codes then changes only when an edit moves a pair
 * across a power of two. */
static int cmp_pair_freq(const void *a, const void *b)
{
	const struct pair_freq *x = a, *y = b;

	if (x->oct != y->oct)
		return x->oct > y->oct ? -1 : 1;
	return (x->key > y->key) - (x->key < y->key);
}

/* The CJK bigrams that occur at least PAIR_MIN times, most frequent first
 * (counted on the normalised text, which is the text nearly always). */
static struct pair_freq *pair_candidates(const struct search_index *ix, size_t *n)
{
	struct pair_freq *pf = xcalloc(ix->nterms + 1, sizeof *pf);
	size_t i;

	*n = 0;
	for (i = 0; i < ix->nterms; i++) {
		const struct search_term *t = &ix->terms[i];

		if (!(t->key & SEARCH_WORD_BIT) && (t->key & 0x1FFFFF) && t->tfsum >= PAIR_MIN)
			pf[(*n)++] = (struct pair_freq){t->tfsum, octave(t->tfsum), t->key};
	}
	qsort(pf, *n, sizeof *pf, cmp_pair_freq);
	return pf;
}

static uint32_t pair_hash(uint64_t key)
{
	return (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 40);
}

/* Code the most frequent pairs too, in the codes the characters leave. */
static void charcode_pairs(struct charcode *cc, const struct search_index *ix)
{
	size_t cap = NLEAD * NSYM, i, npf, want;
	struct pair_freq *pf = pair_candidates(ix, &npf);

	/* k single-symbol codes leave k + (NLEAD - k) * NSYM codes in all */
	want = cc->nchars + npf;
	if (want <= cap - (NSYM - 1) * PAIR_K)
		cc->k = (cap - want) / (NSYM - 1);
	else if (cc->nchars <= cap - (NSYM - 1) * PAIR_K)
		cc->k = PAIR_K;
	else /* too many characters: as many single codes as they leave */
		cc->k = (cap - cc->nchars) / (NSYM - 1);
	if (cc->k > NLEAD)
		cc->k = NLEAD;
	cc->npairs = cc->k + (NLEAD - cc->k) * NSYM - cc->nchars;
	if (cc->npairs > npf)
		cc->npairs = npf;
	cc->pairs = xcalloc(cc->npairs + 1, sizeof *cc->pairs);
	for (cc->pcap = 64; cc->pcap < 2 * cc->npairs;)
		cc->pcap *= 2;
	cc->pslots = xcalloc(cc->pcap, sizeof *cc->pslots);
	for (i = 0; i < cc->npairs; i++) {
		uint64_t key = pf[i].key;
		size_t j = pair_hash(key) & (cc->pcap - 1);

		while (cc->pslots[j])
			j = (j + 1) & (cc->pcap - 1);
		cc->pslots[j] = key << 16 | (i + 1);
		cc->pairs[i] = key;
		cc->rank[key >> 21] |= PAIR_FIRST;
	}
	free(pf);
}

/* The code of the pair (a, b), or 0 when it has none. */
static size_t pair_code(const struct charcode *cc, int32_t a, int32_t b)
{
	uint64_t key = (uint64_t)a << 21 | (uint64_t)b;
	size_t j = pair_hash(key) & (cc->pcap - 1);

	for (; cc->pslots[j]; j = (j + 1) & (cc->pcap - 1))
		if (cc->pslots[j] >> 16 == key)
			return cc->nchars + (cc->pslots[j] & 0xFFFF) - 1;
	return 0;
}

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Put the pair codes in key order: frequency chose the set, and the
 * order within it costs nothing (every pair code takes two symbols), so
 * an edit changes them only when it moves a pair into or out of the set. */
static void charcode_settle(struct charcode *cc)
{
	size_t i;

	qsort(cc->pairs, cc->npairs, sizeof *cc->pairs, cmp_key);
	memset(cc->pslots, 0, cc->pcap * sizeof *cc->pslots);
	for (i = 0; i < cc->npairs; i++) {
		size_t j = pair_hash(cc->pairs[i]) & (cc->pcap - 1);
		while (cc->pslots[j])
			j = (j + 1) & (cc->pcap - 1);
		cc->pslots[j] = cc->pairs[i] << 16 | (i + 1);
	}
}

/* Normalise the character cp alone (once: seen marks those done). */
static void touch_char(struct searchtok *tok, struct searchtok_cps *scratch, uint8_t *seen,
		       int32_t cp)
{
	utf8proc_uint8_t enc[4];

	if (cp < 0 || cp >= MAXCP || seen[cp])
		return;
	seen[cp] = 1;
	scratch->n = 0;
	searchtok_normalize_cps(tok, scratch, (const char *)enc,
				(size_t)utf8proc_encode_char(cp, enc));
}

/* touch_char for every character of s (unless s is the same as the field
 * before it, prev). */
static void touch_field(struct searchtok *tok, struct searchtok_cps *scratch, uint8_t *seen,
			const char *s, const char *prev)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	int32_t cp;

	if (prev && (s == prev || !strcmp(s, prev))) /* often the same copy (search.c) */
		return;
	for (n = strlen(s); i < n; touch_char(tok, scratch, seen, cp))
		i += utf8_decode(u + i, n - i, &cp);
}

/* Derive the variant of every Han character that normalising the indexed
 * fields meets, so that the manifest's variant table (the variants
 * derived so far, searchtok.h) does not depend on which entries were
 * tokenised in this build: a rebuild reads most of them from the saved
 * index (searchcache.h).  Every character of the stored fields (cf[0..n),
 * counted by charcode_build) and of the issuers, departments and topics
 * is normalised alone.  NFKC of a text and of its characters one by one
 * give the same Han characters (no composition makes or takes one), so
 * this adds to what tokenising every entry derives only the characters of
 * a doc_title that is no entry's title or those after invalid UTF-8 in a
 * field (a site has neither). */
static void derive_variants(const struct search_index *ix, const struct char_freq *cf, size_t n)
{
	struct searchtok_cps scratch = {NULL, 0, 0};
	uint8_t *seen = xcalloc(MAXCP, 1);
	size_t i;

	for (i = 0; i < n; i++)
		touch_char(ix->tok, &scratch, seen, cf[i].cp);
	for (i = 0; i < ix->ndocs; i++) {
		const struct search_doc *d = &ix->docs[i], *p = i ? &ix->docs[i - 1] : NULL;

		touch_field(ix->tok, &scratch, seen, d->issuers, p ? p->issuers : NULL);
		touch_field(ix->tok, &scratch, seen, d->depts, p ? p->depts : NULL);
		touch_field(ix->tok, &scratch, seen, d->topics, p ? p->topics : NULL);
	}
	free(scratch.v);
	free(seen);
}

/* Build cc from the characters of all text fields and the index's bigrams. */
static void charcode_build(struct charcode *cc, const struct search_index *ix)
{
	uint32_t *count = xcalloc(MAXCP, sizeof *count);
	struct char_freq *cf;
	size_t i, n = 0, cap = NLEAD * NSYM, hi;

	/* with the blocks of a saved index, counted by block (most read back) */
	hi = ix->blocks ? sum_block_chars(ix, count) : count_doc_chars(ix, count);
	for (i = 0; i < hi; i++)
		n += count[i] != 0;
	cf = xcalloc(n ? n : 1, sizeof *cf);
	for (i = 0, n = 0; i < hi; i++)
		if (count[i])
			cf[n++] = (struct char_freq){count[i], (int32_t)i, 0};
	for (i = 0; i < n; i++)
		cf[i].prio = n > cap && cf[i].cp < 0x80;
	if (ix->tok)
		derive_variants(ix, cf, n);
	qsort(cf, n, sizeof *cf, cmp_char_freq);
	cc->nchars = n < cap ? n : cap;
	cc->chars = xcalloc(cc->nchars ? cc->nchars : 1, sizeof *cc->chars);
	memset(count, 0, hi * sizeof *count);
	for (i = 0; i < cc->nchars; i++) {
		cc->chars[i] = cf[i].cp;
		count[cf[i].cp] = (uint32_t)i + 1;
	}
	cc->rank = count;
	free(cf);
	charcode_pairs(cc, ix);
	charcode_settle(cc);
}

/* The code of a CJK key's second character in its group: 0 for an end
 * key, 1 + its code in chars, or 1 + nchars + the code point when it has
 * none. */
static uint32_t second_code(const struct charcode *cc, uint64_t key)
{
	uint32_t cp = (uint32_t)(key & 0x1FFFFF), r;

	if (!cp)
		return 0;
	r = cc->rank[cp] & ~PAIR_FIRST;
	return r && r <= cc->nchars ? r : (uint32_t)(1 + cc->nchars + cp);
}

static void charcode_free(struct charcode *cc)
{
	free(cc->rank);
	free(cc->chars);
	free(cc->pairs);
	free(cc->pslots);
}

/* Append code r (0-based) in one or two symbols. */
static char *put_symbols(const struct charcode *cc, char *p, size_t r)
{
	const char *sym = SEARCH_SYMBOLS;

	if (r < cc->k) {
		*p++ = sym[r];
	} else {
		r -= cc->k;
		*p++ = sym[cc->k + r / NSYM];
		*p++ = sym[r % NSYM];
	}
	return p;
}

/* Scratch of put_coded: the characters of the string being coded, their
 * byte offsets and UTF-16 offsets (n + 1 of each), and a hash table of
 * the last position of each three characters (stamped with the string's
 * generation, so earlier strings never match). */
#define LZ_HBITS 13
struct lz {
	int32_t *cp;
	size_t *off;
	uint32_t *unit, *prev; /* prev: the last earlier position with the same hash */
	size_t n, cap;
	int bad; /* the string is not valid UTF-8: no matches */
	uint64_t gen, ht[1 << LZ_HBITS];
};

static void lz_load(struct lz *z, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, units = 0;

	if (n + 1 > z->cap) {
		z->cap = n + 1 > 2 * z->cap ? n + 1 : 2 * z->cap;
		z->cp = xreallocarray(z->cp, z->cap, sizeof *z->cp);
		z->off = xreallocarray(z->off, z->cap, sizeof *z->off);
		z->unit = xreallocarray(z->unit, z->cap, sizeof *z->unit);
		z->prev = xreallocarray(z->prev, z->cap, sizeof *z->prev);
	}
	z->bad = 0;
	for (z->n = 0; i < n; z->n++) {
		size_t step = utf8_decode(u + i, n - i, &z->cp[z->n]);

		z->off[z->n] = i;
		z->unit[z->n] = (uint32_t)units;
		z->bad |= step == 1 && z->cp[z->n] == 0xFFFD; /* not UTF-8 */
		i += step;
		units += z->cp[z->n] >= 0x10000 ? 2 : 1;
	}
	z->off[z->n] = n;
	z->unit[z->n] = (uint32_t)units;
	z->gen++;
}

static void lz_free(struct lz *z)
{
	free(z->cp);
	free(z->off);
	free(z->unit);
	free(z->prev);
}

/* The literal code at position i (before end): *code = code + 1, or 0 for
 * a raw character; returns the characters it covers (2 for a pair). */
static size_t literal(const struct charcode *cc, const struct lz *z, size_t i, size_t end,
		      size_t *code)
{
	uint32_t r = cc->rank[z->cp[i]];
	size_t c;

	if ((r & PAIR_FIRST) && i + 1 < end && (c = pair_code(cc, z->cp[i], z->cp[i + 1])) != 0) {
		*code = c + 1;
		return 2;
	}
	*code = r & ~PAIR_FIRST;
	return 1;
}

/* Symbols the literals of [i, end) take (a raw character counted 6). */
static size_t literal_cost(const struct charcode *cc, const struct lz *z, size_t i, size_t end)
{
	size_t cost = 0, code;

	while (i < end) {
		i += literal(cc, z, i, end, &code);
		cost += !code ? 6 : code - 1 < cc->k ? 1 : 2;
	}
	return cost;
}

static uint32_t hash3(const int32_t *cp)
{
	uint64_t h = (uint64_t)cp[0] * 0x9E3779B1u ^ (uint64_t)cp[1] * 0x85EBCA77u ^
		     (uint64_t)cp[2] * 0xC2B2AE3Du;

	return (uint32_t)(h >> 7) & ((1u << LZ_HBITS) - 1);
}

/* Record position i in the hash table at slot (its three characters'),
 * chained to the last position with the same hash. */
static inline void lz_insert_at(struct lz *z, uint64_t *slot, size_t i)
{
	uint64_t gen = z->gen & 0xFFFFFFFF;

	z->prev[i] = *slot >> 32 == gen ? (uint32_t)*slot : UINT32_MAX;
	*slot = gen << 32 | i;
}

static void lz_insert(struct lz *z, size_t i)
{
	lz_insert_at(z, &z->ht[hash3(z->cp + i)], i);
}

/* The characters that repeat at i from j: at most up to i (no overlap)
 * and LZ_MAXLEN UTF-16 units. */
static size_t lz_length(const struct lz *z, size_t i, size_t j)
{
	size_t l = 0;

	while (i + l < z->n && j + l < i && z->cp[j + l] == z->cp[i + l] &&
	       z->unit[i + l + 1] - z->unit[i] <= LZ_MAXLEN)
		l++;
	return l;
}

/* The match for position i: the length in characters of the longest
 * earlier text (among the last LZ_DEPTH with the same hash, within
 * LZ_MAXDIST UTF-16 units) that repeats at i, from *from; 0 when there is
 * none worth its LZ_COST symbols.  Records i. */
static size_t lz_match(const struct charcode *cc, struct lz *z, size_t i, size_t *from)
{
	uint64_t *slot;
	size_t j, l, best = 0, depth;

	if (i + 2 >= z->n)
		return 0;
	slot = &z->ht[hash3(z->cp + i)];
	j = *slot >> 32 == (z->gen & 0xFFFFFFFF) ? (size_t)(uint32_t)*slot : i;
	for (depth = 0; depth < LZ_DEPTH && j < i && z->unit[i] - z->unit[j] <= LZ_MAXDIST;
	     depth++) {
		/* a place whose character best on differs cannot repeat more */
		if ((!best ||
		     (j + best < i && i + best < z->n && z->cp[j + best] == z->cp[i + best])) &&
		    (l = lz_length(z, i, j)) > best) {
			best = l;
			*from = j;
		}
		j = z->prev[j] == UINT32_MAX ? i : z->prev[j];
	}
	lz_insert_at(z, slot, i);
	/* a symbol codes at most two characters: 2 * LZ_COST + 1 always gain */
	if (!best || z->unit[i + best] - z->unit[i] < LZ_MIN ||
	    (best <= 2 * LZ_COST && literal_cost(cc, z, i, i + best) <= LZ_COST))
		return 0;
	return best;
}

/* Append the character-coded form of s[0..n) to b as a JSON string (the
 * symbols need no escaping; raw characters are escaped one by one): a
 * repeat of earlier text of the string as a match (see the top of this
 * file), a character that starts a coded pair with the next one coded
 * with it, others alone. */
static void put_coded(const struct charcode *cc, struct lz *z, struct buf *b, const char *s,
		      size_t n)
{
	const char *sym = SEARCH_SYMBOLS;
	size_t i = 0, l, j, k, code, d;
	char *p;

	lz_load(z, s, n);
	buf_grow(b, 2 * n + 2);
	p = b->ptr + b->len;
	*p++ = '"';
	while (i < z->n) {
		if (n >= LZ_MINTEXT && !z->bad && (l = lz_match(cc, z, i, &j)) != 0) {
			d = z->unit[i] - z->unit[j] - 1;
			*p++ = sym[NSYM - 1];
			*p++ = sym[d / NSYM];
			*p++ = sym[d % NSYM];
			*p++ = sym[z->unit[i + l] - z->unit[i] - LZ_MIN];
			for (k = i + 1; k < i + l && k + 2 < z->n; k++)
				lz_insert(z, k);
			i += l;
			continue;
		}
		l = literal(cc, z, i, z->n, &code);
		if (code) {
			p = put_symbols(cc, p, code - 1);
		} else {
			b->len = (size_t)(p - b->ptr);
			escape_json(b, s + z->off[i], z->off[i + 1] - z->off[i]);
			buf_grow(b, 2 * (n - z->off[i]) + 2);
			p = b->ptr + b->len;
		}
		i += l;
	}
	*p++ = '"';
	*p = '\0';
	b->len = (size_t)(p - b->ptr);
}

/* Append entry i in the chunk format. */
static void put_entry(struct buf *b, const struct search_index *ix, size_t i,
		      const struct charcode *cc, const struct textref *refs, struct lz *z)
{
	const struct search_doc *d = &ix->docs[i];
	const char *body = search_doc_body(ix, d);
	size_t tlen = strlen(d->title);

	buf_putc(b, '[');
	if (tlen && tlen <= d->body_len && !memcmp(body, d->title, tlen))
		buf_printf(b, "%zu", utf8_utf16_len(d->title, tlen)); /* a prefix of the body */
	else
		put_coded(cc, z, b, d->title, tlen);
	buf_putc(b, ',');
	if (d->parent >= 0)
		buf_printf(b, "%ld", d->parent);
	else
		put_coded(cc, z, b, d->doc_title, strlen(d->doc_title));
	buf_putc(b, ',');
	put_coded(cc, z, b, d->number, strlen(d->number));
	buf_putc(b, ',');
	if (refs[i].ok)
		buf_printf(b, "[%zu,%zu]", refs[i].start, refs[i].end);
	else
		put_coded(cc, z, b, d->body, d->body_len);
	buf_putc(b, ']');
}

/* The chunks are cut where the texts say, not where the bytes before
 * add up to a size: a chunk ends before a group (a document and its
 * measures, never split) whose URL hashes to 0 modulo CHUNK_CUT once the
 * chunk holds CHUNK_MIN bytes of text, and before any group once it holds
 * CHUNK_MAX.  So an edit that makes a text longer or shorter moves the
 * boundaries of its own chunk at most, and the chunks after it keep their
 * texts (and, with the memo, their published files).  About 20 KB of
 * coded text each, as before. */
#define CHUNK_MIN 28000
#define CHUNK_MAX 90000
#define CHUNK_CUT 2

/* The bytes of text group g adds to its chunk (slices count little). */
static size_t group_bytes(const struct search_index *ix, const size_t *gs, size_t g)
{
	size_t i, n = 0;

	for (i = gs[g]; i < gs[g + 1]; i++) {
		const struct search_doc *d = &ix->docs[i];
		n += strlen(d->title) + strlen(d->number) + 16;
		n += d->parent >= 0 ? 0 : strlen(d->doc_title);
		n += d->body ? d->body_len : 0; /* a slice counts little */
	}
	return n;
}

/* Cut the groups gs[0 .. ngroups) into chunks: cg[c] is the first group
 * of chunk c, cg[nchunks] = ngroups.  Returns nchunks. */
static size_t cut_chunks(const struct search_index *ix, const size_t *gs, size_t ngroups,
			 size_t *cg)
{
	size_t g, n = 0, len = 0;

	for (g = 0; g < ngroups; g++) {
		const char *url = ix->docs[gs[g]].url;
		if (g == 0 || len >= CHUNK_MAX ||
		    (len >= CHUNK_MIN && search_fnv1a(url, strlen(url)) % CHUNK_CUT == 0)) {
			cg[n++] = g;
			len = 0;
		}
		len += group_bytes(ix, gs, g);
	}
	cg[n] = ngroups;
	return n;
}

/* The chunk files, coded and written on several threads (text_chunk(c)
 * writes chunk c).  With a memo base key, a chunk whose key (the base,
 * the coding, its number and everything put_entry reads of its entries)
 * is unchanged is linked from the published site instead. */
struct text_job {
	const struct search_index *ix;
	const struct charcode *cc;
	struct textref *refs; /* per entry, set for the chunks coded */
	struct output *o;
	const char *dir;
	const unsigned char *memo;     /* the base key, or NULL */
	unsigned char code[HASH_SIZE]; /* the hash of the coding tables */
	const size_t *gs, *cg;
	size_t n; /* chunks */
	size_t *bytes;
	int *rc;
};

/* The memo key of chunk c: every field its entries code (binary fields:
 * search_key_num), an own body by its hash, a slice by its document's and
 * its place in it. */
static void text_key(unsigned char key[HASH_SIZE], const struct text_job *j, size_t c)
{
	const struct search_doc *docs = j->ix->docs, *d;
	struct buf b;
	size_t i;

	memo_begin(&b, j->memo, "search text");
	memo_bytes(&b, j->code, HASH_SIZE);
	memo_num(&b, (long long)c);
	for (i = j->gs[j->cg[c]]; i < j->gs[j->cg[c + 1]]; i++) {
		d = &docs[i];
		memo_num(&b, (long long)i);
		memo_bytes(&b, d->title, strlen(d->title));
		memo_bytes(&b, d->doc_title, strlen(d->doc_title));
		memo_bytes(&b, d->number, strlen(d->number));
		memo_num(&b, d->parent);
		memo_num(&b, d->body != NULL);
		memo_bytes(&b, d->body ? d->hash : docs[d->parent].hash, HASH_SIZE);
		if (!d->body) {
			memo_num(&b, (long long)d->body_off);
			memo_num(&b, (long long)d->body_len);
		}
	}
	memo_end(key, &b);
}

/* Write chunk c with scratch z and data (reused from chunk to chunk). */
static void text_chunk(struct text_job *j, size_t c, struct lz *z, struct buf *data)
{
	unsigned char key[HASH_SIZE];
	char name[32];
	size_t i;

	if (j->memo) {
		text_key(key, j, c);
		if (output_reuse(j->o, key, &j->bytes[c]))
			return;
	}
	find_refs(j->ix, j->refs, j->gs[j->cg[c]], j->gs[j->cg[c + 1]]);
	buf_reset(data);
	buf_printf(data, "huibianSearch.text(%zu,[", c);
	for (i = j->gs[j->cg[c]]; i < j->gs[j->cg[c + 1]]; i++) {
		if (i > j->gs[j->cg[c]])
			buf_putc(data, ',');
		put_entry(data, j->ix, i, j->cc, j->refs, z);
	}
	buf_puts(data, "]);\n");
	snprintf(name, sizeof name, "t/%zu.js", c);
	j->rc[c] = put_data(j->o, j->dir, name, data, j->memo ? key : NULL);
	j->bytes[c] = data->len;
}

#define TEXT_BATCHES 64 /* runs of chunks written as parallel tasks */

static void text_batch(size_t b, void *ctx)
{
	struct text_job *j = ctx;
	struct lz *z = xcalloc(1, sizeof *z);
	struct buf data = BUF_INIT;
	size_t c;

	for (c = j->n * b / TEXT_BATCHES; c < j->n * (b + 1) / TEXT_BATCHES; c++)
		text_chunk(j, c, z, &data);
	lz_free(z);
	free(z);
	buf_release(&data);
}

/* The hash of the coding tables (what every coded text depends on). */
static void charcode_hash(unsigned char out[HASH_SIZE], const struct charcode *cc)
{
	struct buf b;

	memo_begin(&b, NULL, "charcode");
	memo_num(&b, (long long)cc->k);
	memo_bytes(&b, cc->chars, cc->nchars * sizeof *cc->chars);
	memo_bytes(&b, cc->pairs, cc->npairs * sizeof *cc->pairs);
	memo_end(out, &b);
}

/* Write the chunks; starts[c] is set to chunk c's first entry id. */
static int write_texts(struct search_index *ix, struct writer *w, const struct charcode *cc,
		       struct textref *refs, size_t *starts)
{
	struct text_job j;
	size_t *gs = xcalloc(ix->ndocs + 1, sizeof *gs), *cg, g, c, ngroups = 0;
	int ret;

	for (g = 0; g < ix->ndocs; g++)
		if (g == 0 || !ix->docs[g].is_measure)
			gs[ngroups++] = g;
	gs[ngroups] = ix->ndocs;
	cg = xcalloc(ngroups + 2, sizeof *cg);
	ix->nchunks = ngroups ? cut_chunks(ix, gs, ngroups, cg) : 0;
	memset(&j, 0, sizeof j);
	j.ix = ix;
	j.cc = cc;
	j.refs = refs;
	j.o = w->o;
	j.dir = w->dir;
	j.memo = ix->memo;
	if (j.memo)
		search_index_hash(ix);
	charcode_hash(j.code, cc);
	j.gs = gs;
	j.cg = cg;
	j.bytes = xcalloc(ix->nchunks + 1, sizeof *j.bytes);
	j.rc = xcalloc(ix->nchunks + 1, sizeof *j.rc);
	j.n = ix->nchunks;
	parallel_for(TEXT_BATCHES, ix->jobs, text_batch, &j);
	for (c = 0; c < ix->nchunks; c++) {
		starts[c] = gs[cg[c]];
		ix->store_bytes += j.bytes[c];
	}
	ret = report_failed(w, j.rc, ix->nchunks, "t/%zu.js");
	free(gs);
	free(cg);
	free(j.bytes);
	free(j.rc);
	return ret;
}

/* A sorted set of strings, for the filter vocabularies of the manifest,
 * with its own open-addressing table (slot: index + 1, 0 empty) looked up
 * by bytes and length, without a copy: a manifest looks up about 400,000
 * parts of fields at 10,000 documents in lists of a few dozen strings. */
struct strlist {
	char **v;
	size_t *lens;
	size_t n, cap;
	uint32_t *slots;
	size_t scap; /* a power of two, or 0 */
};

/* The slot of s[0..len) in l: where it is, or the empty slot where it
 * would go. */
static size_t strlist_slot(const struct strlist *l, const char *s, size_t len)
{
	size_t j = search_fnv1a(s, len) & (l->scap - 1);
	uint32_t k;

	while ((k = l->slots[j]) != 0 &&
	       (l->lens[k - 1] != len || memcmp(l->v[k - 1], s, len) != 0))
		j = (j + 1) & (l->scap - 1);
	return j;
}

/* Put every string of l in its slot again (after growing or sorting). */
static void strlist_rehash(struct strlist *l)
{
	size_t i;

	free(l->slots);
	for (l->scap = 64; l->scap < 2 * l->n + 2;)
		l->scap *= 2;
	l->slots = xcalloc(l->scap, sizeof *l->slots);
	for (i = 0; i < l->n; i++)
		l->slots[strlist_slot(l, l->v[i], l->lens[i])] = (uint32_t)i + 1;
}

static void strlist_add(struct strlist *l, const char *s, size_t len)
{
	size_t j;

	if (!len)
		return;
	if (2 * (l->n + 1) > l->scap)
		strlist_rehash(l);
	j = strlist_slot(l, s, len);
	if (l->slots[j])
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
		l->lens = xreallocarray(l->lens, l->cap, sizeof *l->lens);
	}
	l->v[l->n] = xstrndup(s, len);
	l->lens[l->n++] = len;
	l->slots[j] = (uint32_t)l->n;
}

/* Add each part of s split at "、". */
static void strlist_add_split(struct strlist *l, const char *s)
{
	const char *sep;

	while ((sep = strstr(s, "、")) != NULL) {
		strlist_add(l, s, (size_t)(sep - s));
		s = sep + strlen("、");
	}
	strlist_add(l, s, strlen(s));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the strings and give each its index. */
static void strlist_finish(struct strlist *l)
{
	size_t i;

	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof *l->v, cmp_str);
	for (i = 0; i < l->n; i++)
		l->lens[i] = strlen(l->v[i]);
	strlist_rehash(l);
}

/* The index of s[0..len) in the finished l (0 when absent). */
static size_t strlist_find(const struct strlist *l, const char *s, size_t len)
{
	uint32_t k;

	if (!l->scap)
		return 0;
	k = l->slots[strlist_slot(l, s, len)];
	return k ? k - 1 : 0;
}

static void strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->lens);
	free(l->slots);
}

/* The ids of a field's string printed (see ids_of), kept while the next
 * row's field is the same string. */
struct idmemo {
	struct buf last, ids;
	const char *at; /* the string last looked up (often the next one: see pool_dup) */
	int set;
};

/* The indexes in l of the parts of s split at "、", printed "3,17" (""
 * when none); remembered in m while the rows repeat s (a document's
 * measures repeat its issuers, often their departments and topics). */
static const char *ids_of(struct idmemo *m, const struct strlist *l, const char *s)
{
	const char *sep;
	size_t len;

	if (m->set && (s == m->at || !strcmp(s, m->last.ptr)))
		return m->ids.ptr;
	m->at = s;
	buf_set(&m->last, s, strlen(s));
	buf_reset(&m->ids);
	m->set = 1;
	while (*s) {
		len = (sep = strstr(s, "、")) ? (size_t)(sep - s) : strlen(s);
		if (len) {
			if (m->ids.len)
				buf_putc(&m->ids, ',');
			buf_put_dec(&m->ids, strlist_find(l, s, len));
		}
		s += len + (sep ? strlen("、") : 0);
	}
	return m->ids.ptr;
}

/* Append ",[i,j,...]": the ids a and then c (ids_of). */
static void put_ids(struct buf *b, const char *a, const char *c)
{
	buf_puts(b, ",[");
	buf_puts(b, a);
	if (*a && *c)
		buf_putc(b, ',');
	buf_puts(b, c);
	buf_putc(b, ']');
}

static void put_strlist(struct buf *b, const char *name, const struct strlist *l)
{
	size_t i;

	buf_printf(b, ",\"%s\":[", name);
	for (i = 0; i < l->n; i++) {
		buf_puts(b, i ? ",\"" : "\"");
		escape_json(b, l->v[i], strlen(l->v[i]));
		buf_putc(b, '"');
	}
	buf_putc(b, ']');
}

static void put_json_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	escape_json(b, s, strlen(s));
	buf_putc(b, '"');
}

/* The vocabularies: statuses as "class\x1flabel", levels, depts, topics;
 * and per field of the rows, the ids printed for its strings. */
struct vocab {
	struct strlist status, level, dept, topic;
};

/* The ids of the rows being written (one per slice of rows: see
 * put_rows). */
struct row_memo {
	struct idmemo issuers, depts, topics;
	struct buf key;
};

/* Is field s the same as the field prev of the entry before (prev NULL
 * for the first)? */
static int same_field(const char *s, const char *prev)
{
	return prev && (s == prev || !strcmp(s, prev)); /* often the same copy (search.c) */
}

/* Add every value of the entries' filter fields to the vocabularies: a
 * field equal to the entry's before adds nothing new (a document's
 * measures repeat its issuers, status and level). */
static void vocab_build(struct vocab *v, const struct search_index *ix)
{
	struct buf key = BUF_INIT;
	size_t i;

	memset(v, 0, sizeof *v);
	for (i = 0; i < ix->ndocs; i++) {
		const struct search_doc *d = &ix->docs[i], *p = i ? &ix->docs[i - 1] : NULL;

		if (!p || strcmp(d->status_class, p->status_class) ||
		    strcmp(d->status_label, p->status_label)) {
			buf_reset(&key);
			buf_printf(&key, "%s\x1f%s", d->status_class, d->status_label);
			strlist_add(&v->status, key.ptr, key.len);
		}
		if (!same_field(d->level, p ? p->level : NULL))
			strlist_add(&v->level, d->level, strlen(d->level));
		if (!same_field(d->issuers, p ? p->issuers : NULL))
			strlist_add_split(&v->dept, d->issuers);
		if (!same_field(d->depts, p ? p->depts : NULL))
			strlist_add_split(&v->dept, d->depts);
		if (!same_field(d->topics, p ? p->topics : NULL))
			strlist_add_split(&v->topic, d->topics);
	}
	strlist_finish(&v->status);
	strlist_finish(&v->level);
	strlist_finish(&v->dept);
	strlist_finish(&v->topic);
	buf_release(&key);
}

static void idmemo_free(struct idmemo *m)
{
	buf_release(&m->last);
	buf_release(&m->ids);
}

static void vocab_free(struct vocab *v)
{
	strlist_free(&v->status);
	strlist_free(&v->level);
	strlist_free(&v->dept);
	strlist_free(&v->topic);
}

static void put_statuses(struct buf *b, const struct strlist *l)
{
	size_t i;

	buf_puts(b, ",\"statuses\":[");
	for (i = 0; i < l->n; i++) {
		const char *sep = strchr(l->v[i], '\x1f');

		buf_puts(b, i ? ",[\"" : "[\"");
		escape_json(b, l->v[i], (size_t)(sep - l->v[i]));
		buf_puts(b, "\",");
		put_json_str(b, sep + 1);
		buf_putc(b, ']');
	}
	buf_putc(b, ']');
}

/* The manifest's "chars", "variants" and "chunks". */
static void put_tables(struct buf *b, const struct search_index *ix, const struct charcode *cc,
		       const size_t *starts)
{
	utf8proc_uint8_t enc[4];
	struct buf s = BUF_INIT;
	size_t i;

	for (i = 0; i < cc->nchars; i++)
		buf_put(&s, enc, (size_t)utf8proc_encode_char(cc->chars[i], enc));
	buf_puts(b, ",\"chars\":");
	put_json_str(b, s.ptr);
	buf_reset(&s);
	for (i = 0; i < cc->npairs; i++) {
		buf_put(&s, enc, (size_t)utf8proc_encode_char((int32_t)(cc->pairs[i] >> 21), enc));
		buf_put(&s, enc,
			(size_t)utf8proc_encode_char((int32_t)(cc->pairs[i] & 0x1FFFFF), enc));
	}
	buf_puts(b, ",\"pairs\":");
	put_json_str(b, s.ptr);
	buf_reset(&s);
	if (ix->tok)
		searchtok_variant_table(ix->tok, &s);
	buf_puts(b, ",\"variants\":");
	put_json_str(b, s.ptr);
	buf_release(&s);
	buf_puts(b, ",\"chunks\":[");
	for (i = 0; i < ix->nchunks; i++)
		buf_printf(b, i ? ",%zu" : "%zu", starts[i]);
	buf_putc(b, ']');
}

/* A measure of the document before it with the same date, status and
 * level: its row can leave them out. */
static int short_row(const struct search_index *ix, const struct search_doc *d)
{
	const struct search_doc *p = d->parent >= 0 ? &ix->docs[d->parent] : NULL;

	return p && d->is_measure && !strcmp(d->date, p->date) &&
	       !strcmp(d->status_class, p->status_class) &&
	       !strcmp(d->status_label, p->status_label) && !strcmp(d->level, p->level);
}

static void put_doc_row(struct buf *b, const struct search_index *ix, const struct search_doc *d,
			const struct vocab *v, struct row_memo *rm)
{
	const char *issuers = ids_of(&rm->issuers, &v->dept, d->issuers),
		   *depts = ids_of(&rm->depts, &v->dept, d->depts),
		   *topics = ids_of(&rm->topics, &v->topic, d->topics);
	struct buf *key = &rm->key;

	buf_putc(b, '[');
	if (short_row(ix, d)) {
		put_json_str(b, d->url + strlen(ix->docs[d->parent].url));
		put_ids(b, issuers, depts);
		put_ids(b, topics, "");
		buf_putc(b, ',');
		buf_put_dec(b, d->length);
		buf_putc(b, ']');
		return;
	}
	buf_reset(key);
	buf_puts(key, d->status_class);
	buf_putc(key, '\x1f');
	buf_puts(key, d->status_label);
	put_json_str(b, d->url);
	buf_putc(b, ',');
	put_json_str(b, d->date);
	buf_putc(b, ',');
	buf_put_dec(b, strlist_find(&v->status, key->ptr, key->len));
	buf_putc(b, ',');
	if (*d->level)
		buf_put_dec(b, strlist_find(&v->level, d->level, strlen(d->level)));
	else
		buf_puts(b, "-1");
	put_ids(b, issuers, depts);
	put_ids(b, topics, "");
	buf_puts(b, d->is_measure ? ",1," : ",0,");
	buf_put_dec(b, d->length);
	buf_putc(b, ']');
}

#define ROW_SLICES 16 /* runs of manifest rows made as parallel tasks */

/* The rows of the manifest: slice k of the entries into rows[k]. */
struct rows {
	const struct search_index *ix;
	const struct vocab *v;
	struct buf *rows;
};

static void rows_slice(size_t k, void *ctx)
{
	struct rows *r = ctx;
	const struct search_index *ix = r->ix;
	struct row_memo rm;
	size_t i;

	memset(&rm, 0, sizeof rm);
	buf_init(&rm.issuers.last);
	buf_init(&rm.issuers.ids);
	buf_init(&rm.depts.last);
	buf_init(&rm.depts.ids);
	buf_init(&rm.topics.last);
	buf_init(&rm.topics.ids);
	buf_init(&rm.key);
	for (i = ix->ndocs * k / ROW_SLICES; i < ix->ndocs * (k + 1) / ROW_SLICES; i++) {
		put_doc_row(&r->rows[k], ix, &ix->docs[i], r->v, &rm);
		buf_puts(&r->rows[k], i + 1 < ix->ndocs ? ",\n" : "\n");
	}
	idmemo_free(&rm.issuers);
	idmemo_free(&rm.depts);
	idmemo_free(&rm.topics);
	buf_release(&rm.key);
}

/* Append every entry's row to b, made on the index's threads. */
static void put_rows(struct buf *b, const struct search_index *ix, const struct vocab *v)
{
	struct rows r = {ix, v, xcalloc(ROW_SLICES, sizeof(struct buf))};
	size_t k;

	for (k = 0; k < ROW_SLICES; k++)
		buf_init(&r.rows[k]);
	parallel_for(ROW_SLICES, ix->jobs, rows_slice, &r);
	for (k = 0; k < ROW_SLICES; k++) {
		buf_put(b, r.rows[k].ptr, r.rows[k].len);
		buf_release(&r.rows[k]);
	}
	free(r.rows);
}

static int write_manifest(struct search_index *ix, struct writer *w, const struct charcode *cc,
			  const size_t *starts, const struct buf *parts)
{
	struct vocab v;
	struct buf *b = &w->data;
	int ret;

	vocab_build(&v, ix);
	buf_reset(b);
	buf_printf(b, "huibianSearch.manifest({\"v\":4,\"shards\":%zu", ix->nshards);
	buf_put(b, parts->ptr, parts->len);
	buf_printf(b, ",\"k\":%zu", cc->k);
	put_tables(b, ix, cc, starts);
	buf_printf(b, ",\"total\":%zu", ix->total_length);
	put_statuses(b, &v.status);
	put_strlist(b, "levels", &v.level);
	put_strlist(b, "depts", &v.dept);
	put_strlist(b, "topics", &v.topic);
	buf_puts(b, ",\"docs\":[\n");
	put_rows(b, ix, &v);
	buf_puts(b, "]});\n");
	ret = put_file(w, "manifest.js", &ix->manifest_bytes);
	vocab_free(&v);
	return ret;
}

/* Wall seconds since *t, which is set to now. */
static double seconds_since(struct timespec *t)
{
	struct timespec now;
	double s;

	clock_gettime(CLOCK_MONOTONIC, &now);
	s = (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
	*t = now;
	return s;
}

int search_index_write(struct search_index *ix, struct output *o, const char *dir, struct diag *d)
{
	struct writer w = {o, dir, d, BUF_INIT, BUF_INIT};
	struct charcode cc;
	struct textref *refs = xcalloc(ix->ndocs + 1, sizeof *refs);
	size_t *starts = xcalloc(ix->ndocs + 1, sizeof *starts);
	struct buf err = BUF_INIT, parts = BUF_INIT;
	int ret = -1;

	struct timespec t;

	memset(&cc, 0, sizeof cc);
	clock_gettime(CLOCK_MONOTONIC, &t);
	if (search_index_build(ix, &err) < 0) {
		diag_error(d, dir, 0, 0, "%s", err.ptr);
		goto out;
	}
	ix->secs[0] = seconds_since(&t);
	ix->manifest_bytes = ix->shard_bytes = ix->store_bytes = 0;
	charcode_build(&cc, ix);
	if (write_texts(ix, &w, &cc, refs, starts) < 0)
		goto out;
	ix->secs[1] = seconds_since(&t);
	if (write_shards(ix, &w, &cc, &parts) < 0)
		goto out;
	ix->secs[2] = seconds_since(&t);
	if (write_manifest(ix, &w, &cc, starts, &parts) < 0)
		goto out;
	ix->secs[3] = seconds_since(&t);
	if (ix->blocks && !ix->saved_keep) /* the saved index (searchcache.h) */
		ix->cache_bytes = scache_write(ix, ix->cache_file, ix->cache_out, ix->memo);
	ix->secs[4] = seconds_since(&t);
	ret = 0;
out:
	free(refs);
	free(starts);
	charcode_free(&cc);
	buf_release(&err);
	buf_release(&parts);
	buf_release(&w.path);
	buf_release(&w.data);
	return ret;
}
