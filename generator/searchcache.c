/* searchcache.c - the search index saved in the build cache and read
 * back; see searchcache.h. */
#include "searchcache.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "xalloc.h"

#define SCACHE_MAX (1ULL << 32) /* a larger file is not read */
#define SKIP_BYTES 16		/* a skip point in the file */
#define PIECE (1u << 20)	/* the end hash is of the hashes of pieces of the body */

/* ---- writing ---- */

_Static_assert(sizeof(struct search_skip) == SKIP_BYTES, "a skip point is four u4");

/* Is this host little-endian, the file's order (then a skip point is
 * copied as it is)?  A constant for the compiler. */
static int little_endian(void)
{
	const uint32_t one = 1;
	unsigned char first;

	memcpy(&first, &one, 1);
	return first == 1;
}

static void put_u4(struct buf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 24)};

	buf_put(b, x, sizeof x);
}

static void put_u8(struct buf *b, uint64_t v)
{
	put_u4(b, (uint32_t)v);
	put_u4(b, (uint32_t)(v >> 32));
}

/* The file being written: through a temporary file beside it, renamed
 * into place at the end (as cache_write_file, but in pieces: the body is
 * hashed and written a PIECE at a time from one small buffer, not built
 * whole in memory first: 70 MB for 10,000 documents). */
struct out_file {
	struct buf tmp; /* the temporary file's path */
	FILE *fp;
	struct buf data; /* body bytes not written yet */
	struct buf sums; /* the hash of each piece of the body written */
	size_t bytes;	 /* written */
	int bad;
};

/* Create the temporary file for path.  0, or -1. */
static int out_open(struct out_file *o, const char *path)
{
	o->fp = cache_temp_open(&o->tmp, path);
	return o->fp ? 0 : -1;
}

/* Hash and write the whole pieces of o->data (and the rest too when
 * last). */
static void out_flush(struct out_file *o, int last)
{
	unsigned char h[HASH_SIZE];
	size_t at = 0, n;

	while (!o->bad && (o->data.len - at >= PIECE || (last && at < o->data.len))) {
		n = o->data.len - at < PIECE ? o->data.len - at : PIECE;
		hash_bytes(h, o->data.ptr + at, n);
		buf_put(&o->sums, h, HASH_SIZE);
		if (fwrite(o->data.ptr + at, 1, n, o->fp) != n)
			o->bad = 1;
		o->bytes += n;
		at += n;
	}
	if (!at)
		return;
	memmove(o->data.ptr, o->data.ptr + at, o->data.len - at);
	o->data.len -= at;
	o->data.ptr[o->data.len] = '\0';
}

/* Write the rest and the end line, and put the file in place (or remove
 * it).  0, or -1. */
static int out_close(struct out_file *o, const char *path)
{
	unsigned char sum[HASH_SIZE];
	char hex[HASH_HEX_SIZE];

	out_flush(o, 1);
	hash_bytes(sum, o->sums.ptr, o->sums.len);
	hash_hex(hex, sum);
	if (fprintf(o->fp, "end %s\n", hex) < 0)
		o->bad = 1;
	o->bytes += 4 + 2 * HASH_SIZE + 1;
	return cache_temp_close(o->fp, o->tmp.ptr, path, !o->bad);
}

/* Append the postings of term t (merged) to o and its record in the
 * directory to dir; skips is scratch. */
static void put_term(struct out_file *o, struct buf *dir, const struct search_index *ix,
		     const struct search_term *t, struct buf *skips)
{
	const struct search_skip *sk;
	size_t i, n;

	buf_reset(skips);
	search_term_postings(ix, t, &o->data, skips);
	if (o->data.len >= PIECE)
		out_flush(o, 0);
	put_u8(dir, t->key);
	put_u4(dir, (uint32_t)t->wlen);
	buf_put(dir, t->word, t->wlen);
	put_u4(dir, t->first);
	put_u4(dir, t->last);
	put_u4(dir, t->df);
	put_u4(dir, t->tfsum);
	put_u4(dir, (uint32_t)t->plen);
	n = skips->len / sizeof *sk;
	sk = (const struct search_skip *)(const void *)skips->ptr;
	put_u4(dir, (uint32_t)n);
	if (little_endian()) {
		buf_put(dir, sk, n * sizeof *sk);
		return;
	}
	for (i = 0; i < n; i++) {
		put_u4(dir, sk[i].off);
		put_u4(dir, sk[i].id);
		put_u4(dir, sk[i].df);
		put_u4(dir, sk[i].tfsum);
	}
}

