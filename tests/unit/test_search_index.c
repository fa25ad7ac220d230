/* test_search_index.c - the search index written through output_* into a
 * temporary site: file layout and formats (manifest, shards, character-coded
 * text chunks, decoded here and compared with the input), the OpenCC variant
 * table, measures stored as slices of their document, determinism, and the
 * index smaller than the text of a real compilation (content/). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "output.h"
#include "search.h"
#include "searchtok.h"
#include "searchint.h"
#include "tap.h"
#include "xalloc.h"

static const struct search_entry corpus[] = {
    {"demo/yzb-2024-40/index.html", "关于加快推动航空港区四港联动发展的通知", NULL,
     "豫政办〔2024〕40号", "河南省人民政府办公厅", NULL, "交通运输、物流",
     "为加快构建现代物流体系，以航空港区为核心。\n郑州国际陆港 <b>&\"引号\"", "2024-07-25", "省",
     "现行有效", "current", 0},
    {"demo/yzb-2024-40/index.html#m-1", "深入实施郑州新郑国际机场航空货运三年倍增行动",
     "关于加快推动航空港区四港联动发展的通知", NULL, NULL, "航空港区管委会、郑州海关", NULL,
     "深入实施郑州新郑国际机场航空货运三年倍增行动，到2025年实现通航。", "2024-07-25", "省",
     "现行有效", "current", 1},
    {"demo/old/index.html", "旧办法", NULL, "豫政办〔2021〕43号", "河南省人民政府办公厅", NULL,
     NULL, "職業技能競賽（試行）", "2021-01-01", "", "已失效", "expired", 0},
};

static char *slurp(const char *dir, const char *name)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *fp;

	buf_printf(&path, "%s/%s", dir, name);
	fp = fopen(path.ptr, "rb");
	buf_release(&path);
	if (!fp)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_put(&data, chunk, n);
	fclose(fp);
	return buf_detach(&data, NULL);
}

/* Build an index of n entries of corpus (cycled) plus extra synthetic ones
 * and publish it at dir/public. */
/* Write index ix as a site under dir/public (its stats in st) and free
 * it.  0 / -1. */
static int write_index(const char *dir, struct search_index *ix, struct search_stats *st)
{
	struct diag d = DIAG_INIT;
	struct output *o = NULL;
	struct buf pub = BUF_INIT;
	int ret = -1;

	buf_printf(&pub, "%s/public", dir);
	if (output_open(&o, pub.ptr, 1, &d) == 0 && search_index_write(ix, o, "search", &d) == 0 &&
	    output_commit(o) == 0)
		ret = 0;
	search_index_stats(ix, st);
	diag_flush(&d, stdout);
	diag_release(&d);
	output_free(o);
	search_index_free(ix);
	buf_release(&pub);
	return ret;
}

/* The entries write_site adds: the corpus, then extra made-up ones; an
 * item (search_index_add_items) is a document entry and the measures
 * after it. */
struct entries {
	struct search_entry *e;
	char **bodies;
	size_t n, *item, nitems; /* item[k]: the first entry of item k */
};

static void entries_make(struct entries *es, size_t extra)
{
	size_t i, j, ncorpus = sizeof corpus / sizeof corpus[0];
	struct buf body = BUF_INIT;
	uint8_t enc[4];

	es->n = ncorpus + extra;
	es->e = xcalloc(es->n + 1, sizeof *es->e);
	es->bodies = xcalloc(es->n + 1, sizeof *es->bodies);
	es->item = xcalloc(es->n + 2, sizeof *es->item);
	es->nitems = 0;
	for (i = 0; i < es->n; i++) {
		if (i < ncorpus) {
			es->e[i] = corpus[i];
		} else { /* distinct bigrams to fill many shards */
			struct search_entry e = {"x/index.html", "合成",    NULL, NULL, NULL,
						 NULL,		 NULL,	    NULL, "",	"",
						 "现行有效",	 "current", 0};
			buf_reset(&body);
			for (j = 0; j < 40; j++)
				buf_put(
				    &body, enc,
				    (size_t)utf8proc_encode_char(
					(int32_t)(0x4E00 + ((i - ncorpus) * 37 + j * 101) % 20000),
					enc));
			es->bodies[i] = xstrdup(body.ptr);
			e.body = es->bodies[i];
			es->e[i] = e;
		}
		if (!es->e[i].is_measure)
			es->item[es->nitems++] = i;
	}
	es->item[es->nitems] = es->n;
	buf_release(&body);
}

static void entries_free(struct entries *es)
{
	size_t i;

	for (i = 0; i < es->n; i++)
		free(es->bodies[i]);
	free(es->bodies);
	free(es->e);
	free(es->item);
}

/* Item k of search_index_add_items: its entries. */
static void add_item(struct search_index *part, size_t k, void *ctx)
{
	const struct entries *es = ctx;
	size_t i;

	for (i = es->item[k]; i < es->item[k + 1]; i++)
		search_index_add(part, &es->e[i]);
}

/* The corpus and extra made-up entries written as a site under
 * dir/public, added one by one, or with items set as items on 2 threads
 * (search_index_add_items). */
static int write_site(const char *dir, size_t extra, struct search_stats *st, int items)
{
	struct search_index *ix = search_index_new();
	struct entries es;
	size_t i;
	int ret;

	entries_make(&es, extra);
	if (items) {
		search_index_set_jobs(ix, 2);
		search_index_add_items(ix, es.nitems, add_item, &es);
	} else {
		for (i = 0; i < es.n; i++)
			search_index_add(ix, &es.e[i]);
	}
	ret = write_index(dir, ix, st);
	entries_free(&es);
	return ret;
}

