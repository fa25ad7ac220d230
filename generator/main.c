/* main.c - the huibian command line.
 *
 * `huibian build` reads top to bottom as the pipeline:
 *   config → scan → parse (and link) → extract → history → index → render → write
 * and publishes nothing unless every stage succeeded.  `huibian check`
 * runs the stages up to index and writes nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "builddate.h"
#include "cache.h"
#include "diag.h"
#include "doc.h"
#include "doccache.h"
#include <git2.h>

#include "histpages.h"
#include "history.h"
#include "import.h"
#include "markdown.h"
#include "memo.h"
#include "mustache.h"
#include "output.h"
#include "parallel.h"
#include "progress.h"
#include "render.h"
#include "scan.h"
#include "site.h"
#include "sitesearch.h"
#include "theme.h"
#include "views.h"
#include "xalloc.h"

struct options {
	const char *content, *out, *templates, *statics, *date;
	enum history_mode history;
	int jobs; /* threads for the per-document stages */
	int quiet, verbose;
	const char *cache; /* the cache folder; NULL: CACHE_DEFAULT_DIR beside out */
	int no_cache;
};

/* The history walk, on a thread of its own while the documents are parsed
 * and extracted (it reads only the repository). */
struct history_walk {
	pthread_t thread;
	int running; /* started and not joined yet */
	int rc;
	struct diag d; /* its messages, added to the build's when joined */
};

/* output_open, on a thread of its own while the index stage runs on one
 * core: it lists the kept previous site (output.h), which is mostly the
 * kernel's work. */
struct output_opener {
	pthread_t thread;
	int running; /* started and not joined yet */
	int rc;
	struct diag d; /* its messages, added to the build's when joined */
};

struct build {
	struct options opt;
	struct diag d;
	struct site *site;
	struct theme theme;
	struct mustache *tmpl;	 /* NULL for check */
	struct history *history; /* NULL for check */
	struct history_walk walk;
	struct output_opener opener;
	struct output *out;
	struct progress progress;
	struct cache *cache;   /* NULL with --no-cache and for check */
	struct doccache *docs; /* what parse and extract made last time, or NULL */
	int up_to_date;	       /* nothing changed: the build was skipped */
	int has_memo;	       /* memo is the site key (memo.h): with the cache */
	unsigned char memo[HASH_SIZE];
	struct buf cache_dir; /* the default cache folder's path */
};

static const char usage[] =
    "usage: huibian build [--content DIR] [--out DIR] [--templates DIR] [--static DIR]\n"
    "                     [--date YYYY-MM-DD] [--history all|first-parent|none] [-j N]\n"
    "                     [-q | -v] [--cache DIR | --no-cache]\n"
    "       huibian check [--content DIR] [--date YYYY-MM-DD] [-j N] [-q | -v]\n"
    "       huibian import FILE... --out DIR [--title T] [--editor E] [--date D]\n"
    "                     [--topics SITE.YAML] [--force] [--report]\n"
    "       huibian --help | --version\n"
    "\n"
    "  build   check the content folder (default: content) and build the site into\n"
    "          --out (default: public), replacing the old site only on success\n"
    "  check   report every problem as path:line:col without writing anything\n"
    "  import  turn a compilation's text (from PDF) into annotated Markdown\n"
    "\n"
    "  -j N    threads (default: the number of CPUs)\n"
    "  -q      no progress line and no summary line\n"
    "  -v      also print each phase's wall and CPU time\n"
    "\n"
    "See huibian(1).\n";