/* The body of the file (see searchcache.h) for ix into o, after the
 * header lines of out and key. */
static void put_body(struct out_file *o, const struct search_index *ix, const char *out,
		     const char *key)
{
	struct buf skips = BUF_INIT, dir = BUF_INIT, *b = &o->data;
	uint64_t post = 0;
	size_t i, at;

	for (i = 0; i < ix->nterms; i++)
		post += ix->terms[i].plen;
	buf_printf(b, "out %s\nkey %s\n", out, key);
	put_u4(b, (uint32_t)ix->ndocs);
	put_u4(b, (uint32_t)ix->nblocks);
	put_u4(b, (uint32_t)ix->nterms);
	put_u8(b, post);
	for (i = 0; i < ix->nblocks; i++) {
		buf_put(b, ix->blocks[i].key, HASH_SIZE);
		put_u4(b, (uint32_t)(ix->blocks[i].to - ix->blocks[i].from));
	}
	for (i = 0; i < ix->ndocs; i++)
		put_u4(b, (uint32_t)ix->docs[i].length);
	for (i = 0; i < ix->nblocks; i++) {
		put_u4(b, (uint32_t)ix->blocks[i].nchars);
		buf_put(b, ix->blocks[i].chars, 8 * ix->blocks[i].nchars);
		if (b->len >= PIECE)
			out_flush(o, 0);
	}
	for (i = 0; i < ix->nterms; i++)
		put_term(o, &dir, ix, &ix->terms[i], &skips);
	for (at = 0; at < dir.len; at += PIECE) {
		buf_put(b, dir.ptr + at, dir.len - at < PIECE ? dir.len - at : PIECE);
		out_flush(o, 0);
	}
	buf_release(&skips);
	buf_release(&dir);
}

size_t scache_write(const struct search_index *ix, const char *file, const char *out,
		    const unsigned char key[HASH_SIZE])
{
	struct out_file o = {BUF_INIT, NULL, BUF_INIT, BUF_INIT, 0, 0};
	char hex[HASH_HEX_SIZE];
	size_t n = 0;
	int head;

	if (ix->ndocs > UINT32_MAX - 1 || ix->nterms > UINT32_MAX || out_open(&o, file) < 0)
		goto out;
	hash_hex(hex, key);
	head = fprintf(o.fp, "huibian-search %d %s\n", SEARCHCACHE_FORMAT, HUIBIAN_VERSION);
	o.bad = head < 0;
	o.bytes = head < 0 ? 0 : (size_t)head;
	put_body(&o, ix, out, hex);
	if (out_close(&o, file) == 0)
		n = o.bytes;
out:
	buf_release(&o.tmp);
	buf_release(&o.data);
	buf_release(&o.sums);
	return n;
}

/* ---- reading ---- */

/* Map the regular file at path into c, read-only, its pages read in at
 * once: mapped, not read, it costs 4 ms instead of 45 for the 70 MB of
 * 10,000 documents, and no copy.  Writers replace the file by renaming
 * another over it (out_close), which leaves the mapped pages as they
 * were; only truncating it in place while a build reads it would fault.
 * 0, or -1. */
static int map_file(struct scache *c, const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1, flags = MAP_PRIVATE;
	void *p;

#ifdef MAP_POPULATE
	flags |= MAP_POPULATE;
#endif
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (unsigned long long)st.st_size <= SCACHE_MAX) {
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, flags, fd, 0);
		if (p != MAP_FAILED) {
			c->map = p;
			c->maplen = (size_t)st.st_size;
			rc = 0;
		}
	}
	close(fd);
	return rc;
}

/* Check the header lines of the mapped file (its first line, its key)
 * and find its body and end line.  0, or -1. */
static int frame(struct scache *c, const unsigned char key[HASH_SIZE])
{
	char head[64], line[8 + HASH_HEX_SIZE], hex[HASH_HEX_SIZE];
	const char *data = c->map, *p, *nl, *last;
	size_t hl, len = c->maplen;

	snprintf(head, sizeof head, "huibian-search %d %s\n", SEARCHCACHE_FORMAT, HUIBIAN_VERSION);
	hl = strlen(head);
	if (len < hl + 4 + 2 * HASH_SIZE + 1 || memcmp(data, head, hl) || data[len - 1] != '\n')
		return -1;
	last = data + len - (4 + 2 * HASH_SIZE + 1);
	if (memcmp(last, "end ", 4))
		return -1;
	p = data + hl;
	nl = memchr(p, '\n', (size_t)(last - p));
	if (!nl || nl - p < 5 || memcmp(p, "out /", 5))
		return -1;
	hash_hex(hex, key);
	snprintf(line, sizeof line, "key %s\n", hex);
	if ((size_t)(last - nl - 1) < strlen(line) || memcmp(nl + 1, line, strlen(line)))
		return -1;
	c->hashed_from = data + hl;
	c->body = nl + 1 + strlen(line);
	c->end = last;
	c->npieces = ((size_t)(last - c->hashed_from) + PIECE - 1) / PIECE;
	c->sums = xcalloc(c->npieces + 1, HASH_SIZE);
	return 0;
}