/* The JSON string starting after the quote at *p, unescaped; *p is left
 * after the closing quote. */
static char *json_string(const char **p)
{
	struct buf b = BUF_INIT;
	const char *s = *p;

	for (; *s && *s != '"'; s++) {
		if (*s != '\\') {
			buf_putc(&b, *s);
			continue;
		}
		s++;
		if (*s == 'u') {
			uint8_t enc[4];
			unsigned cp =
			    (unsigned)strtoul((char[5]){s[1], s[2], s[3], s[4], 0}, NULL, 16);

			buf_put(&b, enc, (size_t)utf8proc_encode_char((int32_t)cp, enc));
			s += 4;
		} else {
			buf_putc(&b, *s == 'n' ? '\n' : *s == 't' ? '\t' : *s == 'r' ? '\r' : *s);
		}
	}
	*p = *s ? s + 1 : s;
	return buf_detach(&b, NULL);
}

/* Decode a character-coded string with the manifest's tables: codes are
 * the characters of chars, then the pairs of characters of pairs. */
/* Decode a character-coded text (searchwrite.c): codes, raw bytes and
 * '~' matches (distance and length in UTF-16 units; astral characters
 * count two). */
static char *decode(const char *coded, const char *chars, const char *pairs, int k)
{
	static const char sym[] = " !#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`"
				  "abcdefghijklmnopqrstuvwxyz{|}~";
	static int32_t table[8100][2];
	struct buf out = BUF_INIT, units = BUF_INIT; /* units: per unit, its byte offset */
	size_t n = 0, i = 0, u, d, l, from;
	uint8_t enc[4];

#define UNIT_AT(x) (((const size_t *)units.ptr)[x])
#define PUT_CP(c)                                                                                  \
	do {                                                                                       \
		size_t at_ = out.len;                                                              \
		buf_put(&units, &at_, sizeof at_);                                                 \
		if ((c) >= 0x10000)                                                                \
			buf_put(&units, &at_, sizeof at_);                                         \
		buf_put(&out, enc, (size_t)utf8proc_encode_char((c), enc));                        \
	} while (0)
	while (chars[i] && n < 8100) {
		i += (size_t)utf8proc_iterate((const uint8_t *)chars + i, -1, &table[n][0]);
		table[n++][1] = -1;
	}
	for (i = 0; pairs[i] && n < 8100; n++) {
		i += (size_t)utf8proc_iterate((const uint8_t *)pairs + i, -1, &table[n][0]);
		i += (size_t)utf8proc_iterate((const uint8_t *)pairs + i, -1, &table[n][1]);
	}
	for (i = 0; coded[i]; i++) {
		const char *p = strchr(sym, coded[i]);
		int idx;

		if (!p || (unsigned char)coded[i] >= 0x80) {
			int32_t c;

			i += (size_t)utf8proc_iterate((const uint8_t *)coded + i, -1, &c) - 1;
			PUT_CP(c);
			continue;
		}
		idx = (int)(p - sym);
		if (idx == 89) { /* a match */
			u = units.len / sizeof(size_t);
			d = (size_t)(strchr(sym, coded[i + 1]) - sym) * 90 +
			    (size_t)(strchr(sym, coded[i + 2]) - sym) + 1;
			l = (size_t)(strchr(sym, coded[i + 3]) - sym) + 3;
			i += 3;
			if (d > u || d < l)
				break; /* invalid: the caller's comparison fails */
			from = UNIT_AT(u - d);
			n = (u - d + l < u ? UNIT_AT(u - d + l) : out.len) - from;
			for (l = 0; l < n;) {
				int32_t c;

				l += (size_t)utf8proc_iterate((const uint8_t *)out.ptr + from + l,
							      -1, &c);
				PUT_CP(c);
			}
			continue;
		}
		if (idx >= k)
			idx = k + (idx - k) * 90 + (int)(strchr(sym, coded[++i]) - sym);
		PUT_CP(table[idx][0]);
		if (table[idx][1] >= 0)
			PUT_CP(table[idx][1]);
	}
#undef PUT_CP
#undef UNIT_AT
	buf_release(&units);
	return buf_detach(&out, NULL);
}

/* The JSON string value of "name" in the manifest (unescaped), or NULL. */
static char *manifest_str(const char *man, const char *name)
{
	struct buf key = BUF_INIT;
	const char *p;

	buf_printf(&key, "\"%s\":\"", name);
	p = man ? strstr(man, key.ptr) : NULL;
	if (p)
		p += key.len;
	buf_release(&key);
	return p ? json_string(&p) : NULL;
}

