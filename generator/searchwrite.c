/* searchwrite.c - write the search index as script files; formats below,
 * read by static/search.js (keep the two in step).
 *
 * s/<k>.js   huibianSearch.shard(k,"G|G|...") where each group G is one
 *            first character followed by entries "suffix:postings" joined
 *            with ",": all terms starting with that character (the unigram
 *            has the empty suffix), sorted by bytes.  A term lives in shard
 *            fnv1a(UTF-8 of its first character) mod shards.
 * t/<id>.js  huibianSearch.text(id,[title,doc_title,number,body]), each
 *            string character-coded: the manifest's "chars" lists the
 *            characters of all text files by falling frequency; of the 90
 *            symbols SEARCH_SYMBOLS the first k code the first k characters
 *            in one symbol, the others lead a second symbol (index
 *            k + (lead - k) * 90 + second); anything else is the character
 *            itself (only when there are more than 8,100 characters).
 * manifest.js huibianSearch.manifest({...}) with v, shards, k, chars,
 *            variants (pairs traditional, simplified), total (sum of entry
 *            lengths), statuses [[class,label]], levels, depts, topics and
 *            docs: [url, date, status, level, [dept], [topic], measure,
 *            length] with indexes into those lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "escape.h"
#include "search.h"
#include "searchint.h"
#include "searchtok.h"
#include "xalloc.h"

/* Printable ASCII without " \ < > &, so escape_json leaves it alone. */
#define SEARCH_SYMBOLS                                                                             \
	" !#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz"   \
	"{|}~"
#define NSYM 90
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

static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static uint32_t term_shard(const struct search_term *t, size_t nshards)
{
	size_t n = utf8_len((unsigned char)t->str[0]);

	return search_fnv1a(t->str, n < t->len ? n : t->len) & (uint32_t)(nshards - 1);
}

struct shard_term {
	uint32_t shard;
	const struct search_term *t;
};

static int cmp_shard_term(const void *a, const void *b)
{
	const struct shard_term *x = a, *y = b;

	if (x->shard != y->shard)
		return x->shard < y->shard ? -1 : 1;
	return strcmp(x->t->str, y->t->str);
}

/* Power of two giving shards of about 16 KiB, at most 1024. */
static size_t shard_count(const struct search_index *ix)
{
	size_t i, total = 0, n = 1;

	for (i = 0; i < ix->nterms; i++)
		total += ix->terms[i].len + ix->terms[i].post.len + 2;
	while (n < 1024 && n * 16384 < total)
		n *= 2;
	return n;
}

/* Append the terms st[0..n) (one shard, sorted) in the group format. */
static void shard_body(struct buf *b, const struct shard_term *st, size_t n)
{
	size_t i, first = 0, flen = 0;

	for (i = 0; i < n; i++) {
		const struct search_term *t = st[i].t;
		size_t fl = utf8_len((unsigned char)t->str[0]);

		if (i == 0 || fl != flen || memcmp(t->str, st[first].t->str, fl)) {
			if (i)
				buf_putc(b, '|');
			escape_json(b, t->str, fl);
			first = i;
			flen = fl;
		} else {
			buf_putc(b, ',');
		}
		escape_json(b, t->str + fl, t->len - fl);
		buf_putc(b, ':');
		buf_put(b, t->post.ptr, t->post.len);
	}
}

static int write_shards(struct search_index *ix, struct writer *w)
{
	struct shard_term *st = xcalloc(ix->nterms ? ix->nterms : 1, sizeof *st);
	size_t i, j, k;
	int ret = 0;
	char name[32];

	for (i = 0; i < ix->nterms; i++) {
		st[i].t = &ix->terms[i];
		st[i].shard = term_shard(&ix->terms[i], ix->nshards);
	}
	qsort(st, ix->nterms, sizeof *st, cmp_shard_term);
	for (k = 0, i = 0; k < ix->nshards && ret == 0; k++) {
		for (j = i; j < ix->nterms && st[j].shard == k; j++)
			;
		buf_reset(&w->data);
		buf_printf(&w->data, "huibianSearch.shard(%zu,\"", k);
		shard_body(&w->data, st + i, j - i);
		buf_puts(&w->data, "\");\n");
		snprintf(name, sizeof name, "s/%zu.js", k);
		ret = put_file(w, name, &ix->shard_bytes);
		i = j;
	}
	free(st);
	return ret;
}

