/* Unit tests for history.c: a repository built with libgit2 in a temporary
 * folder (content folder one level below the top), fixed author and dates. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history.h"
#include "tap.h"

#define T0 1700000000LL

static char top[256], content[300];

static void write_file(const char *rel, const char *text)
{
	char path[600], *p;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	for (p = strchr(path + strlen(top) + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		printf("# cannot write %s\n", path);
}

static void remove_file(const char *rel)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	unlink(path);
}

/* Commit the whole work tree with parents (HEAD moves when update is
 * set); author 测试者, time T0 + hours * 3600 at UTC+8. */
static git_oid commit(git_repository *repo, const char *msg, int hours, const git_oid *parents,
		      size_t np, int update)
{
	git_index *idx = NULL;
	git_oid tree_id, id;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_commit *pc[2] = {NULL, NULL};
	size_t k;

	memset(&id, 0, sizeof(id));
	git_repository_index(&idx, repo);
	git_index_add_all(idx, NULL, 0, NULL, NULL);
	git_index_update_all(idx, NULL, NULL, NULL);
	git_index_write(idx);
	git_index_write_tree(&tree_id, idx);
	git_tree_lookup(&tree, repo, &tree_id);
	git_signature_new(&sig, "测试者", "tester@example.org", T0 + hours * 3600LL, 480);
	for (k = 0; k < np; k++)
		git_commit_lookup(&pc[k], repo, &parents[k]);
	if (git_commit_create(&id, repo, update ? "HEAD" : NULL, sig, sig, NULL, msg, tree, np,
			      (const git_commit **)pc) < 0)
		printf("# commit failed: %s\n", git_error_last()->message);
	for (k = 0; k < np; k++)
		git_commit_free(pc[k]);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(idx);
	return id;
}

static const char *A1 = "第一条 为了规范管理，制定本办法。\n\n第二条 本办法适用于本市。\n";
static const char *A2 = "第一条 为了规范管理，制定本办法。\n\n第二条 本办法适用于本市行政区域。\n";
static const char *A3 = "第一条 为了规范管理，制定本办法。\n\n第二条 本办法适用于本市行政区域。\n\n"
			"市财政部门负责经费保障。\n";

/* The statuses of a document's versions as a string, e.g. "RMMA". */
static const char *statuses(const struct history_doc *doc)
{
	static char s[32];
	size_t i;

	for (i = 0; doc && i < doc->n && i < sizeof(s) - 1; i++)
		s[i] = doc->v[i].status;
	s[doc ? (doc->n < sizeof(s) ? doc->n : sizeof(s) - 1) : 0] = '\0';
	return s;
}