static void check_manifest(const char *man)
{
	char *variants;

	ok(man && !strncmp(man, "huibianSearch.manifest({\"v\":4,\"shards\":1,\"parts\":{},", 52),
	   "manifest calls the registration function, one shard for a tiny site, no group cut");
	if (!man)
		return;
	ok(strstr(man, "\"statuses\":[[\"current\",\"现行有效\"],[\"expired\",\"已失效\"]]") !=
	       NULL,
	   "status vocabulary");
	ok(strstr(man, "\"depts\":[\"河南省人民政府办公厅\",\"航空港区管委会\",\"郑州海关\"]") !=
	       NULL,
	   "departments: issuers and measure depts, split at 、, sorted");
	ok(strstr(man, "\"topics\":[\"交通运输\",\"物流\"]") != NULL, "topics");
	ok(strstr(man, "[\"demo/yzb-2024-40/index.html\",\"2024-07-25\",0,0,[0],[0,1],0,") != NULL,
	   "document row");
	ok(strstr(man, "[\"demo/yzb-2024-40/index.html\",\"2024-07-25\",0,0,[0],[0,1],0,") &&
	       strstr(man, ",\n[\"#m-1\",[1,2],[],"),
	   "measure row: fragment, departments, topics, length (the rest from its document)");
	ok(strstr(man, "[\"demo/old/index.html\",\"2021-01-01\",1,-1,[0],[],0,") != NULL,
	   "row without level");
	ok(strstr(man, "\"chunks\":[0]") != NULL, "one text chunk");
	ok(strstr(man, "\"pairs\":\"航空郑州\"") != NULL,
	   "pairs coded: the bigrams that occur at least 4 times");
	variants = manifest_str(man, "variants");
	ok(variants && strstr(variants, "職职") && strstr(variants, "業业"),
	   "variant table: traditional characters of the text (OpenCC t2s)");
	ok(variants && strstr(variants, "辦办") && strstr(variants, "鄭郑"),
	   "variant table: traditional forms of its simplified characters (OpenCC s2t)");
	free(variants);
	ok(!strchr(man, '<') && !strchr(man, '&'), "no raw < or & in the manifest");
}

#define FINAL "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL"
#define CONT "MNOPQRSTUVWXYZ!#$%'()*+-./;=?@[]^_`{}~"

/* Read one varint at *p (see searchint.h); *p is left after it. */
static uint32_t read_varint(const char **p)
{
	uint32_t v = 0;
	const char *d;

	for (; **p; (*p)++) {
		if ((d = strchr(FINAL, **p)) != NULL) {
			(*p)++;
			return v * 48 + (uint32_t)(d - FINAL);
		}
		v = v * 38 + (uint32_t)(strchr(CONT, **p) - CONT);
	}
	return v;
}

/* The code of the second character of the CJK key (one or two
 * characters) in its group: 0 for none, else 1 + its place in the
 * manifest's chars, or 1 + their number + its code point. */
static uint32_t second_code_of(const char *chars, const char *key)
{
	int32_t first, second = 0, cp;
	size_t flen = (size_t)utf8proc_iterate((const uint8_t *)key, -1, &first), n = 0;
	const char *c;
	uint32_t want = 0;

	if (key[flen])
		utf8proc_iterate((const uint8_t *)key + flen, -1, &second);
	for (c = chars; *c && second; n++) {
		c += utf8proc_iterate((const uint8_t *)c, -1, &cp);
		if (cp == second)
			want = (uint32_t)n + 1;
	}
	if (second && !want) {
		for (; *c; n++)
			c += utf8proc_iterate((const uint8_t *)c, -1, &cp);
		want = (uint32_t)(1 + n + (size_t)second);
	}
	return want;
}

/* The postings string of the CJK key (one or two characters) in shard sh,
 * found the way static/search.js does: the group of its first character,
 * entries "delta of the second character's code" + postings, codes from
 * the manifest's chars.  NULL when absent. */
static char *postings_of(const char *sh, const char *chars, const char *key)
{
	int32_t first;
	size_t flen = (size_t)utf8proc_iterate((const uint8_t *)key, -1, &first);
	const char *g;
	uint32_t v = 0, want = second_code_of(chars, key);

	/* find the group: "|" or the opening quote, then the first character */
	for (g = strchr(sh, '"'); g; g = strchr(g + 1, '|'))
		if (!strncmp(g + 1, key, flen))
			break;
	if (!g)
		return NULL;
	g += 1 + flen;
	while (*g && *g != '|' && *g != '"') {
		const char *end;

		v += read_varint(&g);
		end = g + strcspn(g, ",|\"");
		if (v == want)
			return xstrndup(g, (size_t)(end - g));
		g = *end == ',' ? end + 1 : end;
	}
	return NULL;
}

static void check_key(const char *sh, const char *chars, const char *key, const char *want,
		      const char *name)
{
	char *got = postings_of(sh, chars, key);

	is_str(got, want, "%s: %s", key, name);
	free(got);
}

/* Postings: per entry (delta << 1 | 1) for tf 1 outside the title, else
 * (delta << 1) and ((tf - 1) << 1 | in title); digits 0-9a-zA-L final. */
static void check_shard(const char *man, const char *sh)
{
	char *chars = manifest_str(man, "chars");

	ok(sh && !strncmp(sh, "huibianSearch.shard(0,\"", 23), "shard 0 registers itself");
	if (!sh || !chars) {
		free(chars);
		return;
	}
	check_key(sh, chars, "四港", "01", "once in doc 0's title");
	ok(!postings_of(sh, chars, "四"), "no unigram 四 (四 never ends a run)");
	check_key(sh, chars, "豫政", "0141", "in the 发文字号 of docs 0 and 2");
	check_key(sh, chars, "号", "0341",
		  "end key: doc 0 twice (文号 and 引号 in the body), doc 2 once");
	check_key(sh, chars, "职业", "5", "職業 indexed as 职业 (OpenCC) in doc 2's body");
	ok(strstr(sh, "\"2021:41,024:01,025:3|40:01,0号:01,0号2024:01,3:41,3号:41,3号2021:41|") !=
	       NULL,
	   "words 2021 2024 2025 (group 2), 40 and 43 and the number keys 40号 40号2024 43号 "
	   "43号2021 (group 4)");
	check_key(sh, chars, "海关", "3", "郑州海关 of the measure indexed");
	check_key(sh, chars, "航", "3", "end key: 航 ends a run in the measure");
	check_key(sh, chars, "航空", "0324",
		  "doc 0 (title, body), 3 times in the measure (its first sentence is no title)");
	check_key(sh, chars, "郑州", "124", "doc 0, and the measure 3 times, not as a title");
	free(chars);
}

