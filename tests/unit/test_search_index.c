/* test_search_index.c - the search index written through output_* into a
 * temporary site: file layout and formats (manifest, shards, character-coded
 * texts, decoded here and compared with the input), determinism, sizes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "output.h"
#include "search.h"
#include "searchint.h"
#include "tap.h"

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
static int write_site(const char *dir, size_t extra, struct search_stats *st)
{
	struct search_index *ix = search_index_new();
	struct diag d = DIAG_INIT;
	struct output *o = NULL;
	struct buf pub = BUF_INIT, body = BUF_INIT;
	size_t i, j;
	int ret = -1;

	for (i = 0; i < sizeof corpus / sizeof corpus[0]; i++)
		search_index_add(ix, &corpus[i]);
	for (i = 0; i < extra; i++) { /* distinct bigrams to fill many shards */
		struct search_entry e = {"x/index.html", "合成",    NULL, NULL, NULL,
					 NULL,		 NULL,	    NULL, "",	"",
					 "现行有效",	 "current", 0};
		uint8_t enc[4];

		buf_reset(&body);
		for (j = 0; j < 40; j++)
			buf_put(&body, enc,
				(size_t)utf8proc_encode_char(
				    (int32_t)(0x4E00 + (i * 37 + j * 101) % 20000), enc));
		e.body = body.ptr;
		search_index_add(ix, &e);
	}
	buf_printf(&pub, "%s/public", dir);
	if (output_open(&o, pub.ptr, &d) == 0 && search_index_write(ix, o, "search", &d) == 0 &&
	    output_commit(o) == 0)
		ret = 0;
	search_index_stats(ix, st);
	diag_flush(&d, stdout);
	diag_release(&d);
	output_free(o);
	search_index_free(ix);
	buf_release(&pub);
	buf_release(&body);
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

/* Decode a character-coded string with the manifest's table. */
static char *decode(const char *coded, const char *chars, int k)
{
	static const char sym[] = " !#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`"
				  "abcdefghijklmnopqrstuvwxyz{|}~";
	int32_t table[9000];
	size_t n = 0, i = 0;
	struct buf out = BUF_INIT;
	uint8_t enc[4];

	while (chars[i] && n < 9000)
		i += (size_t)utf8proc_iterate((const uint8_t *)chars + i, -1, &table[n++]);
	for (i = 0; coded[i]; i++) {
		const char *p = strchr(sym, coded[i]);
		int idx;

		if (!p || (unsigned char)coded[i] >= 0x80) {
			buf_putc(&out, coded[i]);
			continue;
		}
		idx = (int)(p - sym);
		if (idx >= k)
			idx = k + (idx - k) * 90 + (int)(strchr(sym, coded[++i]) - sym);
		buf_put(&out, enc, (size_t)utf8proc_encode_char(table[idx], enc));
	}
	return buf_detach(&out, NULL);
}

static void check_manifest(const char *man)
{
	ok(man && !strncmp(man, "huibianSearch.manifest({\"v\":1,\"shards\":1,", 41),
	   "manifest calls the registration function, one shard for a tiny site");
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
	ok(strstr(man, "[\"demo/yzb-2024-40/index.html#m-1\",\"2024-07-25\",0,0,[1,2],[],1,") !=
	       NULL,
	   "measure row");
	ok(strstr(man, "[\"demo/old/index.html\",\"2021-01-01\",1,-1,[0],[],0,") != NULL,
	   "row without level");
	ok(strstr(man, "\"variants\":\"") && strstr(man, "辦办"), "variant table shipped");
	ok(!strchr(man, '<') && !strchr(man, '&'), "no raw < or & in the manifest");
}