static void check_linear(git_oid c[5])
{
	struct history *h = NULL;
	struct diag d = DIAG_INIT;
	const struct history_doc *doc;
	struct buf b = BUF_INIT;
	char id[GIT_OID_HEXSZ + 1];

	is_int(history_load(&h, content, HISTORY_FIRST_PARENT, &d), 0, "load: returns 0");
	if (!h)
		return;
	ok(h->why == HISTORY_LOADED && !h->shallow, "load: loaded, not shallow");
	is_str(h->prefix, "content/", "load: content folder relative to the work tree");
	is_int(h->ndocs, 2, "two documents (files outside content/ and non-.md ignored)");
	ok(h->ndocs == 2 && strcmp(h->docs[0].path, "demo/b.md") == 0 &&
	       strcmp(h->docs[1].path, "demo/rules.md") == 0,
	   "documents sorted by content-relative path, renamed one under its new name");
	doc = history_find(h, "demo/rules.md");
	is_str(statuses(doc), "RMMA", "renamed document: versions newest first across the rename");
	ok(history_find(h, "demo/a.md") == NULL, "the old name is not a document of its own");
	if (doc && doc->n == 4) {
		is_str(doc->v[0].path, "content/demo/rules.md", "version path at the rename");
		is_str(doc->v[3].path, "content/demo/a.md", "version path before the rename");
		git_oid_tostr(id, sizeof(id), &c[1]);
		is_str(doc->v[2].id, id, "second version is commit 2");
		ok(strncmp(doc->v[2].short_id, id, 7) == 0 && strlen(doc->v[2].short_id) == 7,
		   "short id");
		is_str(doc->v[2].summary, "修改第二条 <b>\xef\xbf\xbd",
		       "summary: HTML kept, invalid UTF-8 → U+FFFD");
		is_str(doc->v[2].author, "测试者", "author");
		ok(doc->v[2].time == T0 + 3600 && doc->v[2].offset_minutes == 480,
		   "author time and offset");
		ok(history_read_blob(&b, h, &doc->v[2]) == 0 && strcmp(b.ptr, A2) == 0,
		   "blob of version 2");
		buf_reset(&b);
		ok(history_read_blob(&b, h, &doc->v[0]) == 0 && strcmp(b.ptr, A3) == 0,
		   "blob after rename");
		buf_reset(&b);
		ok(history_read_blob(&b, h, &doc->v[3]) == 0 && strcmp(b.ptr, A1) == 0,
		   "first blob");
		ok(!doc->deleted, "not deleted");
	}
	doc = history_find(h, "demo/b.md");
	is_str(statuses(doc), "DA", "deleted document keeps its versions");
	ok(doc && doc->deleted, "deleted flag");
	buf_reset(&b);
	ok(doc && doc->n == 2 && history_read_blob(&b, h, &doc->v[0]) == 0 &&
	       strcmp(b.ptr, "第一条 乙。\n") == 0,
	   "deletion version reads the deleted content");
	is_int(h->ncommits, 4, "commits list: only commits touching documents");
	if (h->ncommits == 4) {
		const struct history_commit *k = &h->commits[0];
		ok(k->nchanged == 1 && strcmp(k->changed[0], "demo/rules.md") == 0 &&
		       k->changed_from[0] && strcmp(k->changed_from[0], "demo/a.md") == 0 &&
		       k->nadded == 0 && k->nremoved == 0,
		   "commit 4: rename listed as changed with its old path");
		k = &h->commits[1];
		ok(k->nchanged == 1 && strcmp(k->changed[0], "demo/a.md") == 0 &&
		       !k->changed_from[0] && k->nremoved == 1 &&
		       strcmp(k->removed[0], "demo/b.md") == 0,
		   "commit 3: changed and removed");
		k = &h->commits[3];
		ok(k->nadded == 2 && strcmp(k->added[0], "demo/a.md") == 0 &&
		       strcmp(k->added[1], "demo/b.md") == 0 && strcmp(k->summary, "添加办法") == 0,
		   "commit 1: both added, summary");
		ok(h->commits[0].time > h->commits[1].time, "commits newest first");
	}
	is_int(history_is_modified(h, "demo/rules.md"), 0, "work tree file equals HEAD");
	write_file("content/demo/rules.md", "第一条 已修改。\n");
	is_int(history_is_modified(h, "demo/rules.md"), 1, "edited work tree file is modified");
	write_file("content/demo/rules.md", A3);
	write_file("content/demo/new.md", "新文件\n");
	is_int(history_is_modified(h, "demo/new.md"), 1, "untracked file counts as modified");
	remove_file("content/demo/new.md");
	is_int(history_is_modified(h, "demo/none.md"), 0, "absent everywhere: not modified");
	ok(d.errors == 0, "no diagnostics");
	buf_release(&b);
	diag_release(&d);
	history_free(h);
}

/* history_is_modified compares as git does, with the filters: a CRLF
 * checkout of an LF blob (core.autocrlf) is not a modification. */
static void check_crlf(git_repository *repo)
{
	struct history *h = NULL;
	struct diag d = DIAG_INIT;
	git_config *cfg = NULL;
	const char *crlf =
	    "第一条 为了规范管理，制定本办法。\r\n\r\n第二条 本办法适用于本市行政区域。\r\n\r\n"
	    "市财政部门负责经费保障。\r\n";

	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_bool(cfg, "core.autocrlf", 1) < 0)
		printf("# cannot set core.autocrlf\n");
	write_file("content/demo/rules.md", crlf);
	history_load(&h, content, HISTORY_FIRST_PARENT, &d);
	is_int(history_is_modified(h, "demo/rules.md"), 0,
	       "CRLF checkout with core.autocrlf: not modified");
	write_file("content/demo/rules.md", "第一条 已修改。\r\n");
	is_int(history_is_modified(h, "demo/rules.md"), 1, "CRLF file with other text: modified");
	history_free(h);
	git_config_delete_entry(cfg, "core.autocrlf");
	git_config_free(cfg);
	write_file("content/demo/rules.md", A3);
	diag_release(&d);
}