/* The character coding of the text files (see the top of this file). */
struct charcode {
	uint32_t *rank; /* per code point: rank + 1 in chars, 0 = raw */
	int32_t *chars; /* by falling frequency */
	size_t nchars, k;
};

static void count_chars(uint32_t *count, const char *s)
{
	size_t i = 0, n = strlen(s);

	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
							 (utf8proc_ssize_t)(n - i), &cp);

		if (step <= 0) { /* invalid UTF-8: cannot be coded; count U+FFFD */
			step = 1;
			cp = 0xFFFD;
		}
		count[cp]++;
		i += (size_t)step;
	}
}

struct char_freq {
	uint32_t count;
	int32_t cp;
	int prio; /* 1 for ASCII when there are more characters than codes */
};

/* Frequent first, then by code point (ASCII before all when prio is set). */
static int cmp_char_freq(const void *a, const void *b)
{
	const struct char_freq *x = a, *y = b;

	if (x->prio != y->prio)
		return y->prio - x->prio;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return (x->cp > y->cp) - (x->cp < y->cp);
}

static void count_doc_chars(const struct search_index *ix, uint32_t *count)
{
	size_t i;

	for (i = 0; i < ix->ndocs; i++) {
		count_chars(count, ix->docs[i].title);
		count_chars(count, ix->docs[i].doc_title);
		count_chars(count, ix->docs[i].number);
		count_chars(count, ix->docs[i].body);
	}
}

/* Build cc from the characters of all text fields. */
static void charcode_build(struct charcode *cc, const struct search_index *ix)
{
	uint32_t *count = xcalloc(MAXCP, sizeof *count);
	struct char_freq *cf;
	size_t i, n = 0, cap = NSYM * NSYM;

	count_doc_chars(ix, count);
	for (i = 0; i < MAXCP; i++)
		n += count[i] != 0;
	cf = xcalloc(n ? n : 1, sizeof *cf);
	for (i = 0, n = 0; i < MAXCP; i++)
		if (count[i])
			cf[n++] = (struct char_freq){count[i], (int32_t)i, 0};
	for (i = 0; i < n; i++)
		cf[i].prio = n > cap && cf[i].cp < 0x80;
	qsort(cf, n, sizeof *cf, cmp_char_freq);
	cc->nchars = n < cap ? n : cap;
	cc->k = n >= cap ? 0 : (cap - n) / (NSYM - 1);
	if (cc->k > NSYM)
		cc->k = NSYM;
	cc->chars = xcalloc(cc->nchars ? cc->nchars : 1, sizeof *cc->chars);
	memset(count, 0, MAXCP * sizeof *count);
	for (i = 0; i < cc->nchars; i++) {
		cc->chars[i] = cf[i].cp;
		count[cf[i].cp] = (uint32_t)i + 1;
	}
	cc->rank = count;
	free(cf);
}

/* Append the character-coded form of s to b (not yet JSON-escaped). */
static void charcode_put(const struct charcode *cc, struct buf *b, const char *s)
{
	size_t i = 0, n = strlen(s);
	const char *sym = SEARCH_SYMBOLS;

	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
							 (utf8proc_ssize_t)(n - i), &cp);
		size_t r;

		if (step <= 0) {
			step = 1;
			cp = 0xFFFD;
		}
		r = cc->rank[cp];
		if (!r) {
			buf_put(b, s + i, (size_t)step);
		} else if (--r < cc->k) {
			buf_putc(b, sym[r]);
		} else {
			r -= cc->k;
			buf_putc(b, sym[cc->k + r / NSYM]);
			buf_putc(b, sym[r % NSYM]);
		}
		i += (size_t)step;
	}
}