/* Parse the options of build/check.  0, or 2 on a usage error. */
static int parse_options(struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"content", required_argument, NULL, 'c'},
	    {"out", required_argument, NULL, 'o'},
	    {"templates", required_argument, NULL, 't'},
	    {"static", required_argument, NULL, 's'},
	    {"date", required_argument, NULL, 'd'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"history", required_argument, NULL, 'H'},
	    {"jobs", required_argument, NULL, 'j'},
	    {"cache", required_argument, NULL, 'C'},
	    {"no-cache", no_argument, NULL, 'N'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	o->content = "content";
	o->out = "public";
	o->history = HISTORY_FIRST_PARENT;
	o->jobs = parallel_cpus();
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:o:t:s:d:qvhj:", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->content = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 't':
			o->templates = optarg;
			break;
		case 's':
			o->statics = optarg;
			break;
		case 'd':
			o->date = optarg;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'C':
			o->cache = optarg;
			o->no_cache = 0;
			break;
		case 'N':
			o->no_cache = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'j':
			o->jobs = atoi(optarg);
			if (o->jobs < 1 || o->jobs > 256) {
				fprintf(stderr,
					"huibian: -j takes a number of threads from 1 to 256\n");
				return 2;
			}
			break;
		case 'H':
			if (!strcmp(optarg, "all"))
				o->history = HISTORY_ALL;
			else if (!strcmp(optarg, "first-parent"))
				o->history = HISTORY_FIRST_PARENT;
			else if (!strcmp(optarg, "none"))
				o->history = HISTORY_NONE;
			else {
				fprintf(stderr,
					"huibian: --history must be all, first-parent or none\n");
				return 2;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "huibian: unexpected argument '%s'\n%s", argv[optind], usage);
		return 2;
	}
	return 0;
}

/* Is path (existing or not) the folder dir or inside it? */
static int path_inside(const char *path, const char *dir)
{
	char *rd = realpath(dir, NULL), *rp = realpath(path, NULL);
	char *parent = NULL, *slash;
	size_t n;
	int inside = 0;

	if (!rp) { /* not there yet: resolve its parent */
		parent = xstrdup(path);
		slash = strrchr(parent, '/');
		if (slash && slash != parent)
			*slash = '\0';
		else if (!slash)
			strcpy(parent, ".");
		rp = realpath(parent, NULL);
	}
	if (rd && rp) {
		n = strlen(rd);
		inside = !strncmp(rp, rd, n) && (rp[n] == '\0' || rp[n] == '/');
	}
	free(rd);
	free(rp);
	free(parent);
	return inside;
}

/* The default cache folder: CACHE_DEFAULT_DIR in the output folder's
 * parent, so that the cache lies beside the site it describes. */
static void default_cache_dir(struct buf *dir, const char *out)
{
	size_t n = strlen(out);
	const char *slash;

	while (n > 1 && out[n - 1] == '/')
		n--;
	buf_reset(dir);
	buf_put(dir, out, n);
	slash = strrchr(dir->ptr, '/');
	if (!slash)
		buf_reset(dir);
	else
		buf_truncate(dir, slash == dir->ptr ? 1 : (size_t)(slash - dir->ptr + 1));
	if (dir->len && dir->ptr[dir->len - 1] != '/')
		buf_puts(dir, "/");
	buf_puts(dir, CACHE_DEFAULT_DIR);
}

/* cache: when nothing the build reads has changed since the last build
 * into the same output folder and that site is intact, the build is done
 * (1: its warnings are repeated); 0: build; -1: error.  See cache.h. */
static int stage_cache(struct build *b)
{
	static const char *const modes[] = {"none", "first-parent", "all"};
	struct cache_options co;
	int rc;

	if (!b->opt.cache) {
		default_cache_dir(&b->cache_dir, b->opt.out);
		b->opt.cache = b->cache_dir.ptr;
	}
	if (path_inside(b->opt.cache, b->opt.content) || path_inside(b->opt.cache, b->opt.out)) {
		diag_error(&b->d, b->opt.cache, 0, 0,
			   "the cache folder must not be inside the content or output folder "
			   "(--cache DIR, or --no-cache)");
		return -1;
	}
	co = (struct cache_options){b->opt.cache,	   b->opt.content, b->opt.out,
				    b->opt.templates,	   b->opt.statics, b->opt.date,
				    modes[b->opt.history], b->opt.jobs};
	rc = cache_check(&b->cache, &co, &b->d);
	if (rc == 1) {
		output_tidy(b->opt.out); /* what killed builds left beside it */
		buf_puts(&b->d.text, cache_warnings(b->cache));
		b->up_to_date = 1;
	}
	return rc;
}