static void check_top_and_config(void)
{
	struct history *h = NULL;
	struct diag d = DIAG_INIT;
	char broken[400];

	/* A broken global configuration must not be read. */
	snprintf(broken, sizeof(broken), "%s/.home", top);
	mkdir(broken, 0755);
	write_file(".home/.gitconfig", "[broken\n");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, broken);
	ok(history_load(&h, top, HISTORY_FIRST_PARENT, &d) == 0 && h && h->why == HISTORY_LOADED,
	   "global configuration is not read (a broken one does not matter)");
	remove_file(".home/.gitconfig");
	rmdir(broken);
	if (h) {
		is_str(h->prefix, "", "content folder at the top: empty prefix");
		ok(history_find(h, "content/demo/rules.md") && history_find(h, "other/readme.md"),
		   "content at the top: all *.md files of the repository");
	}
	history_free(h);
	diag_release(&d);
}

static void check_merge(git_repository *repo, git_oid base, git_oid *out_merge, git_oid *out_main1,
			git_oid *out_side)
{
	struct history *h = NULL;
	struct diag d = DIAG_INIT;
	git_oid side, main1, merge;
	char sid[GIT_OID_HEXSZ + 1], mid[GIT_OID_HEXSZ + 1];
	const struct history_doc *doc;

	write_file("content/demo/rules.md", "第一条 旁支修改。\n");
	side = commit(repo, "旁支修改", 10, &base, 1, 0);
	write_file("content/demo/rules.md", A3);
	write_file("content/demo/c.md", "第一条 丙。\n");
	main1 = commit(repo, "主线新增", 11, &base, 1, 1);
	write_file("content/demo/rules.md", "第一条 旁支修改。\n");
	merge = commit(repo, "合并旁支", 12, (git_oid[]){main1, side}, 2, 1);
	*out_merge = merge;
	*out_main1 = main1;
	*out_side = side;
	git_oid_tostr(sid, sizeof(sid), &side);
	git_oid_tostr(mid, sizeof(mid), &merge);

	history_load(&h, content, HISTORY_FIRST_PARENT, &d);
	doc = history_find(h, "demo/rules.md");
	is_str(statuses(doc), "MRMMA", "first-parent: the merge brings the side change");
	ok(doc && doc->n == 5 && strcmp(doc->v[0].id, mid) == 0,
	   "first-parent: version is the merge");
	is_int(h ? h->ncommits : 0, 6, "first-parent: side commit not walked");
	history_free(h);

	history_load(&h, content, HISTORY_ALL, &d);
	doc = history_find(h, "demo/rules.md");
	is_str(statuses(doc), "MRMMA", "all: one version for the side change");
	ok(doc && doc->n == 5 && strcmp(doc->v[0].id, sid) == 0, "all: version is the side commit");
	doc = history_find(h, "demo/c.md");
	is_str(statuses(doc), "A", "all: main-line addition not repeated by the merge");
	is_int(h ? h->ncommits : 0, 6, "all: merge touching nothing new is not listed");
	history_free(h);
	diag_release(&d);
}

/* The shallow file of the test repository lists ids (NULL: removed). */
static void set_shallow(const git_oid *ids, size_t n)
{
	char path[600], hex[GIT_OID_HEXSZ + 1];
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "%s/.git/shallow", top);
	if (!ids) {
		unlink(path);
		return;
	}
	f = fopen(path, "w");
	for (i = 0; f && i < n; i++)
		fprintf(f, "%s\n", git_oid_tostr(hex, sizeof(hex), &ids[i]));
	if (!f || fclose(f) != 0)
		printf("# cannot write %s\n", path);
}

/* A shallow clone: the commits of the shallow file are walked as roots
 * even though (here) their parents exist. */