/* Map s through the manifest's variant table, one character at a time. */
static char *apply_variants(const char *variants, const char *s)
{
	struct buf out = BUF_INIT;
	size_t i = 0;

	while (s[i]) {
		int32_t cp, from, to;
		size_t j = 0, step = (size_t)utf8proc_iterate((const uint8_t *)s + i, -1, &cp);
		uint8_t enc[4];

		while (variants[j]) {
			j += (size_t)utf8proc_iterate((const uint8_t *)variants + j, -1, &from);
			j += (size_t)utf8proc_iterate((const uint8_t *)variants + j, -1, &to);
			if (from == cp) {
				cp = to;
				break;
			}
		}
		buf_put(&out, enc, (size_t)utf8proc_encode_char(cp, enc));
		i += step;
	}
	return buf_detach(&out, NULL);
}

/* A traditional query reaches the simplified text through the table. */
static void check_traditional_query(const char *man, const char *sh)
{
	char *variants = manifest_str(man, "variants"), *chars = manifest_str(man, "chars");
	char *q = variants ? apply_variants(variants, "鄭州國際機場") : NULL;

	is_str(q, "郑州国际机场", "鄭州國際機場 → 郑州国际机场 by the manifest's table alone");
	if (chars) {
		check_key(sh, chars, "机场", "22", "the measure (entry 1), simplified text only");
		check_key(sh, chars, "际机", "22", "the measure (entry 1), simplified text only");
	}
	free(variants);
	free(chars);
	free(q);
}

static void check_text(const char *man, const char *dir)
{
	const char *kp = man ? strstr(man, "\"k\":") : NULL;
	char *chars = manifest_str(man, "chars"), *pairs = manifest_str(man, "pairs");
	char *txt, *field, *plain;
	const char *p;
	int i;

	if (!ok(chars && pairs && kp, "manifest has the coding tables"))
		goto out;
	txt = slurp(dir, "public/search/t/0.js");
	ok(txt && !strncmp(txt, "huibianSearch.text(0,[[\"", 24), "chunk 0 starts with entry 0");
	p = txt ? txt + 24 : "";
	for (i = 0; i < 4 && *p; i++) {
		const char *want[] = {corpus[0].title, "", corpus[0].number, corpus[0].body};

		field = json_string(&p);
		plain = decode(field, chars, pairs, atoi(kp + 4));
		is_str(plain, want[i], "text field %d decodes to the input", i);
		free(field);
		free(plain);
		p += *p == ',' ? 2 : 0;
	}
	ok(txt && strstr(txt, "\"],[22,0,\"\",\""),
	   "the measure names its document (entry 0), its title is the first 22 characters of its "
	   "body");
	ok(txt && !strchr(txt, '<'), "no raw < in the text file");
	ok(txt && strlen(txt) < strlen(corpus[0].title) + strlen(corpus[0].body) +
				    strlen(corpus[1].title) + strlen(corpus[1].body) +
				    strlen(corpus[2].title) + strlen(corpus[2].body),
	   "coded chunk is smaller than the UTF-8 of its texts");
	free(txt);
out:
	free(chars);
	free(pairs);
}

static int same_file(const char *a, const char *b, const char *name)
{
	char *x = slurp(a, name), *y = slurp(b, name);
	int same = x && y && !strcmp(x, y);

	free(x);
	free(y);
	return same;
}

/* Many entries: many shards; each term is in the shard of its first char. */
static void check_shards(const char *dir, const char *dir2, const struct search_stats *st)
{
	char name[64];
	char *sh, *man, *chars, *got;
	uint32_t k;
	size_t i, same = 0;

	ok(st->shards > 4, "%zu shards for %zu entries", st->shards, st->entries);
	k = search_fnv1a("四", strlen("四")) & (uint32_t)(st->shards - 1);
	snprintf(name, sizeof name, "public/search/s/%u.js", k);
	sh = slurp(dir, name);
	man = slurp(dir, "public/search/manifest.js");
	chars = manifest_str(man, "chars");
	got = sh && chars ? postings_of(sh, chars, "四港") : NULL;
	ok(got && !strncmp(got, "01", 2), "四港 in shard %u = fnv1a(四) mod %zu", k, st->shards);
	free(got);
	free(chars);
	free(man);
	free(sh);
	for (i = 0; i < st->shards; i++) {
		snprintf(name, sizeof name, "public/search/s/%zu.js", i);
		same += same_file(dir, dir2, name);
	}
	is_int(same, st->shards, "the two builds write byte-identical shards");
	ok(same_file(dir, dir2, "public/search/manifest.js"), "and the same manifest");
	ok(st->chunks > 4 && st->chunks < st->entries / 20, "%zu text chunks", st->chunks);
	ok(same_file(dir, dir2, "public/search/t/4.js"), "and the same texts");
}

/* Write the entries e[0..n) as a site under dir/public on jobs threads;
 * stats in st. */