/* config: site settings, and for build the theme and its templates. */
static int stage_config(struct build *b, int with_templates)
{
	if (site_config_load(&b->site, b->opt.content, &b->d) < 0)
		return -1;
	if (!with_templates)
		return 0;
	if (path_inside(b->opt.out, b->opt.content) || path_inside(b->opt.content, b->opt.out)) {
		diag_error(&b->d, b->opt.out, 0, 0,
			   "the output folder must not be the content folder, inside it, or "
			   "contain it");
		return -1;
	}
	if (theme_locate(&b->theme, b->opt.content, b->opt.templates, b->opt.statics, &b->d) < 0)
		return -1;
	b->tmpl = mustache_new();
	return theme_load_templates(&b->theme, b->tmpl, &b->d);
}

struct parse {
	struct build *b;
	const struct scan *sc;
	struct doc **docs;  /* one per document file, NULL when it failed */
	struct diag *diags; /* one per document, merged in order afterwards */
};

static void parse_one(size_t i, void *ctx)
{
	struct parse *x = ctx;

	if ((x->docs[i] = doccache_take(x->b->docs, i)) == NULL &&
	    doc_load(&x->docs[i], x->b->opt.content, x->sc->documents.v[i], &x->diags[i]) < 0)
		x->docs[i] = NULL;
	progress_doc_done(&x->b->progress);
}

/* What parse and extract made of the documents of sc last time (build
 * with the cache only): the documents whose bytes are unchanged are made
 * from it without reading their files. */
static void parse_cache(struct build *b, const struct scan *sc)
{
	const unsigned char **hashes;
	size_t i, n = sc->documents.n;

	if (!b->tmpl || !cache_env(b->cache))
		return;
	hashes = xcalloc(n + 1, sizeof(*hashes));
	for (i = 0; i < n; i++)
		hashes[i] = cache_content_hash(b->cache, sc->documents.v[i]);
	b->docs = doccache_new(cache_docs_prefix(b->cache), cache_out(b->cache),
			       cache_env(b->cache), b->opt.content, &sc->documents, hashes);
	free(hashes);
	n = doccache_load(b->docs, b->opt.jobs);
	progress_note(&b->progress, "parse: %zu of %zu documents from the cache", n,
		      sc->documents.n);
}

/* Load every document of sc on -j threads, then add them to the site and
 * their messages to b->d in file order (so the result does not depend on
 * -j).  0, or -1 when a document had errors. */
static int parse_docs(struct build *b, const struct scan *sc)
{
	struct parse x;
	size_t i, n = sc->documents.n;
	int rc = 0;

	x.b = b;
	x.sc = sc;
	x.docs = xcalloc(n + 1, sizeof(*x.docs));
	x.diags = xcalloc(n + 1, sizeof(*x.diags));
	for (i = 0; i < n; i++)
		x.diags[i] = (struct diag)DIAG_INIT;
	parallel_for(n, b->opt.jobs, parse_one, &x);
	for (i = 0; i < n; i++) {
		diag_append(&b->d, &x.diags[i]);
		diag_release(&x.diags[i]);
		if (x.docs[i])
			site_add_doc(b->site, x.docs[i]);
		else
			rc = -1;
	}
	free(x.docs);
	free(x.diags);
	return rc;
}

/* scan + parse: find the files, load every compilation and document, and
 * link them (relations and status need every document's front matter;
 * the bodies, parsed next, need the links for their citations). */
static int stage_parse(struct build *b)
{
	struct scan sc;
	struct compilation *c;
	size_t i;
	int rc;

	memset(&sc, 0, sizeof(sc));
	progress_phase(&b->progress, "scan");
	rc = scan_content(&sc, b->opt.content, &b->d);
	progress_phase(&b->progress, "parse");
	progress_docs_total(&b->progress, sc.documents.n);
	parse_cache(b, &sc);
	for (i = 0; i < sc.compilations.n; i++) {
		if (compilation_load(&c, b->opt.content, sc.compilations.v[i], &b->d) < 0)
			rc = -1;
		else
			site_add_compilation(b->site, c);
	}
	if (parse_docs(b, &sc) < 0)
		rc = -1;
	scan_release(&sc);
	if (rc < 0)
		return -1;
	/* link: the build date, printed order, sections, relations, status */
	progress_phase(&b->progress, "link");
	if (builddate_resolve(&b->site->today, b->opt.date, b->site, &b->d) < 0)
		return -1;
	return site_link(b->site, &b->d);
}

