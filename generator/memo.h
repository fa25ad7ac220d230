/* memo.h - memo keys: the hash of everything a group of pages is made
 * from, so that a rebuild hard-links the published copies of a group whose
 * key has not changed instead of rendering it again (output_reuse).
 *
 * A key is only as good as the list of what it covers; each is built from
 *   - the site key (memo_site): cache_env (the tool, its libraries, the
 *     options, templates, static files, site.yaml, every _index.md and
 *     whatever else the content folder holds but the documents' texts, and
 *     the git configuration), the build date, whether the site has a
 *     changelog, and what pages of one document show of the others: for
 *     every document its path, slug, title, 发文字号, compilation, section,
 *     order, status and date, for every compilation its name, title, date
 *     and sections.  Editing a document's body keeps it; editing its
 *     title, number or dates changes it (every page is rendered again).
 *   - the history key of a document (memo_history): the site key, whether
 *     the clone is shallow, every field of every version the history pages
 *     show (commit id, short id, time, author, summary, path, blob id,
 *     kind), the blob id of the text built and whether it differs from
 *     HEAD's.  It keys the document's history.html, v-*.html and diff-*.html.
 *   - the page key of a document (render.c): its history key, the blob id
 *     of its text, and the documents that point at it (relations and
 *     citations, with their labels).  It keys <slug>/index.html.
 *   - the keys of the views (viewsint.h, struct vmemo): each page of the
 *     views (a page of the all-measures table, of a topic's or of a
 *     department's lists, the overview and index pages, a year of the
 *     timeline, the timeline's index, the in-force page) and each data file
 *     (feed.xml, sitemap.xml, data/documents.json, data/inforce.json with
 *     data/inforce.js, data/measures.csv) is a group of its own, keyed by
 *     the site key with nav_views, its kind and identity (page number,
 *     topic or department id), and what it shows: the hashes of the
 *     documents and measures it lists, in order, with their roles, and
 *     what it shows of the others (counts, the number of pages,
 *     neighbouring years, the topic list, the filter options, the in-force
 *     bounds); an index page by its whole page data (memo_value).  The hash
 *     of a document covers every front matter field, its status, level and
 *     number of measures and its issuers' departments (id and name); that
 *     of a measure its document's hash, its number in it, every field of it
 *     but its line and column (memo_measure) and the topics and departments
 *     (id and name) it resolves to.  The views key covers the site key and
 *     every such hash: while it is the last build's, the groups the last
 *     build saved (viewsfile.h) are reused without their keys being made
 *     again.  A body edit outside the measures keeps every key; editing a
 *     measure changes the keys of the pages that list it and of
 *     data/measures.csv, whose rows of the other documents are then copied
 *     from its published copy (viewsfile.h: each document's rows keyed by
 *     the site key and its measures' hashes).
 *   - the key of a block of the saved search index (search.c, block_key):
 *     cache_env, the format, and every field of its entries tokenising
 *     reads (titles, 发文字号, issuers, departments, topics, bodies by
 *     hash or slice, measure or not, its document) and the doc_titles the
 *     coding of the text files counts (the block's characters are saved).
 *   - the key of a text file of the search index (searchwrite.c): cache_env
 *     (not the site key: these files show nothing of other documents), the
 *     coding tables, the file's number and every field of its entries that
 *     the file codes (their ids, titles, 发文字号, bodies; a slice by its
 *     document's hash and its byte offset and length, which fix the UTF-16
 *     offsets the file shows).
 *
 * Fields are written length-prefixed, so that no two different lists of
 * fields hash alike by concatenation.  Nothing is allocated that outlives
 * a call.
 */
#ifndef HUIBIAN_MEMO_H
#define HUIBIAN_MEMO_H

#include <stddef.h>

#include "buf.h"
#include "hash.h"

struct doc;
struct history;
struct history_doc;
struct measure;
struct site;
struct value;

/* Start the fields of a key in b: the base key (NULL: none) and the kind. */
void memo_begin(struct buf *b, const unsigned char *base, const char *kind);
/* The same in a buffer already initialised, keeping its memory (for the
 * keys of many items in turn). */
void memo_restart(struct buf *b, const unsigned char *base, const char *kind);
/* Add a string (NULL differs from ""), bytes, a number. */
void memo_str(struct buf *b, const char *s);
void memo_bytes(struct buf *b, const void *p, size_t len);
void memo_num(struct buf *b, long long n);
/* out = the hash of the fields in b; b is released. */
void memo_end(unsigned char out[HASH_SIZE], struct buf *b);
/* The same, b kept (for memo_restart). */
void memo_hash(unsigned char out[HASH_SIZE], const struct buf *b);

/* The site key of s (its documents linked and extracted, s->today set),
 * from env (cache_env) and history h (NULL: none). */
void memo_site(unsigned char out[HASH_SIZE], const unsigned char env[HASH_SIZE],
	       const struct site *s, const struct history *h);
/* Add every front matter field of doc and its status. */
void memo_doc_front(struct buf *b, const struct doc *doc);
/* out = the hash of a measure's text and summary (NULL allowed), made
 * without copying them: where they are made or read back, while they are
 * in the processor's cache (struct measure's text_hash). */
void memo_text_hash(unsigned char out[HASH_SIZE], const char *text, const char *summary);
/* Add every field of measure m but where it was written (its line and
 * column, which only the warnings of views_check name); its text and
 * summary by memo_text_hash (m->text_hash when m->has_text_hash). */
void memo_measure(struct buf *b, const struct measure *m);
/* Add the value tree v (NULL allowed): every type, text, number, key and
 * item, in order. */
void memo_value(struct buf *b, const struct value *v);
/* The history key of document hd of h, built as live (NULL: deleted). */
void memo_history(unsigned char out[HASH_SIZE], const unsigned char site[HASH_SIZE],
		  const struct history *h, const struct history_doc *hd, const struct doc *live);

#endif