/* Postings are pairs (entry id delta, tf << 1 | in title) of varints. */
static void check_shard(const char *sh)
{
	ok(sh && !strncmp(sh, "huibianSearch.shard(0,\"", 23), "shard 0 registers itself");
	if (!sh)
		return;
	ok(strstr(sh, "四:03,港:03|") != NULL, "group 四: unigram and 四港 once in doc 0's title");
	ok(strstr(sh, "|豫:0323,政:0323|") != NULL, "豫 and 豫政 in docs 0 and 2 (发文字号)");
	ok(strstr(sh, "|号:0523|") != NULL,
	   "号: doc 0 twice (文号 and 引号 in the body), doc 2 once");
	ok(strstr(sh, "|职:22,业:22|") != NULL, "職業 indexed as 职业 (variants) in doc 2's body");
	ok(strstr(sh, "\"2021:23,024:03,025:12|40:03,3:23|") != NULL,
	   "words 2021 2024 2025 (group 2), 40 and 43 (group 4)");
	ok(strstr(sh, "|海:12,关:12|") != NULL, "郑州海关 of the measure indexed");
	ok(strstr(sh, "|航:0519,空:0517") != NULL,
	   "航 in doc 0 (title, body) and 4 times in the measure");
}

static void check_text(const char *man, const char *dir)
{
	const char *p = man ? strstr(man, "\"chars\":\"") : NULL;
	const char *kp = man ? strstr(man, "\"k\":") : NULL;
	char *chars, *txt, *field, *plain;
	int i;

	if (!ok(p && kp, "manifest has the character table"))
		return;
	p += 9;
	chars = json_string(&p);
	txt = slurp(dir, "public/search/t/0.js");
	ok(txt && !strncmp(txt, "huibianSearch.text(0,[\"", 23), "text file of entry 0");
	p = txt ? txt + 23 : "";
	for (i = 0; i < 4 && *p; i++) {
		const char *want[] = {corpus[0].title, "", corpus[0].number, corpus[0].body};

		field = json_string(&p);
		plain = decode(field, chars, atoi(kp + 4));
		is_str(plain, want[i], "text field %d decodes to the input", i);
		free(field);
		free(plain);
		p += *p == ',' ? 2 : 0;
	}
	ok(txt && !strchr(txt, '<'), "no raw < in the text file");
	ok(txt && strlen(txt) < 23 + strlen(corpus[0].title) + strlen(corpus[0].body),
	   "coded text is smaller than UTF-8");
	free(chars);
	free(txt);
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
	char *sh;
	uint32_t k;
	size_t i, same = 0;

	ok(st->shards > 4, "%zu shards for %zu entries", st->shards, st->entries);
	k = search_fnv1a("四", strlen("四")) & (uint32_t)(st->shards - 1);
	snprintf(name, sizeof name, "public/search/s/%u.js", k);
	sh = slurp(dir, name);
	ok(sh && strstr(sh, "四:03") != NULL, "四港 in shard %u = fnv1a(四) mod %zu", k,
	   st->shards);
	free(sh);
	for (i = 0; i < st->shards; i++) {
		snprintf(name, sizeof name, "public/search/s/%zu.js", i);
		same += same_file(dir, dir2, name);
	}
	is_int(same, st->shards, "two builds write byte-identical shards");
	ok(same_file(dir, dir2, "public/search/manifest.js"), "and the same manifest");
	ok(same_file(dir, dir2, "public/search/t/100.js"), "and the same texts");
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
	is_int(write_site(dir, 0, &st), 0, "tiny site written and committed");
	is_int(st.entries, 3, "3 entries");
	is_int(st.shards, 1, "1 shard");
	man = slurp(dir, "public/search/manifest.js");
	sh = slurp(dir, "public/search/s/0.js");
	check_manifest(man);
	check_shard(sh);
	check_text(man, dir);
	ok(st.manifest_bytes == (man ? strlen(man) : 0), "stats count the manifest bytes");
	free(man);
	free(sh);
	if (getenv("KEEP"))
		return tap_done();
	is_int(write_site(dir, 3000, &st), 0, "big site replaces the tiny one");
	is_int(write_site(dir2, 3000, &st), 0, "and again elsewhere");
	check_shards(dir, dir2, &st);
	buf_printf(&cmd, getenv("KEEP") ? "true %s %s" : "rm -rf '%s' '%s'", dir, dir2);
	ok(system(cmd.ptr) == 0, "clean up");
	buf_release(&cmd);
	return tap_done();
}