static void check_shallow(const git_oid *merge, const git_oid *main1, const git_oid *side)
{
	struct history *h = NULL;
	struct diag d = DIAG_INIT;
	const struct history_doc *doc;
	char id[GIT_OID_HEXSZ + 1];

	set_shallow(main1, 1);
	ok(history_load(&h, content, HISTORY_FIRST_PARENT, &d) == 0 && h && h->shallow,
	   "shallow: loads, marked shallow");
	doc = history_find(h, "demo/rules.md");
	is_str(statuses(doc), "MB",
	       "shallow first-parent: the boundary has the oldest known version");
	git_oid_tostr(id, sizeof(id), main1);
	ok(doc && doc->n == 2 && !strcmp(doc->v[1].id, id), "shallow: 'B' at the boundary commit");
	is_str(statuses(history_find(h, "demo/c.md")), "B", "shallow: added before: not 'A'");
	ok(!history_find(h, "demo/b.md"), "shallow: deleted before the boundary: unknown");
	ok(h && h->ncommits == 2 && !h->commits[0].boundary && h->commits[1].boundary &&
	       h->commits[1].nadded + h->commits[1].nchanged + h->commits[1].nremoved == 0 &&
	       !strcmp(h->commits[1].id, id),
	   "shallow: the boundary commit is listed, flagged, with no documents");
	history_free(h);

	history_load(&h, content, HISTORY_ALL, &d);
	doc = history_find(h, "demo/rules.md");
	is_str(statuses(doc), "BMRMMA", "shallow all: the side branch goes on past the boundary");
	git_oid_tostr(id, sizeof(id), side);
	ok(doc && doc->n == 6 && !strcmp(doc->v[1].id, id), "shallow all: side commit after main");
	is_int(h ? h->ncommits : 0, 6, "shallow all: commits listed");
	history_free(h);

	set_shallow(merge, 1);
	history_load(&h, content, HISTORY_FIRST_PARENT, &d);
	is_str(statuses(history_find(h, "demo/rules.md")), "B", "shallow at HEAD: one version");
	ok(h && h->ncommits == 1 && h->commits[0].boundary, "shallow at HEAD: one boundary commit");
	history_free(h);
	set_shallow(NULL, 0);
	ok(d.errors == 0, "shallow: no diagnostics");
	diag_release(&d);
}

static void check_no_repo(void)
{
	struct history *h = NULL;
	struct diag d = DIAG_INIT;
	char dir[] = "/tmp/huibian-norepo.XXXXXX";

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	ok(history_load(&h, dir, HISTORY_FIRST_PARENT, &d) == 0 && h && h->why == HISTORY_NO_REPO &&
	       h->ndocs == 0 && h->ncommits == 0 && d.errors == 0,
	   "not a repository: empty history, not an error");
	ok(history_find(h, "a.md") == NULL && history_is_modified(h, "a.md") == 0,
	   "not a repository: nothing found, nothing modified");
	history_free(h);
	rmdir(dir);
	ok(history_load(&h, content, HISTORY_NONE, &d) == 0 && h && h->why == HISTORY_DISABLED &&
	       h->ndocs == 0,
	   "mode none: empty history");
	history_free(h);
	ok(history_load(&h, "/nonexistent/huibian", HISTORY_ALL, &d) < 0 && !h && d.errors == 1,
	   "missing content folder: error");
	history_free(NULL);
	diag_release(&d);
}

int main(void)
{
	git_repository *repo = NULL;
	git_oid c[6], m[3];
	char cmd[400];

	git_libgit2_init();
	snprintf(top, sizeof(top), "/tmp/huibian-history.XXXXXX");
	if (!mkdtemp(top))
		skip_all("no temporary folder");
	snprintf(content, sizeof(content), "%s/content", top);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
	if (git_repository_init(&repo, top, 0) < 0)
		skip_all("cannot create a repository");
	write_file("content/demo/a.md", A1);
	write_file("content/demo/b.md", "第一条 乙。\n");
	write_file("content/img.txt", "not a document\n");
	write_file("other/readme.md", "outside\n");
	c[0] = commit(repo, "添加办法", 0, NULL, 0, 1);
	write_file("content/demo/a.md", A2);
	c[1] = commit(repo, "修改第二条 <b>\xff", 1, &c[0], 1, 1);
	write_file("content/demo/a.md", A3);
	remove_file("content/demo/b.md");
	c[2] = commit(repo, "增加一款\n\n正文。", 2, &c[1], 1, 1);
	remove_file("content/demo/a.md");
	write_file("content/demo/rules.md", A3);
	c[3] = commit(repo, "重命名", 3, &c[2], 1, 1);
	write_file("other/readme.md", "outside, edited\n");
	c[4] = commit(repo, "只改其他文件", 4, &c[3], 1, 1);

	check_linear(c);
	check_crlf(repo);
	check_top_and_config();
	check_merge(repo, c[4], &m[0], &m[1], &m[2]);
	check_shallow(&m[0], &m[1], &m[2]);
	check_no_repo();

	git_repository_free(repo);
	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", top);
	return tap_done();
}