static int write_entries_jobs(const char *dir, const struct search_entry *e, size_t n,
			      struct search_stats *st, int jobs)
{
	struct search_index *ix = search_index_new();
	size_t i;

	search_index_set_jobs(ix, jobs);
	for (i = 0; i < n; i++)
		search_index_add(ix, &e[i]);
	return write_index(dir, ix, st);
}

/* write_entries for the entries of es, added as its items on 2 threads. */
static int write_items(const char *dir, struct entries *es, struct search_stats *st)
{
	struct search_index *ix = search_index_new();

	search_index_set_jobs(ix, 2);
	search_index_add_items(ix, es->nitems, add_item, es);
	return write_index(dir, ix, st);
}

static int write_entries(const char *dir, const struct search_entry *e, size_t n,
			 struct search_stats *st)
{
	return write_entries_jobs(dir, e, n, st, 1);
}

/* 4,000 entries of 40 keys 港X each (X one of 600 characters): 港's group
 * takes more bytes than a shard and is cut into parts, files of their own
 * (s/<code point>-<part>.js) listed in the manifest with the first key of
 * each part but the first; every key is in the part the list says and in
 * no other, none in the shard 港 hashes to; the same files on 1 and 3
 * threads. */
#define BIG_ENTRIES 4000
#define BIG_KEYS 600
static void check_parts(const char *dir, const char *dir2)
{
	struct search_entry *e = xcalloc(BIG_ENTRIES, sizeof *e);
	char **bodies = xcalloc(BIG_ENTRIES, sizeof *bodies), **parts = NULL;
	struct buf b = BUF_INIT, key = BUF_INIT;
	struct search_stats st, st2;
	char name[64], *man, *chars, *variants, *sh, *got, *k;
	const char *p;
	uint32_t bound[16];
	size_t i, j, nb = 0, found = 0, elsewhere = 0, same = 0;
	uint8_t enc[4];

	for (i = 0; i < BIG_ENTRIES; i++) {
		buf_reset(&b);
		for (j = 0; j < 40; j++) {
			buf_puts(&b, "港");
			buf_put(&b, enc,
				(size_t)utf8proc_encode_char(
				    (int32_t)(0x4F00 + (i * 7 + j * 13) % BIG_KEYS), enc));
			buf_puts(&b, "。");
		}
		bodies[i] = xstrdup(b.ptr);
		e[i] = (struct search_entry){
		    "b/x/index.html", "标题", NULL, NULL,	NULL,	   NULL, NULL,
		    bodies[i],	      "",     "",   "现行有效", "current", 0};
	}
	is_int(write_entries_jobs(dir, e, BIG_ENTRIES, &st, 1), 0, "%d entries written",
	       BIG_ENTRIES);
	is_int(write_entries_jobs(dir2, e, BIG_ENTRIES, &st2, 3), 0, "and again on 3 threads");
	man = slurp(dir, "public/search/manifest.js");
	chars = manifest_str(man, "chars");
	variants = manifest_str(man, "variants");
	p = man ? strstr(man, "\"parts\":{\"港\":[") : NULL;
	if (!ok(p && chars && variants, "港's group is cut into parts in the manifest"))
		goto out;
	for (p += strlen("\"parts\":{\"港\":["); *p != ']' && nb < 16; p += *p == ',')
		bound[nb++] = (uint32_t)strtoul(p, (char **)&p, 10);
	ok(nb >= 1 && nb < 8 && *p == ']', "%zu parts", nb + 1);
	parts = xcalloc(nb + 1, sizeof *parts);
	for (i = 0; i <= nb; i++) {
		snprintf(name, sizeof name, "public/search/s/%d-%zu.js", 0x6E2F, i);
		parts[i] = slurp(dir, name);
		same += same_file(dir, dir2, name);
	}
	snprintf(name, sizeof name, "public/search/s/%d-%zu.js", 0x6E2F, nb + 1);
	got = slurp(dir, name);
	ok(got == NULL, "no part beyond them");
	free(got);
	snprintf(name, sizeof name, "public/search/s/%u.js",
		 search_fnv1a("港", strlen("港")) & (uint32_t)(st.shards - 1));
	sh = slurp(dir, name);
	for (i = 0; i < BIG_KEYS; i++) {
		uint32_t v;
		size_t at = 0;

		buf_reset(&key);
		buf_puts(&key, "港");
		buf_put(&key, enc, (size_t)utf8proc_encode_char((int32_t)(0x4F00 + i), enc));
		k = apply_variants(variants, key.ptr); /* 來 is indexed as 来 */
		buf_set(&key, k, strlen(k));
		free(k);
		v = second_code_of(chars, key.ptr);
		while (at < nb && bound[at] <= v)
			at++;
		for (j = 0; j <= nb; j++) {
			/* huibianSearch.shard("<code point>-<part>","...") */
			got = parts[j] && strstr(parts[j], ",\"")
				  ? postings_of(strstr(parts[j], ",\""), chars, key.ptr)
				  : NULL;
			if (j == at)
				found += got != NULL;
			else
				elsewhere += got != NULL;
			free(got);
		}
		got = sh ? postings_of(sh, chars, key.ptr) : NULL;
		elsewhere += got != NULL;
		free(got);
	}
	is_int(found, BIG_KEYS, "every key 港X in the part the manifest says");
	is_int(elsewhere, 0, "and in no other file");
	is_int(same, nb + 1, "parts byte-identical on 1 and 3 threads");
	ok(same_file(dir, dir2, "public/search/manifest.js"), "and the manifest");
	for (i = 0, same = 0; i < st.shards; i++) {
		snprintf(name, sizeof name, "public/search/s/%zu.js", i);
		same += same_file(dir, dir2, name);
	}
	is_int(same, st.shards, "and the %zu shards", st.shards);
	free(sh);
	for (i = 0; i <= nb; i++)
		free(parts[i]);
out:
	free(parts);
	free(man);
	free(chars);
	free(variants);
	for (i = 0; i < BIG_ENTRIES; i++)
		free(bodies[i]);
	free(bodies);
	free(e);
	buf_release(&b);
	buf_release(&key);
}