struct extract {
	struct build *b;
	struct diag *diags; /* one per document, merged in order afterwards */
};

static void extract_one(size_t i, void *ctx)
{
	struct extract *x = ctx;
	struct build *b = x->b;
	struct doc *doc = b->site->docs[i];

	if (!doccache_hit(b->docs, i)) {
		markdown_doc_site(doc, b->tmpl ? render_measure_wrap : NULL, b->tmpl, b->site,
				  &x->diags[i]);
		/* only the history pages read the Markdown again, of the
		 * documents with older versions: doc_body reads it then (at
		 * 10,000 documents, 148 MB less at the build's peak) */
		doc_release_body(doc);
	}
	progress_doc_done(&b->progress);
}

/* extract: Markdown, anchors, measures and citations of every document,
 * on -j threads; with the cache, only of the documents whose extract was
 * not read back (doccache.h), whose html is then made only for the pages
 * rendered again. */
static int stage_extract(struct build *b)
{
	struct extract x;
	size_t i, n = b->site->ndocs, hits;
	int errors = b->d.errors;

	progress_phase(&b->progress, "extract");
	progress_docs_total(&b->progress, n);
	if (b->docs) {
		hits = doccache_extract(b->docs, b->site);
		progress_note(&b->progress, "extract: %zu of %zu documents from the cache", hits,
			      n);
	}
	x.b = b;
	x.diags = xcalloc(n + 1, sizeof(*x.diags));
	for (i = 0; i < n; i++)
		x.diags[i] = (struct diag)DIAG_INIT;
	parallel_for(n, b->opt.jobs, extract_one, &x);
	for (i = 0; i < n; i++) {
		diag_append(&b->d, &x.diags[i]);
		diag_release(&x.diags[i]);
	}
	free(x.diags);
	if (b->d.errors == errors && doccache_save(b->docs, b->opt.jobs) < 0)
		diag_warning(&b->d, b->opt.cache, 0, 0,
			     "cannot save the parsed documents in the cache: the next build "
			     "will parse them again");
	/* b->docs stays until the build ends (build_release): the plain texts
	 * read back point into its files */
	return b->d.errors > errors ? -1 : 0;
}

static void *history_walk_run(void *arg)
{
	struct build *b = arg;
	struct history_cache hc = {cache_history_file(b->cache), cache_out(b->cache),
				   cache_history_key(b->cache)};

	b->walk.rc = history_load_cached(&b->history, b->opt.content, b->opt.history,
					 hc.file && hc.key ? &hc : NULL, &b->walk.d);
	return NULL;
}

/* Start the history walk (build only): with -j 2 or more on a thread of its
 * own, so that it overlaps parse and extract; with -j 1 it runs in
 * stage_history. */
static void history_walk_start(struct build *b)
{
	if (b->opt.jobs > 1 && pthread_create(&b->walk.thread, NULL, history_walk_run, b) == 0)
		b->walk.running = 1;
}

/* Wait for the history walk started by history_walk_start (no-op when none
 * is running).  Its result is in b->walk.rc and b->history. */
static void history_walk_join(struct build *b)
{
	if (!b->walk.running)
		return;
	pthread_join(b->walk.thread, NULL);
	b->walk.running = 0;
}

/* history: the versions of every document, from git (one walk, started by
 * history_walk_start; run here when it was not). */
static int stage_history(struct build *b)
{
	progress_phase(&b->progress, "history");
	if (b->walk.running)
		history_walk_join(b);
	else
		history_walk_run(b);
	diag_append(&b->d, &b->walk.d);
	if (b->walk.rc < 0)
		return -1;
	xtrim();
	return 0;
}

/* index: counts over the extracted documents, and the department names of
 * every document and measure resolved (warning about ambiguous ones). */
static int stage_index(struct build *b)
{
	size_t i;

	progress_phase(&b->progress, "index");
	b->site->nmeasures = 0;
	for (i = 0; i < b->site->ndocs; i++)
		b->site->nmeasures += b->site->docs[i]->nmeasures;
	if (cache_env(b->cache)) {
		memo_site(b->memo, cache_env(b->cache), b->site, b->history);
		b->has_memo = 1;
	}
	return views_check(b->site, &b->d);
}

