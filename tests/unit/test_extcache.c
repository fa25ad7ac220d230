/* Unit tests for extcache.c: what extract made of a site's documents is
 * saved and read back field for field into documents with the same keys;
 * another key (environment, text, a cited document's number) is not read;
 * a damaged frame is refused; any byte of a saved file changed (with the
 * frame made right again, as a hostile file could) is read or refused
 * without a crash or a leak (the sanitizer build runs this too). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "extcache.h"
#include "markdown.h"
#include "site.h"
#include "tap.h"
#include "xalloc.h"

static const char *const texts[][2] = {
    {"demo/a.md", "---\ntitle: 关于支持企业技术改造的通知\nnumber: 豫财企〔2024〕5号\n---\n"
		  "# 第一章 总则\n\n第一条 为支持企业技术改造，制定本通知。\n\n"
		  "一、对设备投资给予补助。\n"
		  "<!-- measure topics=\"技术改造，资金补贴\" depts=\"省财政厅、省工信厅\" "
		  "amount=\"最高500万元\" beneficiaries=\"工业企业\" deadline=\"2025-12-31\" "
		  "mode=\"申报\" -->\n\n"
		  "二、对人才给予奖励。\n<!-- measure topics=\"人才\" depts=\"省人社厅\" -->\n"},
    {"demo/b.md", "---\ntitle: 实施方案\nnumber: 豫工信〔2024〕9号\n---\n"
		  "按照豫财企〔2024〕5号执行，《关于支持企业技术改造的通知》同时适用。\n\n"
		  "| 序号 | 事项 |\n| --- | --- |\n| 1 | 技改 |\n"},
    {"demo/c.md", "---\ntitle: 空文件\n---\n"},
};
#define NDOCS (sizeof(texts) / sizeof(texts[0]))

/* A site of the documents above (linked); extracted when extract is set.
 * Each document's blob id is made from its index and seed; number_a (not
 * NULL) replaces the 发文字号 of demo/a.md. */
static struct site *make_site(int extract, const char *number_a, unsigned char seed)
{
	struct site *s = xcalloc(1, sizeof(*s));
	struct diag d = DIAG_INIT;
	struct buf text = BUF_INIT;
	struct doc *doc;
	size_t i;

	s->content_dir = xstrdup("content");
	for (i = 0; i < NDOCS; i++) {
		buf_reset(&text);
		buf_puts(&text, texts[i][1]);
		if (i == 0 && number_a) {
			buf_reset(&text);
			buf_printf(&text,
				   "---\ntitle: 关于支持企业技术改造的通知\nnumber: %s\n---\n%s",
				   number_a, strstr(texts[0][1], "\n---\n") + 5);
		}
		if (doc_parse(&doc, texts[i][0], texts[i][0], text.ptr, text.len, &d) < 0)
			abort();
		memset(doc->blob_id, (int)(i + seed), sizeof(doc->blob_id));
		doc->has_blob_id = 1;
		site_add_doc(s, doc);
	}
	if (site_link(s, &d) < 0)
		abort();
	for (i = 0; extract && i < NDOCS; i++)
		markdown_doc_site(s->docs[i], NULL, NULL, s, &d);
	buf_release(&text);
	diag_release(&d);
	return s;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int same_list(const struct strlist *a, const struct strlist *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (!same_str(a->v[i], b->v[i]))
			return 0;
	return 1;
}

static int same_measure(const struct measure *a, const struct measure *b)
{
	return same_str(a->id, b->id) && same_list(&a->topics, &b->topics) &&
	       same_list(&a->depts, &b->depts) && same_str(a->amount, b->amount) &&
	       same_str(a->beneficiaries, b->beneficiaries) && same_str(a->mode, b->mode) &&
	       !date_cmp(a->deadline, b->deadline) && a->line == b->line && a->col == b->col &&
	       same_str(a->text, b->text) && same_str(a->summary, b->summary);
}

/* Every field extract fills but html, the cited documents by slug. */
static int same_extract(const struct doc *a, const struct doc *b)
{
	size_t j;

	if (!same_str(a->plain, b->plain) || a->ntoc != b->ntoc || a->nmeasures != b->nmeasures ||
	    a->ncites != b->ncites)
		return 0;
	for (j = 0; j < a->ntoc; j++)
		if (a->toc[j].level != b->toc[j].level ||
		    !same_str(a->toc[j].anchor, b->toc[j].anchor) ||
		    !same_str(a->toc[j].text, b->toc[j].text))
			return 0;
	for (j = 0; j < a->nmeasures; j++)
		if (!same_measure(&a->measures[j], &b->measures[j]))
			return 0;
	for (j = 0; j < a->ncites; j++)
		if (strcmp(a->cites[j]->slug, b->cites[j]->slug))
			return 0;
	return 1;
}

/* Load the cache of prefix for s under env: the documents filled. */
static size_t load(struct site *s, const char *prefix, const unsigned char env[HASH_SIZE])
{
	struct extcache *x = extcache_new(prefix, "/srv/public", env, s);
	size_t n = extcache_load(x, 2);

	extcache_free(x);
	return n;
}

static void unload(struct site *s)
{
	size_t i;

	for (i = 0; i < s->ndocs; i++)
		doc_release_extract(s->docs[i]);
}

static int put_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	int rc = fp && fwrite(data, 1, len, fp) == len ? 0 : -1;

	if (fp && fclose(fp) != 0)
		rc = -1;
	return rc;
}

static int get_file(struct buf *out, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	buf_reset(out);
	if (!fp)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(out, chunk, n);
	fclose(fp);
	return 0;
}