int scache_open(struct scache **out, const char *file, const unsigned char key[HASH_SIZE])
{
	struct scache *c = xcalloc(1, sizeof *c);
	int i;

	*out = NULL;
	if (map_file(c, file) < 0 || frame(c, key) < 0) {
		scache_free(c);
		return 0;
	}
	memset(c->digit, -1, sizeof c->digit);
	for (i = 0; i < SEARCH_NFINAL; i++)
		c->digit[(unsigned char)SEARCH_FINAL[i]] = (signed char)i;
	for (i = 0; i < SEARCH_NCONT; i++)
		c->digit[(unsigned char)SEARCH_CONT[i]] = (signed char)(64 + i);
	*out = c;
	return 1;
}

void scache_hash_piece(struct scache *c, size_t k)
{
	size_t at = k * PIECE, len = (size_t)(c->end - c->hashed_from);

	hash_bytes(c->sums + k * HASH_SIZE, c->hashed_from + at,
		   len - at < PIECE ? len - at : PIECE);
}

struct cursor {
	const unsigned char *p, *end;
	int bad;
};

static uint32_t get_u4(struct cursor *k)
{
	uint32_t v;

	if (k->end - k->p < 4) {
		k->bad = 1;
		return 0;
	}
	v = (uint32_t)k->p[0] | (uint32_t)k->p[1] << 8 | (uint32_t)k->p[2] << 16 |
	    (uint32_t)k->p[3] << 24;
	k->p += 4;
	return v;
}

static uint64_t get_u8(struct cursor *k)
{
	uint64_t lo = get_u4(k);

	return lo | (uint64_t)get_u4(k) << 32;
}

/* n bytes (NULL, and bad, when fewer are left). */
static const unsigned char *get_bytes(struct cursor *k, size_t n)
{
	const unsigned char *p = k->p;

	if ((size_t)(k->end - k->p) < n) {
		k->bad = 1;
		return NULL;
	}
	k->p += n;
	return p;
}