static void put_coded(const struct charcode *cc, struct buf *b, struct buf *tmp, const char *s)
{
	buf_reset(tmp);
	charcode_put(cc, tmp, s);
	buf_putc(b, '"');
	escape_json(b, tmp->ptr, tmp->len);
	buf_putc(b, '"');
}

static int write_texts(struct search_index *ix, struct writer *w, const struct charcode *cc)
{
	struct buf tmp = BUF_INIT;
	size_t i;
	int ret = 0;
	char name[32];

	for (i = 0; i < ix->ndocs && ret == 0; i++) {
		const struct search_doc *d = &ix->docs[i];

		buf_reset(&w->data);
		buf_printf(&w->data, "huibianSearch.text(%zu,[", i);
		put_coded(cc, &w->data, &tmp, d->title);
		buf_putc(&w->data, ',');
		put_coded(cc, &w->data, &tmp, d->doc_title);
		buf_putc(&w->data, ',');
		put_coded(cc, &w->data, &tmp, d->number);
		buf_putc(&w->data, ',');
		put_coded(cc, &w->data, &tmp, d->body);
		buf_puts(&w->data, "]);\n");
		snprintf(name, sizeof name, "t/%zu.js", i);
		ret = put_file(w, name, &ix->store_bytes);
	}
	buf_release(&tmp);
	return ret;
}

/* A sorted set of strings, for the filter vocabularies of the manifest. */
struct strlist {
	char **v;
	size_t n, cap;
};