/* A measure whose text is part of its document's is stored as a slice. */
static void check_slices(const char *dir)
{
	static const struct search_entry e[] = {
	    {"c/a/index.html", "关于数据要素的通知", NULL, "豫政〔2024〕1号", NULL, NULL, NULL,
	     "一、总体要求。\n二、培育数据要素市场𠀀，完善数据交易。\n三、保障措施。", "2024-01-01",
	     "省", "现行有效", "current", 0},
	    {"c/a/index.html#m-1", "培育数据要素市场", "关于数据要素的通知", NULL, NULL, "省数据局",
	     NULL, "二、培育数据要素市场𠀀，完善数据交易。", "2024-01-01", "省", "现行有效",
	     "current", 1},
	    {"c/a/index.html#m-2", "另起", "关于数据要素的通知", NULL, NULL, NULL, NULL,
	     "不在正文中的措施。", "2024-01-01", "省", "现行有效", "current", 1},
	};
	struct search_stats st;
	char *txt;

	is_int(write_entries(dir, e, 3, &st), 0, "document with two measures written");
	txt = slurp(dir, "public/search/t/0.js");
	/* 一、总体要求。\n = 8 UTF-16 units; 𠀀 counts 2 */
	ok(txt && strstr(txt, ",0,\"\",[8,28]]"), "measure 1: slice [8,28] of entry 0's body");
	ok(txt && strstr(txt, ",0,\"\",\"") && !strstr(txt, ",0,\"\",[8,28]],[\"另起\""),
	   "measure 2 (not in the body) has its own coded text");
	free(txt);
}

#define NITEMS 40 /* documents of check_items, each with a measure */

/* The entries of check_items: document k and its measure, a slice. */
static void item_entries(struct entries *es)
{
	struct buf b = BUF_INIT;
	size_t k;

	memset(es, 0, sizeof *es);
	es->n = 2 * NITEMS;
	es->e = xcalloc(es->n + 1, sizeof *es->e);
	es->bodies = xcalloc(es->n + 1, sizeof *es->bodies);
	es->item = xcalloc(NITEMS + 1, sizeof *es->item);
	for (k = 0; k < NITEMS; k++) {
		struct search_entry *d = &es->e[2 * k], *m = d + 1;

		buf_reset(&b);
		buf_printf(&b, "c/d%zu/index.html", k);
		es->bodies[2 * k] = buf_detach(&b, NULL);
		buf_printf(&b, "一、总则。\n二、第%zu条措施：支持数据要素市场。\n三、附则。", k);
		es->bodies[2 * k + 1] = buf_detach(&b, NULL);
		*d = (struct search_entry){es->bodies[2 * k],
					   "关于数据要素的通知",
					   NULL,
					   NULL,
					   NULL,
					   NULL,
					   NULL,
					   es->bodies[2 * k + 1],
					   "2024-01-01",
					   "省",
					   "现行有效",
					   "current",
					   0};
		*m = *d;
		m->is_measure = 1;
		m->url = "#m-1"; /* set below: the document's URL and #m-1 */
		m->doc_title = d->title;
		m->title = "支持数据要素市场";
		m->body = strstr(d->body, "二、");
		es->item[k] = 2 * k;
	}
	es->nitems = NITEMS;
	es->item[NITEMS] = es->n;
	buf_release(&b);
}

/* Entries added as items on 2 threads (search_index_add_items) make the
 * same files as added one by one, measures slices of their documents in
 * every part. */
static void check_items(const char *dir)
{
	struct search_stats st;
	struct entries es;
	char one[64], items[64], *urls[NITEMS], *txt;
	size_t k;
	int rc[2];

	item_entries(&es);
	for (k = 0; k < NITEMS; k++) { /* each measure's own URL */
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s#m-1", es.e[2 * k].url);
		es.e[2 * k + 1].url = urls[k] = buf_detach(&b, NULL);
	}
	snprintf(one, sizeof one, "%s/one", dir);
	snprintf(items, sizeof items, "%s/items", dir);
	rc[0] = write_entries(one, es.e, es.n, &st);
	rc[1] = write_items(items, &es, &st);
	ok(rc[0] == 0 && rc[1] == 0, "%d entries written one by one and as %d items on 2 threads",
	   NITEMS * 2, NITEMS);
	txt = slurp(items, "public/search/t/0.js");
	ok(txt && strstr(txt, ",78,\"\",[6,"), "the last measure is a slice of its document");
	free(txt);
	is_int(same_file(one, items, "public/search/manifest.js") +
		   same_file(one, items, "public/search/t/0.js") +
		   same_file(one, items, "public/search/s/0.js"),
	       3, "the same manifest, texts and shards");
	for (k = 0; k < NITEMS; k++)
		free(urls[k]);
	entries_free(&es);
}

