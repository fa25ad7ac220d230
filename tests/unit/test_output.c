/* Unit tests for output.c: the atomic site writer, in a temporary folder. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "output.h"
#include "tap.h"

static char top[] = "/tmp/huibian-out-XXXXXX";
static char site[600];

static char *path_of(const char *rel)
{
	static char p[700];

	snprintf(p, sizeof(p), "%s/%s", site, rel);
	return p;
}

static ino_t inode(const char *rel)
{
	struct stat st;

	return stat(path_of(rel), &st) == 0 ? st.st_ino : 0;
}

/* The content of site/rel, or "" when it cannot be read (static). */
static const char *content(const char *rel)
{
	static char buf[4096];
	FILE *fp = fopen(path_of(rel), "rb");
	size_t n = 0;

	buf[0] = '\0';
	if (fp) {
		n = fread(buf, 1, sizeof(buf) - 1, fp);
		buf[n] = '\0';
		fclose(fp);
	}
	return buf;
}

static int exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* How many entries of top start with prefix. */
static int count_prefix(const char *prefix)
{
	DIR *dir = opendir(top);
	struct dirent *de;
	int n = 0;

	while (dir && (de = readdir(dir)) != NULL)
		n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
	if (dir)
		closedir(dir);
	return n;
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static int W(struct output *o, const char *rel, const char *s)
{
	return output_write(o, rel, s, strlen(s));
}

static void write_file(const char *path, const char *s)
{
	FILE *fp = fopen(path, "wb");

	if (!fp || fputs(s, fp) < 0 || fclose(fp) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

int main(void)
{
	struct diag d = DIAG_INIT;
	struct output *o = NULL;
	ino_t idx, css, deep, marker;
	char other[700], stale[700], src[700];
	int r;

	if (!mkdtemp(top))
		skip_all("mkdtemp failed");
	snprintf(site, sizeof(site), "%s/site", top);

	/* first build */
	r = output_open(&o, site, 1, &d);
	ok(r == 0 && o, "open a new site");
	ok(!exists(site), "nothing is published before commit");
	is_int(count_prefix(".site.tmp-"), 1, "a temporary folder .site.tmp-* is made beside it");
	ok(W(o, "index.html", "<h1>汇编</h1>\n") == 0 && W(o, "assets/site.css", "body{}\n") == 0 &&
	       W(o, "a/b/c/deep.html", "deep\n") == 0 && W(o, "gone.html", "old\n") == 0 &&
	       output_write(o, "empty.txt", "", 0) == 0,
	   "write files, folders made as needed");
	is_int(output_files_written(o) - 1, 5, "five files written (plus the marker)");
	ok(output_bytes(o) >= strlen("<h1>汇编</h1>\n") + 7 + 5 + 4, "bytes counted");
	ok(output_commit(o) == 0 && d.errors == 0, "commit");
	output_free(o);
	ok(exists(path_of(OUTPUT_MARKER)), "the site carries the marker file");
	is_str(content("index.html"), "<h1>汇编</h1>\n", "index.html published");
	is_str(content("a/b/c/deep.html"), "deep\n", "nested file published");
	ok(exists(path_of("empty.txt")), "an empty file is published");
	is_int(count_prefix(".site.tmp-"), 0, "no temporary folder is left after commit");
	idx = inode("index.html");
	css = inode("assets/site.css");
	deep = inode("a/b/c/deep.html");
	marker = inode(OUTPUT_MARKER);

	/* second build: same bytes except one file changed, one dropped */
	r = output_open(&o, site, 1, &d);
	ok(r == 0 && o, "open over a site with the marker");
	ok(W(o, "index.html", "<h1>汇编</h1>\n") == 0 && W(o, "assets/site.css", "body{}\n") == 0 &&
	       W(o, "a/b/c/deep.html", "deeper\n") == 0 && output_write(o, "empty.txt", "", 0) == 0,
	   "write the second site");
	is_int(output_files_written(o), 1, "one file written (the changed one)");
	is_int(output_files_unchanged(o) - 1, 3, "three files unchanged (plus the marker)");
	is_int(output_bytes(o), 7, "bytes count only what was written");
	is_str(content("a/b/c/deep.html"), "deep\n",
	       "the published site is untouched before commit");
	ok(output_commit(o) == 0, "commit the second site");
	output_free(o);
	ok(idx && inode("index.html") == idx, "an unchanged file keeps its inode");
	ok(css && inode("assets/site.css") == css, "an unchanged nested file keeps its inode");
	ok(marker && inode(OUTPUT_MARKER) == marker, "the marker keeps its inode");
	ok(inode("a/b/c/deep.html") != deep, "a changed file is a new file");
	is_str(content("a/b/c/deep.html"), "deeper\n", "a changed file has its new content");
	ok(!exists(path_of("gone.html")), "a file missing from the new site is gone");
	is_int(count_prefix(".site.tmp-"), 0, "no temporary folder is left");

	/* the old site removed on two threads */
	r = output_open(&o, site, 2, &d);
	ok(r == 0 && o, "open for a build on two threads");

	ok(W(o, "index.html", "<h1>汇编</h1>\n") == 0 && W(o, "x/1.html", "1\n") == 0 &&
	       W(o, "y/z/2.html", "2\n") == 0,
	   "write a site of other folders");
	ok(output_commit(o) == 0, "commit it");
	output_free(o);
	is_int(count_prefix(".site.tmp-"), 0,
	       "the old site (files and folders a/b/c, assets) is removed entirely");
	ok(!exists(path_of("a")) && !exists(path_of("assets")) && !exists(path_of("empty.txt")) &&
	       exists(path_of(OUTPUT_MARKER)) && !strcmp(content("y/z/2.html"), "2\n"),
	   "  and the new site is exactly what was written");

	/* a build that is not committed */
	r = output_open(&o, site, 1, &d);
	ok(r == 0 && W(o, "index.html", "changed\n") == 0 && W(o, "new.html", "n\n") == 0,
	   "a third build writes files");
	output_free(o);
	is_str(content("index.html"), "<h1>汇编</h1>\n",
	       "output_free without commit: old site intact");
	ok(!exists(path_of("new.html")), "  and the new file is not published");
	is_int(count_prefix(".site.tmp-"), 0, "  and the temporary folder is removed");
	output_free(NULL);

	/* refused paths */
	r = output_open(&o, site, 1, &d);
	ok(r == 0, "open again");
	d.errors = 0;
	ok(W(o, "../escape.html", "x") == -1, "'..' refused");
	ok(W(o, "a/../../escape.html", "x") == -1, "'..' inside refused");
	ok(W(o, "/abs.html", "x") == -1, "absolute path refused");
	ok(W(o, "a//b.html", "x") == -1, "empty component refused");
	ok(W(o, "./a.html", "x") == -1, "'.' component refused");
	ok(W(o, "a/./b.html", "x") == -1, "'.' inside refused");
	ok(W(o, "", "x") == -1, "empty path refused");
	ok(W(o, "..", "x") == -1, "'..' alone refused");
	is_int(d.errors, 8, "each refusal is reported");
	ok(!exists(strcat(strcpy(other, top), "/escape.html")), "nothing was written outside");
	ok(W(o, "a..b/..c.html", "x") == 0, "'..' inside a name is fine");
	ok(W(o, "index.html", "1") == 0 && W(o, "index.html", "2") == -1,
	   "writing the same path twice is refused");
	snprintf(src, sizeof(src), "%s/src.txt", top);
	write_file(src, "copied 汇编\n");
	ok(output_copy(o, "copy/x.txt", src) == 0, "output_copy");
	snprintf(other, sizeof(other), "%s/missing.txt", top);
	ok(output_copy(o, "copy/y.txt", other) == -1, "output_copy of a missing file fails");
	ok(output_commit(o) == 0, "commit");
	output_free(o);
	is_str(content("copy/x.txt"), "copied 汇编\n", "the copied file is published");

	/* folders not made by huibian */
	snprintf(other, sizeof(other), "%s/precious", top);
	mkdir(other, 0755);
	snprintf(src, sizeof(src), "%s/precious/thesis.tex", top);
	write_file(src, "do not delete\n");
	d.errors = 0;
	o = (struct output *)1;
	r = output_open(&o, other, 1, &d);
	ok(r == -1 && o == NULL && d.errors == 1,
	   "a non-empty folder without the marker is refused");
	ok(exists(src) && count_prefix(".precious.tmp-") == 0, "  and nothing is deleted or made");
	unlink(src);
	r = output_open(&o, other, 1, &d);
	ok(r == 0 && W(o, "x.html", "x") == 0 && output_commit(o) == 0,
	   "an empty existing folder may be used");
	output_free(o);
	snprintf(src, sizeof(src), "%s/precious/%s", top, OUTPUT_MARKER);
	ok(exists(src), "  and then carries the marker");

	snprintf(other, sizeof(other), "%s/afile", top);
	write_file(other, "a file\n");
	r = output_open(&o, other, 1, &d);
	ok(r == -1 && o == NULL, "an output path that is a file is refused");
	is_str(content("../afile"), "a file\n", "  and the file is kept");
	ok(count_prefix(".afile.tmp-") == 0, "  and no temporary folder is made");
	snprintf(src, sizeof(src), "%s/link", top);
	r = symlink(site, src);
	r = output_open(&o, src, 1, &d);
	ok(r == -1 && o == NULL, "an output path that is a symbolic link is refused");
	ok(output_open(&o, "/", 1, &d) == -1, "'/' is refused");
	ok(output_open(&o, "..", 1, &d) == -1, "'..' is refused");

	/* stale temporary folders from a killed build */
	snprintf(stale, sizeof(stale), "%s/.site.tmp-dead01", top);
	mkdir(stale, 0755);
	snprintf(src, sizeof(src), "%s/.site.tmp-dead01/sub", top);
	mkdir(src, 0755);
	strcat(src, "/f.html");
	write_file(src, "stale\n");
	snprintf(other, sizeof(other), "%s/.other.tmp-keep", top);
	mkdir(other, 0755);
	r = output_open(&o, site, 1, &d);
	ok(r == 0 && !exists(stale), "a stale .site.tmp-* folder is removed by the next open");
	ok(exists(other), "another site's temporary folder is left alone");
	is_int(count_prefix(".site.tmp-"), 1, "only the new temporary folder remains");
	output_free(o);
	snprintf(other, sizeof(other), "%s/", site);
	r = output_open(&o, other, 1, &d);
	ok(r == 0 && W(o, "t.html", "t") == 0 && output_commit(o) == 0 && exists(path_of("t.html")),
	   "a trailing slash on the folder is fine");
	output_free(o);

	/* A build that starts from the kept previous site (.site.prev) still
	 * refuses a second file at one path, and keeps the first. */
	snprintf(other, sizeof(other), "%s/.site.prev/.huibian-site", top);
	ok(exists(other), "the site replaced is kept as .site.prev");
	r = output_open(&o, site, 2, &d);
	ok(r == 0 && W(o, "t.html", "t") == 0 && W(o, "t.html", "u") == -1,
	   "starting from .site.prev: writing the same path twice is refused");
	ok(r == 0 && output_commit(o) == 0 && !strcmp(content("t.html"), "t"),
	   "and the first file is the one published");
	output_free(o);

	diag_release(&d);
	nftw(top, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