/* data with its "end <hash>" line made right for the body it now has. */
static void reframe(struct buf *data)
{
	unsigned char sum[HASH_SIZE];
	char hex[HASH_HEX_SIZE];
	const char *nl = memchr(data->ptr, '\n', data->len);
	size_t body = (size_t)(nl - data->ptr) + 1, end = data->len - (4 + 2 * HASH_SIZE + 1);

	hash_bytes(sum, data->ptr + body, end - body);
	hash_hex(hex, sum);
	memcpy(data->ptr + end + 4, hex, 2 * HASH_SIZE);
}

/* Every byte of the body of file changed to each of a few bytes, the frame
 * made right, loaded into s: adds the loads tried and documents filled. */
static void mutate_file(const char *file, struct site *s, const char *prefix,
			const unsigned char env[HASH_SIZE], size_t *tried, size_t *filled)
{
	static const char repl[] = {'0', '9', ' ', '\n', ':', '-', 'A', '\0', (char)0xFF};
	struct buf good = BUF_INIT, data = BUF_INIT;
	const char *nl;
	size_t p, r, body, end;

	get_file(&good, file);
	nl = memchr(good.ptr, '\n', good.len);
	body = (size_t)(nl - good.ptr) + 1;
	end = good.len - (4 + 2 * HASH_SIZE + 1);
	for (p = body; p < end; p++)
		for (r = 0; r < sizeof(repl); r++) {
			if (good.ptr[p] == repl[r])
				continue;
			buf_reset(&data);
			buf_put(&data, good.ptr, good.len);
			data.ptr[p] = repl[r];
			reframe(&data);
			put_file(file, data.ptr, data.len);
			(*tried)++;
			*filled += load(s, prefix, env);
			unload(s);
		}
	put_file(file, good.ptr, good.len);
	buf_release(&good);
	buf_release(&data);
}

/* The saved files in dir (malloc'ed paths, NULL-terminated). */
static char **saved_files(const char *dir, size_t *n)
{
	char **v = xcalloc(EXTCACHE_FILES + 1, sizeof(*v));
	struct dirent *de;
	DIR *dp = opendir(dir);

	*n = 0;
	while (dp && (de = readdir(dp)) != NULL && *n < EXTCACHE_FILES)
		if (!strncmp(de->d_name, "extract-", 8)) {
			v[*n] = xmalloc(strlen(dir) + strlen(de->d_name) + 2);
			sprintf(v[(*n)++], "%s/%s", dir, de->d_name);
		}
	if (dp)
		closedir(dp);
	return v;
}

static void rounds(const char *prefix, const unsigned char env[HASH_SIZE])
{
	struct site *s = make_site(1, NULL, 1), *t = make_site(0, NULL, 1);
	unsigned char other[HASH_SIZE];
	struct extcache *x = extcache_new(prefix, "/srv/public", env, s);
	size_t i, same = 0;

	is_int((int)extcache_load(x, 2), 0, "an empty cache fills nothing");
	is_int(extcache_save(x, 2), 0, "the extracts are saved");
	extcache_free(x);
	is_int((int)load(t, prefix, env), 3, "the same documents: all three read back");
	for (i = 0; i < NDOCS; i++)
		same += (size_t)same_extract(s->docs[i], t->docs[i]);
	ok(same == NDOCS && s->docs[0]->nmeasures == 2 && s->docs[1]->ncites == 1,
	   "field for field: plain text, headings, measures, citations");
	site_free(t);
	hash_bytes(other, "other", 5);
	t = make_site(0, NULL, 1);
	is_int((int)load(t, prefix, other), 0, "another environment: nothing read back");
	site_free(t);
	t = make_site(0, NULL, 7);
	is_int((int)load(t, prefix, env), 0, "other blob ids: nothing read back");
	site_free(t);
	t = make_site(0, NULL, 1);
	t->docs[1]->blob_id[0] ^= 0xFF;
	is_int((int)load(t, prefix, env), 2, "one text changed: the two others read back");
	site_free(t);
	t = make_site(0, "豫财企〔2024〕6号", 1);
	is_int((int)load(t, prefix, env), 0, "a document renumbered: nothing read back");
	site_free(t);
	site_free(s);
}

int main(void)
{
	char dir[] = "/tmp/huibian-extcache-XXXXXX", prefix[64];
	unsigned char env[HASH_SIZE];
	struct buf data = BUF_INIT;
	struct site *t;
	size_t nfiles = 0, i, tried = 0, filled = 0;
	char **files;

	markdown_init();
	if (!mkdtemp(dir))
		return 1;
	snprintf(prefix, sizeof(prefix), "%s/extract-x", dir);
	hash_bytes(env, "env", 3);
	rounds(prefix, env);
	files = saved_files(dir, &nfiles);
	ok(nfiles >= 1 && nfiles <= NDOCS, "%zu files for %zu documents", nfiles, NDOCS);
	t = make_site(0, NULL, 1);
	get_file(&data, files[0]);
	data.ptr[data.len / 2] ^= 1;
	put_file(files[0], data.ptr, data.len);
	ok(load(t, prefix, env) < NDOCS, "one bit changed: the frame refuses that file");
	unload(t);
	data.ptr[data.len / 2] ^= 1;
	put_file(files[0], data.ptr, data.len);
	for (i = 0; i < nfiles; i++)
		mutate_file(files[i], t, prefix, env, &tried, &filled);
	ok(tried > 1000 && filled < tried * NDOCS,
	   "every byte changed, frame made right: %zu loads, %zu documents filled, no crash", tried,
	   filled);
	is_int((int)load(t, prefix, env), 3, "the files restored read back again");
	site_free(t);
	for (i = 0; i < nfiles; i++) {
		remove(files[i]);
		free(files[i]);
	}
	free(files);
	buf_release(&data);
	rmdir(dir);
	return tap_done();
}
