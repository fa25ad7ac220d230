/* doccache.h - what parse and extract made of each document, saved in the
 * build cache and read back by the next build:
 *   - parse: a document whose bytes are unchanged (their hash from the
 *     cache's fingerprint, cache_content_hash, which the stat cache gives
 *     without reading the file) is made from its saved front matter, blob
 *     id and body line (doc_from_front) without reading its file; its body
 *     is read only if something needs it (doc_body);
 *   - extract: its plain text, headings, measures and the documents its
 *     text cites are read back instead of running cmark-gfm on it; its
 *     HTML is made only if its page is rendered again (markdown_doc_html).
 *
 * Keys.  The parse key of a document: cache_env (the tool and its
 * libraries, the options, templates, static files, site.yaml: every input
 * but the documents' texts and HEAD), its path and file name and the hash
 * of its bytes.  The extract key: cache_env, the citation key of the site
 * (for every document in order: its slug, title, attachment and 发文字号,
 * which decide what a citation names), its path and file name, and the git
 * blob id of its bytes.  Changing one document's title or number changes
 * every extract key; changing a template or an option changes every key.
 *
 * Storage: DOCCACHE_FILES files "<prefix>-NN" (cache_docs_prefix), a
 * document in the file picked by the hash of its path; each (record.h)
 *   huibian-docs <DOCCACHE_FORMAT> <HUIBIAN_VERSION>\n
 *   out <absolute output folder>\n
 *   <number of documents>\n
 *   per document: path parse-key blob-id body-line front-matter
 *     extract-key plain (record_put_strz: NUL-terminated) ntoc (level anchor text)... nmeasures (id
 * ntopics topic... ndepts dept... amount beneficiaries mode deadline_y deadline_m deadline_d line
 * col text summary)... ncites (slug)... \n end <hex>\n where the front matter is a value tree
 * (struct value): type line col, then for a bool its value and text, a number its bits and text, a
 * string its text, a list its items, a map its keys (key line col value).
 * A file is written again (temporary file, rename) only when one of its
 * documents was parsed or extracted anew, or it holds one that is gone.  A
 * damaged file, or an entry that does not parse, is not used.
 *
 * The files are mapped, not read (record_map_file), and stay mapped: the
 * plain text of a document read back points into its file (doc.h:
 * plain_borrowed): no copy of the 150 MB of text of 10,000 documents is
 * made, and the search index reads only the texts it needs.
 *
 * Ownership: a document taken from the cache (doccache_take) belongs to
 * the caller, but its plain text is the cache's: doccache_free (NULL is a
 * no-op) frees the rest and unmaps the files, so it must come after the
 * last use of a taken document's plain text.  The cache borrows the site
 * given to doccache_extract.
 */
#ifndef HUIBIAN_DOCCACHE_H
#define HUIBIAN_DOCCACHE_H

#include <stddef.h>

#include "doc.h"
#include "hash.h"
#include "site.h"

#define DOCCACHE_MAGIC "huibian-docs"
#define DOCCACHE_FORMAT 2
#define DOCCACHE_FILES 64

struct doccache;

/* The cache of the documents paths (relative to content_dir, as scanned)
 * of a build into output folder out (absolute) with env = cache_env:
 * hashes[i] is the hash of the bytes of paths[i] (cache_content_hash), or
 * NULL when unknown (that document is parsed).  NULL when prefix, out or
 * env is NULL (no cache).  Nothing given is kept. */
struct doccache *doccache_new(const char *prefix, const char *out,
			      const unsigned char env[HASH_SIZE], const char *content_dir,
			      const struct strlist *paths, const unsigned char *const *hashes);
/* Read the saved entries (on jobs threads); make the document of every
 * path whose parse key is unchanged.  Returns how many were made. */
size_t doccache_load(struct doccache *x, int jobs);
/* The document made for paths[i] (the caller owns it), or NULL: parse it. */
struct doc *doccache_take(struct doccache *x, size_t i);
/* After s was linked (its documents are those of the paths): keep what
 * was read back of the extract of every document whose extract key is
 * unchanged; drop the others'.  Returns how many were kept. */
size_t doccache_extract(struct doccache *x, struct site *s);
/* Was the extract of document i of the site read back? (0 when x is NULL) */
int doccache_hit(const struct doccache *x, size_t i);
/* After every document was extracted without error: write the files that
 * changed, on jobs threads.  0, or -1 when one could not be written (it is
 * removed; its documents are parsed and extracted again next time). */
int doccache_save(struct doccache *x, int jobs);
void doccache_free(struct doccache *x);

#endif