static uint32_t u4_at(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void scache_skip(const struct scache_term *t, uint32_t i, struct search_skip *sk)
{
	const unsigned char *p = t->skips + (size_t)i * SKIP_BYTES;

	if (little_endian()) {
		memcpy(sk, p, sizeof *sk);
		return;
	}
	sk->off = u4_at(p);
	sk->id = u4_at(p + 4);
	sk->df = u4_at(p + 8);
	sk->tfsum = u4_at(p + 12);
}

/* Are the skip points of t in order, inside its postings and its counts? */
static int skips_ok(const struct scache_term *t)
{
	struct search_skip sk, prev = {0, 0, 0, 0};
	uint32_t i;

	for (i = 0; i < t->nskips; i++) {
		scache_skip(t, i, &sk);
		if (sk.off <= prev.off || sk.off >= t->plen || sk.df <= prev.df || sk.df >= t->df ||
		    sk.id < t->first || sk.id >= t->last || (i && sk.id <= prev.id) ||
		    sk.tfsum < sk.df || sk.tfsum < prev.tfsum || sk.tfsum >= t->tfsum)
			return 0;
		prev = sk;
	}
	return 1;
}

/* Term t from the directory k, its postings at *post (moved past them,
 * before end): its fields agree with each other and with the entries. */
static void get_term(struct cursor *k, struct scache_term *t, size_t nentries, const char **post,
		     const char *end)
{
	t->key = get_u8(k);
	t->wlen = get_u4(k);
	t->word = t->wlen <= 255 ? (const char *)get_bytes(k, t->wlen) : NULL;
	t->first = get_u4(k);
	t->last = get_u4(k);
	t->df = get_u4(k);
	t->tfsum = get_u4(k);
	t->plen = get_u4(k);
	t->post = t->plen <= end - *post ? *post : NULL;
	*post += t->post ? t->plen : 0;
	t->nskips = get_u4(k);
	t->skips = t->nskips <= (k->end - k->p) / SKIP_BYTES
		       ? get_bytes(k, (size_t)t->nskips * SKIP_BYTES)
		       : NULL;
	if (k->bad || !t->skips || !t->post || !t->word || t->first > t->last ||
	    t->last >= nentries || !t->df || t->df - 1 > t->last - t->first || t->tfsum < t->df ||
	    !t->plen || t->plen < t->df || !skips_ok(t))
		k->bad = 1;
	else if (t->key & SEARCH_WORD_BIT)
		k->bad |= !t->wlen || t->key != (SEARCH_WORD_BIT | search_fnv1a(t->word, t->wlen));
	else
		k->bad |= t->wlen != 0 || t->key >= SEARCH_WORD_BIT;
	if (!t->wlen)
		t->word = NULL;
}

/* The blocks of c from k: each of one entry or more, all of them in all. */
static void get_blocks(struct cursor *k, struct scache *c)
{
	size_t i, at = 0;

	c->blocks = xcalloc(c->nblocks + 1, sizeof *c->blocks);
	for (i = 0; i < c->nblocks && !k->bad; i++) {
		const unsigned char *key = get_bytes(k, HASH_SIZE);
		uint32_t n = get_u4(k);

		if (k->bad || !n || n > c->nentries - at) {
			k->bad = 1;
			break;
		}
		memcpy(c->blocks[i].key, key, HASH_SIZE);
		c->blocks[i].from = at;
		c->blocks[i].to = at += n;
	}
	if (at != c->nentries)
		k->bad = 1;
}

/* The characters of block b from k: code points rising, below
 * 0x110000, counts not 0. */
static void get_chars(struct cursor *k, struct scache_block *b)
{
	uint32_t i, cp, prev = 0;

	b->nchars = get_u4(k);
	b->chars =
	    b->nchars <= (size_t)(k->end - k->p) / 8 ? get_bytes(k, (size_t)b->nchars * 8) : NULL;
	if (!b->chars) {
		k->bad = 1;
		return;
	}
	for (i = 0; i < b->nchars; i++) {
		cp = u4_at(b->chars + 8 * i);
		if (cp >= 0x110000 || (i && cp <= prev) || !u4_at(b->chars + 8 * i + 4)) {
			k->bad = 1;
			return;
		}
		prev = cp;
	}
}

/* The body [k->p, k->end) into c. */
static void get_body(struct cursor *k, struct scache *c)
{
	uint64_t npost;
	const char *post, *end;
	size_t i;

	c->nentries = get_u4(k);
	c->nblocks = get_u4(k);
	c->nterms = get_u4(k);
	npost = get_u8(k);
	if (k->bad || c->nblocks > (size_t)(k->end - k->p) / (HASH_SIZE + 4) ||
	    c->nterms > (size_t)(k->end - k->p) / 37 || c->nentries > UINT32_MAX - 1) {
		k->bad = 1;
		return;
	}
	get_blocks(k, c);
	c->lengths = k->bad ? NULL : get_bytes(k, c->nentries * 4);
	for (i = 0; i < c->nblocks && !k->bad; i++)
		get_chars(k, &c->blocks[i]);
	post =
	    k->bad || npost > (uint64_t)(k->end - k->p) ? NULL : (const char *)get_bytes(k, npost);
	if (!post) {
		k->bad = 1;
		return;
	}
	end = post + npost;
	c->terms = xcalloc(c->nterms + 1, sizeof *c->terms);
	for (i = 0; i < c->nterms && !k->bad; i++)
		get_term(k, &c->terms[i], c->nentries, &post, end);
	if (k->p != k->end || post != end)
		k->bad = 1;
}

void scache_parse(struct scache *c)
{
	struct cursor k = {(const unsigned char *)c->body, (const unsigned char *)c->end, 0};

	get_body(&k, c);
	c->parsed = !k.bad;
}

int scache_valid(const struct scache *c)
{
	unsigned char sum[HASH_SIZE];
	char hex[HASH_HEX_SIZE];

	hash_bytes(sum, c->sums, c->npieces * HASH_SIZE);
	hash_hex(hex, sum);
	return c->parsed && !memcmp(c->end + 4, hex, 2 * HASH_SIZE);
}

int scache_read(struct scache **out, const char *file, const unsigned char key[HASH_SIZE])
{
	struct scache *c;
	size_t k;

	*out = NULL;
	if (!scache_open(&c, file, key))
		return 0;
	for (k = 0; k < c->npieces; k++)
		scache_hash_piece(c, k);
	scache_parse(c);
	if (scache_valid(c)) {
		*out = c;
		return 1;
	}
	scache_free(c);
	return 0;
}

void scache_free(struct scache *c)
{
	if (!c)
		return;
	if (c->map)
		munmap((void *)c->map, c->maplen);
	free(c->sums);
	free(c->blocks);
	free(c->terms);
	free(c);
}

uint32_t scache_length(const struct scache *c, size_t id)
{
	return u4_at(c->lengths + id * 4);
}

/* A varint at *p (before end) into *v, *p moved past it: 0, or -1. */
static int get_varint(const signed char *digit, const unsigned char **p, const unsigned char *end,
		      uint32_t *v)
{
	uint64_t acc = 0;
	int n = 0, d;

	for (; *p < end; (*p)++) {
		d = digit[**p];
		if (d < 0 || (d >= 64 && ++n > 6))
			return -1;
		if (d >= 64) {
			acc = acc * SEARCH_NCONT + (uint64_t)(d - 64);
			continue;
		}
		acc = acc * SEARCH_NFINAL + (uint64_t)d;
		(*p)++;
		*v = (uint32_t)acc;
		return acc > UINT32_MAX ? -1 : 0;
	}
	return -1;
}

int scache_next(const struct scache *c, const struct scache_term *t, struct scache_pos *pos,
		uint32_t *id, uint32_t *tf)
{
	const unsigned char *p = (const unsigned char *)t->post + pos->off,
			    *end = (const unsigned char *)t->post + t->plen;
	uint32_t v, v2 = 0;
	int d;

	if (pos->off >= t->plen)
		return 0;
	d = c->digit[*p];
	if (d >= 0 && d < 64) /* one digit: most postings */
		v = (uint32_t)d, p++;
	else if (get_varint(c->digit, &p, end, &v) < 0)
		return -1;
	if (!(v & 1) && (get_varint(c->digit, &p, end, &v2) < 0 || v2 > UINT32_MAX - 2))
		return -1;
	if ((pos->df && !(v >> 1)) || pos->id > t->last || v >> 1 > t->last - pos->id)
		return -1;
	*id = pos->id + (v >> 1);
	*tf = v & 1 ? 2 : v2 + 2;
	pos->off = (uint32_t)(p - (const unsigned char *)t->post);
	pos->id = *id;
	pos->df++;
	pos->tfsum += *tf >> 1;
	return 1;
}

/* The id of skip point i of t. */
static uint32_t skip_id(const struct scache_term *t, uint32_t i)
{
	return u4_at(t->skips + (size_t)i * SKIP_BYTES + 4);
}

uint32_t scache_skips_below(const struct scache_term *t, uint32_t target)
{
	uint32_t n = t->nskips, lo, hi, mid, step = 1, g;

	if (!n || target <= t->first)
		return 0;
	/* a guess where entries are spread evenly (one cache miss, not a
	 * dozen), then steps doubling away from it, then halving */
	g = target > t->last ? n - 1
			     : (uint32_t)((uint64_t)(target - t->first) * n /
					  ((uint64_t)t->last - t->first + 1));
	if (skip_id(t, g) < target) {
		lo = g + 1;
		while (lo + step - 1 < n && skip_id(t, lo + step - 1) < target) {
			lo += step;
			step *= 2;
		}
		hi = lo + step - 1 < n ? lo + step - 1 : n;
	} else {
		hi = g;
		while (hi >= step && skip_id(t, hi - step) >= target) {
			hi -= step;
			step *= 2;
		}
		lo = hi >= step ? hi - step + 1 : 0;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (skip_id(t, mid) < target)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int scache_seek(const struct scache *c, const struct scache_term *t, uint32_t target,
		struct scache_pos *pos, uint32_t *below)
{
	struct search_skip sk;
	struct scache_pos at;
	uint32_t k = scache_skips_below(t, target), id, tf;
	int r;

	if (below)
		*below = k;
	if (k) {
		scache_skip(t, k - 1, &sk);
		if (sk.off > pos->off) {
			pos->off = sk.off;
			pos->id = sk.id;
			pos->df = sk.df;
			pos->tfsum = sk.tfsum;
		}
	}
	for (;;) {
		at = *pos;
		if ((r = scache_next(c, t, pos, &id, &tf)) <= 0)
			return r;
		if (id >= target) {
			*pos = at;
			return 0;
		}
	}
}
