/* extcache.h - what extract makes of each document (its plain text,
 * headings, measures and the documents its text cites) saved in the build
 * cache and read back by the next build for every document whose key is
 * the same, instead of running cmark-gfm on it.  The HTML is not saved: a
 * page that is rendered again makes it then (markdown_doc_html); most are
 * not (memo.h).
 *
 * The key of a document covers everything markdown_doc_site reads:
 * cache_env (the tool and its libraries, the options, templates, static
 * files, site.yaml: every input but the documents' texts and HEAD), the
 * citation key of the site (for every document in order: its slug, title,
 * attachment and 发文字号, which decide what a citation names), the
 * document's path and file name (its messages) and the git blob id of its
 * bytes.  Any change to one document's title or number changes every key.
 *
 * Storage: EXTCACHE_FILES files "<prefix>-NN" (prefix: cache_extract_prefix),
 * a document in the file picked by the hash of its path; each (record.h)
 *   huibian-extract <EXTCACHE_FORMAT> <HUIBIAN_VERSION>\n
 *   out <absolute output folder>\n
 *   <number of documents>\n
 *   per document: path key(hex) plain ntoc (level anchor text)...
 *     nmeasures (id ntopics topic... ndepts dept... amount beneficiaries
 *     mode deadline_y deadline_m deadline_d line col text summary)...
 *     ncites (slug)... \n
 *   end <hex>\n
 * A file is written again (temporary file, rename) only when one of its
 * documents was extracted anew, or it holds one the site no longer has.
 * A damaged file, or an entry that does not parse, is not used.
 *
 * Ownership: the extcache borrows the site; extcache_free frees the rest
 * (NULL is a no-op).  The fields read into a document belong to it.
 */
#ifndef HUIBIAN_EXTCACHE_H
#define HUIBIAN_EXTCACHE_H

#include <stddef.h>

#include "hash.h"
#include "site.h"

#define EXTCACHE_MAGIC "huibian-extract"
#define EXTCACHE_FORMAT 1
#define EXTCACHE_FILES 64

struct extcache;

/* The cache of the documents of s (loaded and linked, not extracted) for
 * output folder out (absolute), with env = cache_env.  NULL when prefix or
 * env is NULL (no cache). */
struct extcache *extcache_new(const char *prefix, const char *out,
			      const unsigned char env[HASH_SIZE], struct site *s);
/* Fill every document whose saved entry has its key (html stays NULL), on
 * jobs threads.  Returns the number of documents filled. */
size_t extcache_load(struct extcache *x, int jobs);
/* Was document i of the site filled by extcache_load? (0 when x is NULL) */
int extcache_hit(const struct extcache *x, size_t i);
/* After every document was extracted without error: write the files that
 * changed, on jobs threads.  0, or -1 when one could not be written (it is
 * removed; the next build extracts its documents again). */
int extcache_save(struct extcache *x, int jobs);
void extcache_free(struct extcache *x);

#endif