static void strlist_add(struct strlist *l, const char *s, size_t len)
{
	if (!len)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = xstrndup(s, len);
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

static void strlist_finish(struct strlist *l)
{
	size_t i, n = 0;

	qsort(l->v, l->n, sizeof *l->v, cmp_str);
	for (i = 0; i < l->n; i++) {
		if (n && !strcmp(l->v[n - 1], l->v[i]))
			free(l->v[i]);
		else
			l->v[n++] = l->v[i];
	}
	l->n = n;
}

static size_t strlist_find(const struct strlist *l, const char *s, size_t len)
{
	char *key = xstrndup(s, len);
	char **hit = bsearch(&key, l->v, l->n, sizeof *l->v, cmp_str);

	free(key);
	return hit ? (size_t)(hit - l->v) : 0;
}

static void strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* Append ",[i,j,...]" with the indexes in l of the parts of each s. */
static void put_ids(struct buf *b, const struct strlist *l, const char *s1, const char *s2)
{
	const char *parts[2] = {s1, s2};
	int i, first = 1;

	buf_puts(b, ",[");
	for (i = 0; i < 2; i++) {
		const char *s = parts[i], *sep;

		while (*s) {
			size_t len = (sep = strstr(s, "、")) ? (size_t)(sep - s) : strlen(s);

			if (len) {
				buf_printf(b, first ? "%zu" : ",%zu", strlist_find(l, s, len));
				first = 0;
			}
			s += len + (sep ? strlen("、") : 0);
		}
	}
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

/* The vocabularies: statuses as "class\x1flabel", levels, depts, topics. */
struct vocab {
	struct strlist status, level, dept, topic;
};

static void vocab_build(struct vocab *v, const struct search_index *ix)
{
	struct buf key = BUF_INIT;
	size_t i;

	for (i = 0; i < ix->ndocs; i++) {
		const struct search_doc *d = &ix->docs[i];

		buf_reset(&key);
		buf_printf(&key, "%s\x1f%s", d->status_class, d->status_label);
		strlist_add(&v->status, key.ptr, key.len);
		strlist_add(&v->level, d->level, strlen(d->level));
		strlist_add_split(&v->dept, d->issuers);
		strlist_add_split(&v->dept, d->depts);
		strlist_add_split(&v->topic, d->topics);
	}
	strlist_finish(&v->status);
	strlist_finish(&v->level);
	strlist_finish(&v->dept);
	strlist_finish(&v->topic);
	buf_release(&key);
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

/* The manifest's "chars" and "variants" strings. */
static void put_tables(struct buf *b, const struct charcode *cc)
{
	utf8proc_uint8_t enc[4];
	struct buf s = BUF_INIT;
	size_t i;

	for (i = 0; i < cc->nchars; i++)
		buf_put(&s, enc, (size_t)utf8proc_encode_char(cc->chars[i], enc));
	buf_puts(b, ",\"chars\":");
	put_json_str(b, s.ptr);
	buf_reset(&s);
	for (i = 0; i < searchtok_nvariants; i++) {
		buf_put(&s, enc,
			(size_t)utf8proc_encode_char((int32_t)searchtok_variants[i].from, enc));
		buf_put(&s, enc,
			(size_t)utf8proc_encode_char((int32_t)searchtok_variants[i].to, enc));
	}
	buf_puts(b, ",\"variants\":");
	put_json_str(b, s.ptr);
	buf_release(&s);
}

static void put_doc_row(struct buf *b, const struct search_doc *d, const struct vocab *v)
{
	struct buf key = BUF_INIT;

	buf_printf(&key, "%s\x1f%s", d->status_class, d->status_label);
	buf_putc(b, '[');
	put_json_str(b, d->url);
	buf_putc(b, ',');
	put_json_str(b, d->date);
	buf_printf(b, ",%zu,", strlist_find(&v->status, key.ptr, key.len));
	if (*d->level)
		buf_printf(b, "%zu", strlist_find(&v->level, d->level, strlen(d->level)));
	else
		buf_puts(b, "-1");
	put_ids(b, &v->dept, d->issuers, d->depts);
	put_ids(b, &v->topic, d->topics, "");
	buf_printf(b, ",%d,%zu]", d->is_measure, d->length);
	buf_release(&key);
}

static int write_manifest(struct search_index *ix, struct writer *w, const struct charcode *cc)
{
	struct vocab v = {{0}, {0}, {0}, {0}};
	struct buf *b = &w->data;
	size_t i;
	int ret;

	vocab_build(&v, ix);
	buf_reset(b);
	buf_printf(b, "huibianSearch.manifest({\"v\":1,\"shards\":%zu,\"k\":%zu", ix->nshards,
		   cc->k);
	put_tables(b, cc);
	buf_printf(b, ",\"total\":%zu", ix->total_length);
	put_statuses(b, &v.status);
	put_strlist(b, "levels", &v.level);
	put_strlist(b, "depts", &v.dept);
	put_strlist(b, "topics", &v.topic);
	buf_puts(b, ",\"docs\":[\n");
	for (i = 0; i < ix->ndocs; i++) {
		put_doc_row(b, &ix->docs[i], &v);
		buf_puts(b, i + 1 < ix->ndocs ? ",\n" : "\n");
	}
	buf_puts(b, "]});\n");
	ret = put_file(w, "manifest.js", &ix->manifest_bytes);
	vocab_free(&v);
	return ret;
}

int search_index_write(struct search_index *ix, struct output *o, const char *dir, struct diag *d)
{
	struct writer w = {o, dir, d, BUF_INIT, BUF_INIT};
	struct charcode cc = {NULL, NULL, 0, 0};
	int ret = -1;

	ix->nshards = shard_count(ix);
	ix->manifest_bytes = ix->shard_bytes = ix->store_bytes = 0;
	charcode_build(&cc, ix);
	if (write_manifest(ix, &w, &cc) < 0 || write_shards(ix, &w) < 0 ||
	    write_texts(ix, &w, &cc) < 0)
		goto out;
	ret = 0;
out:
	free(cc.rank);
	free(cc.chars);
	buf_release(&w.path);
	buf_release(&w.data);
	return ret;
}