/* The progress display's count of pages written. */
static size_t pages_written(void *out)
{
	return output_files_written(out) + output_files_unchanged(out);
}

static void *output_open_run(void *arg)
{
	struct build *b = arg;
	int jobs = b->opt.jobs > 2 ? b->opt.jobs - 1 : 1; /* the other core is the index's */

	b->opener.rc = output_open(&b->out, b->opt.out, jobs, &b->opener.d);
	return NULL;
}

/* Start opening the output folder (output_open) on a thread, with -j 2 or
 * more; stage_write waits for it (output_open_wait). */
static void output_open_start(struct build *b)
{
	if (b->opt.jobs > 1 && pthread_create(&b->opener.thread, NULL, output_open_run, b) == 0)
		b->opener.running = 1;
}

/* Wait for the thread of output_open_start, if running: its messages are
 * added to the build's.  Its result (0 / -1), or 1 when none was started. */
static int output_open_wait(struct build *b)
{
	if (!b->opener.running)
		return 1;
	pthread_join(b->opener.thread, NULL);
	b->opener.running = 0;
	diag_append(&b->d, &b->opener.d);
	diag_release(&b->opener.d);
	if (b->out)
		output_set_diag(b->out, &b->d);
	return b->opener.rc;
}

/* render + write: every page and static file into a new folder, then swap
 * it in for the old site.  Each step is a phase of its own. */
static int stage_write(struct build *b)
{
	struct pages p;
	int rc;

	progress_phase(&b->progress, "render");
	if ((rc = output_open_wait(b)) > 0)
		rc = output_open(&b->out, b->opt.out, b->opt.jobs, &b->d);
	if (rc < 0)
		return -1;
	output_set_previous(b->out, cache_published(b->cache));
	progress_pages_from(&b->progress, pages_written, b->out);
	memset(&p, 0, sizeof(p));
	p.site = b->site;
	p.history = b->history;
	p.tmpl = b->tmpl;
	p.out = b->out;
	p.d = &b->d;
	p.jobs = b->opt.jobs;
	p.nav_views = 1;
	p.memo = b->has_memo ? b->memo : NULL;
	p.env = b->has_memo ? cache_env(b->cache) : NULL;
	p.cache = b->has_memo ? b->cache : NULL;
	p.verbose = b->opt.verbose;
	if (render_site(&p) < 0)
		return -1;
	progress_phase(&b->progress, "history pages");
	if (histpages_write(&p, b->site) < 0)
		return -1;
	/* Only the pages above read the page text and the repository (its
	 * packs are mapped into memory): the views and the search index are
	 * made without them, and the memory freed is given back. */
	site_release_page_text(b->site);
	history_close(b->history);
	xtrim();
	progress_phase(&b->progress, "views");
	if (views_write(&p) < 0)
		return -1;
	xtrim();
	progress_phase(&b->progress, "search");
	if (sitesearch_write(&p, b->site) < 0)
		return -1;
	progress_phase(&b->progress, "static");
	if (theme_copy_static(&b->theme, b->out, &b->d) < 0)
		return -1;
	progress_phase(&b->progress, "publish");
	if (output_commit(b->out) < 0)
		return -1;
	/* published: a cache that cannot be saved is only a warning */
	if (b->cache) {
		progress_phase(&b->progress, "cache save");
		cache_save(b->cache, b->out, b->d.text.ptr, b->site->ndocs, b->site->nmeasures,
			   &b->d);
	}
	return 0;
}

static void build_release(struct build *b)
{
	progress_stop(&b->progress);
	history_walk_join(b); /* a build that failed before stage_history */
	diag_release(&b->walk.d);
	diag_release(&b->opener.d);
	output_free(b->out);
	doccache_free(b->docs);
	cache_free(b->cache);
	buf_release(&b->cache_dir);
	history_free(b->history);
	mustache_free(b->tmpl);
	theme_release(&b->theme);
	site_free_jobs(b->site, b->opt.jobs);
	diag_release(&b->d);
}

