/* cache.h - the build cache: a build whose inputs have not changed since
 * the last successful build into the same output folder, and whose
 * published site is intact, is skipped; otherwise the site writer gets the
 * record of the published files (output_set_previous), so that unchanged
 * files are hard-linked without being read back, and groups of pages whose
 * memo key (memo.h, recorded with each file) is unchanged are hard-linked
 * without being rendered.
 *
 * The fingerprint of a build covers everything the build reads: every file
 * below the content folder (site.yaml, compilations, documents; names
 * beginning with '.' are skipped except .gitattributes) and below every
 * template and static folder (the layers theme_locate finds), each as path,
 * size and content hash; the options that change the output (content and
 * output folders, --date, SOURCE_DATE_EPOCH, --history); the git state
 * that history and the build date read (the repository found from the
 * content folder, HEAD's commit, its config, shallow, info/attributes,
 * info/grafts and the .gitattributes files between the work tree's top and
 * the content folder); the tool (HUIBIAN_VERSION, CACHE_FORMAT, the
 * running binary's size, inode and mtime, and the versions of the
 * libraries that shape the output).
 *
 * Hashes are hash.h's (fast, 128 bits, not cryptographic: someone who
 * controls the inputs could forge a collision).  A file larger than 256 MB
 * is not hashed: its size, inode, mtime and ctime stand for it.
 *
 * Content hashes come from a stat cache (device, inode, size, mtime and
 * ctime in nanoseconds → hash): a file whose stat is unchanged is not read
 * again.  A file whose mtime or ctime is less than a second before the
 * fingerprint was taken is "racy" (a later write in the same clock tick
 * would not change its stat): it is hashed, but not remembered.
 *
 * The published site is "intact" when every file and folder recorded after
 * the last build still has the recorded type, size, inode, mtime and ctime
 * (lstat): a file edited, replaced or removed, or an entry added to or
 * removed from a folder (which changes the folder's mtime), makes it not
 * intact.
 *
 * Storage: the cache folder holds one record per output folder,
 * "site-<hash of the output folder's absolute path>", a text file:
 *   huibian-cache <CACHE_FORMAT> <HUIBIAN_VERSION>
 *   out <absolute output folder>
 *   fingerprint <hex>
 *   docs <documents> <measures>
 *   diag <n>\n<n bytes: the warnings of that build>\n
 *   S <dev> <ino> <size> <mtime_ns> <ctime_ns> <hash> <absolute path>
 *   M <f|d> <size> <ino> <mtime_ns> <ctime_ns> <hash> <memo key|-> <site-relative path>
 *   end <hash of every byte after the first line up to this line>
 * written to a temporary file and renamed into place.  Beside it lie the
 * saved history walk ("history-<hash>", histcache.h), what parse and
 * extract made of the documents ("docs-<hash>-NN", doccache.h), the saved
 * search index ("search-<hash>", searchcache.h) and what the views saved
 * ("views-<hash>", viewsfile.h) of the same output folder.  A record that is
 * missing, truncated, garbled, of another format or tool version, or for
 * another folder is ignored (the build runs in full).  Records of output
 * folders that no longer exist are removed when a record is saved, with
 * the temporary files that killed builds left: this folder's at once (two
 * builds into one folder do not run at once), other folders' when an hour
 * old.
 *
 * Ownership: cache_free frees everything (NULL is a no-op); the strset
 * returned by cache_published belongs to the cache.
 */
#ifndef HUIBIAN_CACHE_H
#define HUIBIAN_CACHE_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "diag.h"
#include "output.h"
#include "strset.h"

#define CACHE_FORMAT 4
#define CACHE_DEFAULT_DIR ".huibian-cache"

struct cache;

struct cache_options {
	const char *dir;		 /* the cache folder (created if missing) */
	const char *content, *out;	 /* as given to build */
	const char *templates, *statics; /* --templates / --static, or NULL */
	const char *date;		 /* --date, or NULL */
	const char *history;		 /* the --history mode's name */
	int jobs;			 /* threads for checking the published site */
};

/* Take the fingerprint of a build with options o and read the record of
 * the last build into o->out.  Returns 1 when that build had the same
 * fingerprint and its site is intact (nothing to do), 0 when the build
 * must run (also when the cache cannot be used: a warning then says why,
 * in d), -1 on an error (reported in d).  *out is set in every case (free
 * it with cache_free). */
int cache_check(struct cache **out, const struct cache_options *o, struct diag *d);
/* The record of the published site (relpath → struct output_entry *), or
 * NULL when there is none; for output_set_previous. */
const struct strset *cache_published(const struct cache *c);
/* The hash of the fingerprint without the documents' texts (the .md files
 * of the content folder but _index.md) and HEAD's commit: what every page
 * depends on, for the memo keys (memo.h).  NULL when the fingerprint could
 * not be taken (no memo then). */
const unsigned char *cache_env(const struct cache *c);
/* The key of the history walk (histcache.h): the hash of the fingerprint
 * without the documents' texts (HEAD's commit included), and the file the
 * walk is saved in for this output folder ("history-<hash>" beside the
 * record; removed with it when the folder is gone).  NULL when the cache
 * cannot be used. */
const unsigned char *cache_history_key(const struct cache *c);
const char *cache_history_file(const struct cache *c);
/* Where what parse and extract made of each document is saved for this
 * output folder (doccache.h: files "<prefix>-NN" beside the record,
 * removed with it when the folder is gone); NULL when the cache cannot be
 * used. */
const char *cache_docs_prefix(const struct cache *c);
/* The hash (hash.h) of the bytes of the content folder's file relpath
 * ("demo/a.md") as the fingerprint found them (from the stat cache when
 * its stat was unchanged: not read again); NULL when unknown. */
const unsigned char *cache_content_hash(const struct cache *c, const char *relpath);
/* The file the search index is saved in for this output folder
 * ("search-<hash>" beside the record, searchcache.h; removed with it when
 * the folder is gone).  NULL when the cache cannot be used. */
const char *cache_search_file(const struct cache *c);
/* The file the views save what the next build reuses in, for this output
 * folder ("views-<hash>" beside the record, viewsfile.h; removed with it
 * when the folder is gone).  NULL when the cache cannot be used. */
const char *cache_views_file(const struct cache *c);
/* The output folder, absolute (NULL when c is NULL). */
const char *cache_out(const struct cache *c);
/* The warnings and counts recorded by the last build (for the up-to-date
 * message): "" and 0 when there is no record. */
const char *cache_warnings(const struct cache *c);
size_t cache_documents(const struct cache *c);
size_t cache_measures(const struct cache *c);
/* After o was committed: record the fingerprint, the warnings text and the
 * counts, the stat cache and the published site (the files of o, with the
 * stat of each as it is now).  0, or -1 with a warning in d (the old
 * record is then removed; the published site is not affected). */
int cache_save(struct cache *c, const struct output *o, const char *warnings, size_t ndocs,
	       size_t nmeasures, struct diag *d);
void cache_free(struct cache *c);
/* Write data to path through a temporary file beside it (".<name>.tmp-*",
 * removed by the cache's pruning when a killed build left it) renamed
 * into place: readers see the old file or the new one.  0, or -1 (nothing
 * is left behind). */
int cache_write_file(const char *path, const struct buf *data);
/* The same in steps, for a file written piece by piece: open the
 * temporary file beside path (its name in tmp; NULL on failure), then
 * close it and, when ok and every write succeeded, rename it to path (else
 * remove it).  0, or -1. */
FILE *cache_temp_open(struct buf *tmp, const char *path);
int cache_temp_close(FILE *fp, const char *tmp, const char *path, int ok);

#endif