/* The postings of a word key in shard sh, or NULL. */
static char *word_postings(const char *sh, const char *key)
{
	size_t klen = strlen(key);
	const char *g, *e;

	for (g = strchr(sh, '"'); g; g = strchr(g + 1, '|'))
		if (g[1] == key[0])
			break;
	for (e = g ? g + 2 : NULL; e && *e && *e != '|' && *e != '"'; e += strcspn(e, ",|\"")) {
		e += *e == ',';
		if (!strncmp(e, key + 1, klen - 1) && e[klen - 1] == ':')
			return xstrndup(e + klen, strcspn(e + klen, ",|\""));
	}
	return NULL;
}

struct shard_set {
	char *sh, *chars;
};

/* Every key of s: the same postings in a and b?  Counts the keys in *n. */
static int same_keys(struct searchtok *tok, const struct shard_set *a, const struct shard_set *b,
		     const char *s, size_t *n)
{
	struct buf keys = BUF_INIT;
	char *k, *save = NULL, *pa, *pb;
	int same = 1;

	searchtok_debug(tok, &keys, s);
	for (k = strtok_r(keys.ptr, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
		int word = (unsigned char)k[0] < 0x80;

		pa = word ? word_postings(a->sh, k) : postings_of(a->sh, a->chars, k);
		pb = word ? word_postings(b->sh, k) : postings_of(b->sh, b->chars, k);
		if (!pa || !pb || strcmp(pa, pb)) {
			printf("# %s: %s vs %s\n", k, pa ? pa : "-", pb ? pb : "-");
			same = 0;
		}
		(*n)++;
		free(pa);
		free(pb);
	}
	buf_release(&keys);
	return same;
}

/* The keys of measures that are slices of their document's body come from
 * the document's keys, but are those of their own text: every key has the
 * same postings as when the measures are indexed from their own text (no
 * parent).  Slices start and end inside CJK runs, words and space, and
 * next to characters that NFKC expands ("…" is "...", "Ⅱ" is "II"). */
#define NSLICES 17
static void check_slice_keys(const char *dir)
{
	static const char *const bodies[NSLICES] = {"要求abc…。二、培育数据要素市场，完善数据交",
						    "数据交易abc1",
						    "、培育数据",
						    "场，完",
						    "发展 服务Ⅱ",
						    "Ⅱ期。三",
						    "abc123，发展 服务Ⅱ期。三、保障措施。",
						    "…总",
						    "措施。",
						    "〔2024〕40号和",
						    "024〕40号和",
						    "〔2024〕40号和2023 15 号，",
						    "办〔2024〕40号",
						    "和2023 15 号",
						    "23 15 号，见",
						    "见GB/T 2024-7号",
						    "24〕40号和2023 15 号，"};
	static const char doc[] =
	    "一、总体要求abc…。二、培育数据要素市场，完善数据交易abc123，"
	    "发展 服务Ⅱ期。三、保障措施。…总之依据豫政办〔2024〕40号和2023 15 "
	    "号，见GB/T 2024-7号";
	struct search_entry e[NSLICES + 1];
	struct search_stats st;
	struct shard_set set[2];
	struct searchtok *tok = NULL;
	struct buf err = BUF_INIT;
	char *man;
	size_t i, n = 0;
	int pass, same;

	for (pass = 0; pass < 2; pass++) {
		e[0] = (struct search_entry){
		    "c/a/index.html", "通知", NULL,	  NULL,	     NULL, NULL, NULL, doc,
		    "2024-01-01",     "省",   "现行有效", "current", 0};
		for (i = 0; i < NSLICES; i++)
			e[i + 1] =
			    (struct search_entry){pass ? "c/x/index.html#m" : "c/a/index.html#m",
						  "措施",
						  NULL,
						  NULL,
						  NULL,
						  NULL,
						  NULL,
						  bodies[i],
						  "2024-01-01",
						  "省",
						  "现行有效",
						  "current",
						  1};
		is_int(write_entries(dir, e, NSLICES + 1, &st), 0,
		       "document and %d measures written (%s)", NSLICES,
		       pass ? "own texts" : "slices");
		set[pass].sh = slurp(dir, "public/search/s/0.js");
		man = slurp(dir, "public/search/manifest.js");
		set[pass].chars = manifest_str(man, "chars");
		free(man);
	}
	if (ok(set[0].sh && set[1].sh && set[0].chars && set[1].chars && st.shards == 1 &&
		   searchtok_open(&tok, &err) == 0,
	       "both indexes read")) {
		same = same_keys(tok, &set[0], &set[1], doc, &n);
		for (i = 0; i < NSLICES; i++)
			same &= same_keys(tok, &set[0], &set[1], bodies[i], &n);
		ok(same, "slices give the keys of their own text (%zu keys compared)", n);
	}
	for (pass = 0; pass < 2; pass++) {
		free(set[pass].sh);
		free(set[pass].chars);
	}
	searchtok_free(tok);
	buf_release(&err);
}

/* A body that repeats itself is stored with matches, and decodes to
 * itself (astral characters count two UTF-16 units). */
static void check_matches(const char *dir)
{
	static const char body[] =
	    "推进现代物流𠀀体系建设，完善基础设施。各地要推进现代物流𠀀体系建设，"
	    "完善基础设施，提升服务能力。推进现代物流𠀀体系建设。";
	const struct search_entry e[] = {{"c/b/index.html", "重复", NULL, NULL, NULL, NULL, NULL,
					  body, "2024-01-01", "省", "现行有效", "current", 0}};
	struct search_stats st;
	char *txt, *man, *chars, *pairs, *field, *plain;
	const char *p, *kp;

	is_int(write_entries(dir, e, 1, &st), 0, "repetitive document written");
	txt = slurp(dir, "public/search/t/0.js");
	man = slurp(dir, "public/search/manifest.js");
	chars = manifest_str(man, "chars");
	pairs = manifest_str(man, "pairs");
	kp = man ? strstr(man, "\"k\":") : NULL;
	p = txt ? strstr(txt, ",\"\",\"\",\"") : NULL; /* no doc_title, no number */
	if (ok(p && chars && pairs && kp, "coded body found")) {
		p += 8;
		field = json_string(&p);
		ok(strchr(field, '~') != NULL, "the repeats are matches (~)");
		plain = decode(field, chars, pairs, atoi(kp + 4));
		is_str(plain, body, "and the body decodes to itself");
		ok(strlen(field) < strlen(body) / 3, "coded in %zu bytes, a third of %zu",
		   strlen(field), strlen(body));
		free(field);
		free(plain);
	}
	free(txt);
	free(man);
	free(chars);
	free(pairs);
}

/* Each .md file of folder (front matter skipped) as one entry. */
static size_t real_entries(const char *folder, struct search_entry *e, char **bodies, char **names,
			   size_t max)
{
	DIR *dp = opendir(folder);
	struct dirent *de;
	size_t n = 0;

	while (dp && (de = readdir(dp)) && n < max) {
		char *src, *body;

		if (de->d_name[0] == '_' || !strstr(de->d_name, ".md"))
			continue;
		src = slurp(folder, de->d_name);
		body = src ? strstr(src + 3, "\n---\n") : NULL;
		if (!body) {
			free(src);
			continue;
		}
		bodies[n] = src;
		memset(&e[n], 0, sizeof e[n]);
		e[n].url = e[n].title = names[n] = xstrdup(de->d_name);
		e[n].body = body + 5;
		e[n].date = e[n].level = "";
		e[n].status_label = "现行有效";
		e[n].status_class = "current";
		n++;
	}
	if (dp)
		closedir(dp);
	return n;
}

/* The index of a real compilation is well under the size of its text. */
static void check_real_size(const char *dir)
{
	const char *top = getenv("HUIBIAN_TOP");
	struct buf folder = BUF_INIT;
	struct search_entry e[64];
	char *bodies[64], *names[64];
	struct search_stats st;
	size_t i, n, total;

	buf_printf(&folder, "%s/content/henan-gazette-2024-17", top ? top : "../..");
	n = real_entries(folder.ptr, e, bodies, names, 64);
	if (!ok(n >= 5, "%zu documents of %s", n, folder.ptr))
		goto out;
	is_int(write_entries(dir, e, n, &st), 0, "real compilation indexed");
	total = st.manifest_bytes + st.shard_bytes + st.store_bytes;
	ok(total * 10 < st.text_bytes * 9,
	   "index %zu bytes < 90%% of the text's %zu bytes (%.0f%%)", total, st.text_bytes,
	   100.0 * (double)total / (double)st.text_bytes);
	printf("# manifest %zu, shards %zu in %zu files, texts %zu in %zu chunks\n",
	       st.manifest_bytes, st.shard_bytes, st.shards, st.store_bytes, st.chunks);
	ok(st.store_bytes < st.text_bytes / 2, "texts stored in %zu bytes, under half the text",
	   st.store_bytes);
out:
	for (i = 0; i < n; i++) {
		free(bodies[i]);
		free(names[i]);
	}
	buf_release(&folder);
}

int main(void)
{
	char tmpl[] = "/tmp/test_search_index.XXXXXX", tmpl2[] = "/tmp/test_search_index.XXXXXX";
	char *dir = mkdtemp(tmpl), *dir2 = mkdtemp(tmpl2), *man, *sh;
	struct search_stats st;
	struct buf cmd = BUF_INIT;

	if (!dir || !dir2)
		skip_all("no temporary folder");
	is_int(
	    strlen(" !#$%'()*+,-./"
		   "0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"),
	    90, "90 symbols");
	is_int(write_site(dir, 0, &st, 0), 0, "tiny site written and committed");
	is_int(st.entries, 3, "3 entries");
	is_int(st.shards, 1, "1 shard");
	man = slurp(dir, "public/search/manifest.js");
	sh = slurp(dir, "public/search/s/0.js");
	check_manifest(man);
	check_shard(man, sh);
	check_traditional_query(man, sh);
	check_text(man, dir);
	ok(st.manifest_bytes == (man ? strlen(man) : 0), "stats count the manifest bytes");
	free(man);
	free(sh);
	if (getenv("KEEP"))
		return tap_done();
	is_int(write_site(dir, 3000, &st, 0), 0, "big site replaces the tiny one");
	is_int(write_site(dir2, 3000, &st, 1), 0,
	       "and again elsewhere, its entries added on 2 threads (search_index_add_items)");
	check_shards(dir, dir2, &st);
	check_slices(dir);
	check_items(dir);
	check_matches(dir);
	check_slice_keys(dir);
	check_parts(dir, dir2);
	check_real_size(dir2);
	buf_printf(&cmd, getenv("KEEP") ? "true %s %s" : "rm -rf '%s' '%s'", dir, dir2);
	ok(system(cmd.ptr) == 0, "clean up");
	buf_release(&cmd);
	return tap_done();
}