/* build (publish = 1) or check (publish = 0).  Returns the exit status. */
static int cmd_build(int argc, char **argv, int publish)
{
	struct build b;
	int rc;

	memset(&b, 0, sizeof(b));
	b.cache_dir = (struct buf)BUF_INIT;
	b.d = (struct diag)DIAG_INIT;
	b.walk.d = (struct diag)DIAG_INIT;
	b.opener.d = (struct diag)DIAG_INIT;
	if ((rc = parse_options(&b.opt, argc, argv)) != 0)
		return rc;
	progress_start(&b.progress, stderr, b.opt.quiet, b.opt.verbose);
	if (publish && !b.opt.no_cache &&
	    (progress_phase(&b.progress, "cache"), rc = stage_cache(&b)) != 0) {
		rc = rc > 0 ? 0 : -1;
		goto out;
	}
	progress_phase(&b.progress, "config");
	rc = -1;
	if (publish)
		history_walk_start(&b);
	if (stage_config(&b, publish) < 0 || stage_parse(&b) < 0 || stage_extract(&b) < 0 ||
	    (publish && stage_history(&b) < 0))
		goto out;
	if (publish)
		output_open_start(&b);
	if (stage_index(&b) < 0)
		goto out;
	if (publish && stage_write(&b) < 0)
		goto out;
	rc = 0;
out:
	output_open_wait(&b); /* a build that failed before stage_write */
	progress_stop(&b.progress);
	if (diag_flush(&b.d, stderr) < 0)
		rc = -1;
	if (rc == 0 && !b.opt.quiet && b.up_to_date)
		fprintf(stderr,
			"huibian: %s is up to date: nothing it is built from has changed "
			"(%zu documents, %zu measures), %.2f s\n",
			b.opt.out, cache_documents(b.cache), cache_measures(b.cache),
			progress_elapsed(&b.progress));
	else if (rc == 0 && !b.opt.quiet && publish)
		fprintf(stderr,
			"huibian: built %zu documents, %zu measures into %s: %zu files written "
			"(%.1f MB), %zu unchanged (%zu of them not rendered again), %.2f s\n",
			b.site->ndocs, b.site->nmeasures, b.opt.out, output_files_written(b.out),
			(double)output_bytes(b.out) / 1e6, output_files_unchanged(b.out),
			output_files_reused(b.out), progress_elapsed(&b.progress));
	else if (rc == 0 && !b.opt.quiet)
		fprintf(stderr,
			"huibian: %s: %zu documents, %zu measures, %d warnings, no errors\n",
			b.opt.content, b.site->ndocs, b.site->nmeasures, b.d.warnings);
	else if (rc != 0)
		fprintf(stderr, "huibian: %d error%s; %s\n", b.d.errors, b.d.errors == 1 ? "" : "s",
			publish ? "nothing was published (the previous site is unchanged)"
				: "see above");
	build_release(&b);
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int rc = 2;

	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("huibian %s\n", HUIBIAN_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(usage, stdout);
		return 0;
	}
	/* A file over the size limit must fail its write (EFBIG, reported),
	 * not kill the process halfway. */
	signal(SIGXFSZ, SIG_IGN);
	markdown_init();
	/* libgit2 stays initialised for the whole run (its TLS set-up reads the
	 * CA bundle at every first initialisation; build date and history
	 * both use it).  The search paths of the global and system git
	 * configurations are emptied: they are never read. */
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	/* Pack files are read through mapped windows of 8 MB, at most 32 MB
	 * mapped at once (libgit2's defaults: 1 GB and 8 GB): the pages of a
	 * pack read once do not stay in the resident set (32 MB less peak
	 * RSS at 10,000 documents, no slower). */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)8 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)32 << 20);
	if (!strcmp(cmd, "build"))
		rc = cmd_build(argc - 1, argv + 1, 1);
	else if (!strcmp(cmd, "check"))
		rc = cmd_build(argc - 1, argv + 1, 0);
	else if (!strcmp(cmd, "import"))
		rc = import_main(argc - 1, argv + 1);
	else
		fprintf(stderr, "huibian: unknown command '%s'\n%s", cmd, usage);
	git_libgit2_shutdown();
	return rc;
}
