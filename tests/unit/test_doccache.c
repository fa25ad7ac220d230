/* Unit tests for doccache.c: what parse and extract made of a site's
 * documents is saved, and read back field for field (front matter and the
 * fields it fills, blob id, body line, plain text, headings, measures,
 * citations) into documents whose keys are unchanged; the body is read
 * when asked for, and only if the file still holds the same text; another
 * environment, other bytes or a renumbered cited document are not read
 * back; a damaged frame is refused; any byte of a saved file changed
 * (with the frame made right again, as a hostile file could) is read or
 * refused without a crash or a leak (the sanitizer build runs this too). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "doccache.h"
#include "markdown.h"
#include "memo.h"
#include "site.h"
#include "savedfile.h"
#include "tap.h"
#include "xalloc.h"

static const char *const texts[][2] = {
    {"demo/a.md", "---\ntitle: 关于支持企业技术改造的通知\nnumber: 豫财企〔2024〕5号\n"
		  "issuers:\n  - 河南省财政厅\n  - 河南省工业和信息化厅\nsigned: 2024-03-01\n"
		  "order: 2\nlevel: 省\n---\n"
		  "# 第一章 总则\n\n第一条 为支持企业技术改造，制定本通知。\n\n"
		  "一、对设备投资给予补助。\n"
		  "<!-- measure topics=\"技术改造，资金补贴\" depts=\"省财政厅、省工信厅\" "
		  "amount=\"最高500万元\" beneficiaries=\"工业企业\" deadline=\"2025-12-31\" "
		  "mode=\"申报\" -->\n\n"
		  "二、对人才给予奖励。\n<!-- measure topics=\"人才\" depts=\"省人社厅\" -->\n"},
    {"demo/b.md", "---\ntitle: 实施方案\nnumber: 豫工信〔2024〕9号\ntopics: 技术改造\n---\n"
		  "按照豫财企〔2024〕5号执行，《关于支持企业技术改造的通知》同时适用。\n\n"
		  "| 序号 | 事项 |\n| --- | --- |\n| 1 | 技改 |\n"},
    {"demo/c.md", "---\ntitle: 空文件\n---\n"},
};
#define NDOCS (sizeof(texts) / sizeof(texts[0]))

struct fixture {
	char dir[64], content[80], prefix[96];
	struct strlist paths;
	unsigned char hash[NDOCS][HASH_SIZE];
	const unsigned char *hashes[NDOCS];
	unsigned char env[HASH_SIZE];
	/* the caches of the builds of rounds(): kept until their sites are
	 * freed (the documents' plain texts point into their files) */
	struct doccache *keep[8];
	size_t nkeep;
};

/* Document i's file written with text (its hash remembered). */
static void write_doc(struct fixture *fx, size_t i, const char *text)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/%s", fx->content, texts[i][0]);
	put_file(path, text, strlen(text));
	hash_bytes(fx->hash[i], text, strlen(text));
}

static void fixture_init(struct fixture *fx)
{
	char sub[128];
	size_t i;

	memset(fx, 0, sizeof(*fx));
	strcpy(fx->dir, "/tmp/huibian-doccache-XXXXXX");
	if (!mkdtemp(fx->dir))
		abort();
	snprintf(fx->content, sizeof(fx->content), "%s/content", fx->dir);
	snprintf(sub, sizeof(sub), "%s/demo", fx->content);
	mkdir(fx->content, 0755);
	mkdir(sub, 0755);
	snprintf(fx->prefix, sizeof(fx->prefix), "%s/docs-x", fx->dir);
	for (i = 0; i < NDOCS; i++) {
		strlist_push(&fx->paths, texts[i][0]);
		write_doc(fx, i, texts[i][1]);
		fx->hashes[i] = fx->hash[i];
	}
	hash_bytes(fx->env, "env", 3);
}

static struct doccache *open_cache(const struct fixture *fx, const unsigned char *env)
{
	return doccache_new(fx->prefix, "/srv/public", env, fx->content, &fx->paths, fx->hashes);
}

/* The site of the documents: taken from x when it has them, else parsed
 * from their files; linked; then the extracts read back kept (x given)
 * and every other document extracted.  *made, *kept: documents parsed,
 * extracted from x. */
static struct site *make_site(const struct fixture *fx, struct doccache *x, size_t *made,
			      size_t *kept)
{
	struct site *s = xcalloc(1, sizeof(*s));
	struct diag d = DIAG_INIT;
	struct doc *doc;
	size_t i;

	s->content_dir = xstrdup(fx->content);
	*made = 0;
	for (i = 0; i < NDOCS; i++) {
		if ((doc = doccache_take(x, i)) != NULL)
			(*made)++;
		else if (doc_load(&doc, fx->content, texts[i][0], &d) < 0)
			abort();
		site_add_doc(s, doc);
	}
	if (site_link(s, &d) < 0)
		abort();
	*kept = doccache_extract(x, s);
	for (i = 0; i < NDOCS; i++)
		if (!doccache_hit(x, i))
			markdown_doc_site(s->docs[i], NULL, NULL, s, &d);
	diag_release(&d);
	return s;
}

/* A build with the cache: load, make the site, save.  Returns the site;
 * *made, *kept as make_site's. */
static struct site *build(struct fixture *fx, const unsigned char *env, size_t *made, size_t *kept)
{
	struct doccache *x = open_cache(fx, env);
	struct site *s;

	doccache_load(x, 2);
	s = make_site(fx, x, made, kept);
	if (doccache_save(x, 2) < 0 || fx->nkeep == sizeof(fx->keep) / sizeof(fx->keep[0]))
		abort();
	fx->keep[fx->nkeep++] = x; /* freed when the sites are */
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

/* The hash of m's text made where it was made or read back, as it is. */
static int same_text_hash(const struct measure *m)
{
	unsigned char h[HASH_SIZE];

	memo_text_hash(h, m->text, m->summary);
	return m->has_text_hash && !memcmp(h, m->text_hash, HASH_SIZE);
}

static int same_measure(const struct measure *a, const struct measure *b)
{
	return same_str(a->id, b->id) && same_list(&a->topics, &b->topics) &&
	       same_list(&a->depts, &b->depts) && same_str(a->amount, b->amount) &&
	       same_str(a->beneficiaries, b->beneficiaries) && same_str(a->mode, b->mode) &&
	       !date_cmp(a->deadline, b->deadline) && a->line == b->line && a->col == b->col &&
	       same_str(a->text, b->text) && same_str(a->summary, b->summary) &&
	       same_text_hash(a) && same_text_hash(b);
}

/* What parse fills (a sample of the front matter fields and the tree). */
static int same_parse(const struct doc *a, const struct doc *b)
{
	return same_str(a->title, b->title) && same_str(a->number, b->number) &&
	       same_str(a->level, b->level) && same_list(&a->issuers, &b->issuers) &&
	       same_list(&a->topics, &b->topics) && !date_cmp(a->signed_on, b->signed_on) &&
	       a->order == b->order && a->has_order == b->has_order &&
	       a->body_line == b->body_line && !memcmp(a->blob_id, b->blob_id, 20) &&
	       a->front->n == b->front->n &&
	       (!a->front->n || (a->front->key_line[0] == b->front->key_line[0] &&
				 a->front->items[0]->col == b->front->items[0]->col));
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

/* The round trip, the body read when asked, and the keys. */
static void rounds(struct fixture *fx)
{
	struct site *a, *b;
	struct diag d = DIAG_INIT;
	unsigned char other[HASH_SIZE];
	size_t made, kept, i, same = 0;
	char bad[160];

	a = build(fx, fx->env, &made, &kept);
	ok(made == 0 && kept == 0, "an empty cache: every document parsed and extracted");
	b = build(fx, fx->env, &made, &kept);
	ok(made == 3 && kept == 3, "the same files: all three parsed and extracted from the cache");
	for (i = 0; i < NDOCS; i++)
		same += (size_t)(same_parse(a->docs[i], b->docs[i]) &&
				 same_extract(a->docs[i], b->docs[i]));
	ok(same == NDOCS && a->docs[0]->nmeasures == 2 && a->docs[1]->ncites == 1,
	   "field for field: front matter, blob id, plain text, headings, measures (and the "
	   "hashes of their texts), citations");
	ok(!b->docs[0]->body && doc_body(b->docs[0], &d) == 0 &&
	       !strcmp(b->docs[0]->body, a->docs[0]->body) &&
	       b->docs[0]->body_len == a->docs[0]->body_len,
	   "the body is read when asked for, the same as parse read it");
	snprintf(bad, sizeof(bad), "%s/%s", fx->content, texts[1][0]);
	put_file(bad, "---\ntitle: x\n---\n", strlen("---\ntitle: x\n---\n"));
	ok(doc_body(b->docs[1], &d) < 0 && strstr(d.text.ptr, "changed while it was being built"),
	   "a file changed since: its body is refused with an error");
	write_doc(fx, 1, texts[1][1]);
	site_free(b);
	hash_bytes(other, "other", 5);
	b = build(fx, other, &made, &kept);
	ok(made == 0 && kept == 0, "another environment: nothing read back");
	site_free(b);
	b = build(fx, fx->env, &made, &kept);
	site_free(b);
	write_doc(fx, 1, "---\ntitle: 实施方案\nnumber: 豫工信〔2024〕9号\n---\n改写。\n");
	b = build(fx, fx->env, &made, &kept);
	ok(made == 2 && kept == 2, "one file changed: the two others read back (%zu, %zu)", made,
	   kept);
	site_free(b);
	write_doc(fx, 0,
		  "---\ntitle: 关于支持企业技术改造的通知\nnumber: 豫财企〔2024〕6号\n---\n");
	b = build(fx, fx->env, &made, &kept);
	ok(made == 2 && kept == 0,
	   "a cited document renumbered: the others parsed from the cache, none extracted");
	site_free(b);
	write_doc(fx, 0, texts[0][1]);
	write_doc(fx, 1, texts[1][1]);
	b = build(fx, fx->env, &made, &kept);
	site_free(b);
	site_free(a);
	for (i = 0; i < fx->nkeep; i++)
		doccache_free(fx->keep[i]);
	fx->nkeep = 0;
	diag_release(&d);
}

/* Load the cache and make the site from it: how many were parsed from it. */
static size_t load_count(const struct fixture *fx)
{
	struct doccache *x = open_cache(fx, fx->env);
	struct site *s;
	size_t made, kept;

	doccache_load(x, 2);
	s = make_site(fx, x, &made, &kept);
	site_free(s);
	doccache_free(x);
	return made + kept;
}

static size_t load_fx(void *ctx)
{
	return load_count(ctx);
}

/* The saved files in dir (malloc'ed paths, NULL-terminated). */
static char **saved_files(const char *dir, size_t *n)
{
	char **v = xcalloc(DOCCACHE_FILES + 1, sizeof(*v));
	struct dirent *de;
	DIR *dp = opendir(dir);

	*n = 0;
	while (dp && (de = readdir(dp)) != NULL && *n < DOCCACHE_FILES)
		if (!strncmp(de->d_name, "docs-", 5)) {
			v[*n] = xmalloc(strlen(dir) + strlen(de->d_name) + 2);
			sprintf(v[(*n)++], "%s/%s", dir, de->d_name);
		}
	if (dp)
		closedir(dp);
	return v;
}

int main(void)
{
	struct fixture fx;
	struct buf data = BUF_INIT;
	size_t nfiles = 0, i, tried = 0, filled = 0;
	char **files, cmd[128];

	markdown_init();
	fixture_init(&fx);
	rounds(&fx);
	files = saved_files(fx.dir, &nfiles);
	ok(nfiles >= 1 && nfiles <= NDOCS, "%zu files for %zu documents", nfiles, NDOCS);
	is_int((int)load_count(&fx), 6, "the files as saved: all read back");
	get_file(&data, files[0]);
	data.ptr[data.len / 2] ^= 1;
	put_file(files[0], data.ptr, data.len);
	ok(load_count(&fx) < 6, "one bit changed: the frame refuses that file");
	data.ptr[data.len / 2] ^= 1;
	put_file(files[0], data.ptr, data.len);
	for (i = 0; i < nfiles; i++) {
		get_file(&data, files[i]);
		filled += mutate_saved(files[i], &data, load_fx, &fx, &tried);
	}
	ok(tried > 1000 && filled < tried * 6,
	   "every byte changed, frame made right: %zu loads, %zu documents read back, no crash",
	   tried, filled);
	is_int((int)load_count(&fx), 6, "the files restored: all read back again");
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	buf_release(&data);
	strlist_release(&fx.paths);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx.dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
