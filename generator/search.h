/* search.h - the full-text search index of the generated site.
 *
 * The build adds one entry per document and per measure, in a deterministic
 * order, then writes the index as static files that static/search.js loads
 * with <script> tags (so it works over HTTP and from file://):
 *
 *   <dir>/manifest.js   huibianSearch.manifest({...}): one row per entry
 *                       (url, date, status, level, departments, topics,
 *                       measure flag, length), the filter vocabularies, the
 *                       variant table of the normaliser (from OpenCC), the
 *                       character table and the chunk starts of the texts
 *   <dir>/s/<k>.js      huibianSearch.shard(k,"..."): the postings of the
 *                       keys whose first character hashes to shard k;
 *                       the keys of a character that has many are in
 *                       parts of their own, s/<code point>-<part>.js
 *   <dir>/t/<c>.js      huibianSearch.text(c,[...]): title, document title,
 *                       发文字号 and body of a run of entries (a document
 *                       and its measures together; a measure's text is a
 *                       slice of its document's, a title that begins the
 *                       body its length), character-coded with repeats as
 *                       matches; loaded only for the candidates checked and
 *                       shown
 *
 * The formats are described in searchwrite.c and read by static/search.js;
 * the two must change together.  Same entries → byte-identical files,
 * whatever the number of threads.
 *
 * Ownership: search_index_add copies every string it keeps (a measure's
 * body that is part of its document's body is kept as a slice of it); the
 * caller's entry may be freed right after the call.  search_index_add_owned
 * takes the body instead of copying it; search_index_add_borrowed borrows
 * it until the index is freed.  Tokenising happens in
 * search_index_write.  search_index_free(NULL) is a
 * no-op.  An index is not shared between threads.
 */
#ifndef HUIBIAN_SEARCH_H
#define HUIBIAN_SEARCH_H

#include "diag.h"
#include "output.h"

struct search_entry {		  /* all strings borrowed; NULL = absent */
	const char *url;	  /* relative to the site root, e.g. "demo/a/index.html#m-3" */
	const char *title;	  /* document title, or a measure's first sentence */
	const char *doc_title;	  /* for a measure: its document's title */
	const char *number;	  /* 发文字号 */
	const char *issuers;	  /* 发文机关 joined by "、" */
	const char *depts;	  /* measure 责任单位 joined by "、" */
	const char *topics;	  /* joined by "、" */
	const char *body;	  /* plain text (no Markdown/HTML) */
	const char *date;	  /* YYYY-MM-DD 成文日期 or "" */
	const char *level;	  /* 国家/省/市/区县 or "" */
	const char *status_label; /* 现行有效/已修改/已废止/已失效/尚未生效 */
	const char *status_class; /* current/amended/repealed/expired/pending */
	int is_measure;
};

struct search_index;

struct search_index *search_index_new(void);
/* Tokenise on up to jobs threads (default 1); the files do not depend on
 * it. */
void search_index_set_jobs(struct search_index *ix, int jobs);
/* Key the text files (t/<c>.js) by base (HASH_SIZE bytes, borrowed until
 * the index is written; NULL: no memo): each is recorded with a memo key
 * (memo.h) and linked from the published site when its key is unchanged
 * (output_reuse). */
void search_index_set_memo(struct search_index *ix, const unsigned char *base);
/* Save the tokenised index in file (in the build cache, for output
 * folder out; both borrowed until the index is freed) and read back the
 * one saved there by the last build: the entries of blocks whose key
 * (searchint.h: the memo base key and every field tokenising reads) is
 * unchanged are not tokenised again (searchcache.h).  Needs the memo base
 * key (search_index_set_memo); NULL: no saved index.  The files written
 * do not depend on it. */
void search_index_set_cache(struct search_index *ix, const char *file, const char *out);
/* Make room for n entries in all (a hint: adding more works too). */
void search_index_reserve(struct search_index *ix, size_t n);
/* Index the fields title and 发文字号 (boosted), issuers, depts, topics and
 * body of e (doc_title is shown, not indexed).  Text that is not valid UTF-8
 * is stored but not indexed. */
void search_index_add(struct search_index *ix, const struct search_entry *e);
/* The same with the body given to the index (malloc'ed or NULL; e->body is
 * not read): it keeps it, or frees it when it keeps a slice of the
 * document's body instead.  Saves a copy of every text. */
void search_index_add_owned(struct search_index *ix, const struct search_entry *e, char *body);
/* The same with the body (len bytes, SIZE_MAX when not known; NUL-
 * terminated; e->body is not read) borrowed, not copied: it must stay
 * until the index is freed. */
void search_index_add_borrowed(struct search_index *ix, const struct search_entry *e,
			       const char *body, size_t len);
/* Add the entries of n items on the index's threads: fill(part, i, ctx)
 * adds item i's entries to part (with search_index_add and its kin, as to
 * an index) for every i in [0, n), and the index gets them in item order,
 * as if they had been added one after the other.  fill must be safe to run
 * for different items at once; an item's entries must not refer to
 * another item's (a measure's document is in its item). */
void search_index_add_items(struct search_index *ix, size_t n,
			    void (*fill)(struct search_index *part, size_t i, void *ctx),
			    void *ctx);
/* Write the files above under dir (e.g. "search") through o.  Returns 0, or
 * -1 with a message in d when a write failed or OpenCC's configuration could
 * not be loaded (then search_index_add indexed nothing). */
int search_index_write(struct search_index *ix, struct output *o, const char *dir, struct diag *d);
/* Figures for the build summary and the benchmark (after write). */
struct search_stats {
	size_t entries, terms, shards, chunks;
	size_t text_bytes;     /* UTF-8 bytes of all indexed fields */
	size_t manifest_bytes; /* manifest.js */
	size_t shard_bytes;    /* all s/<k>.js and parts s/<c>-<p>.js (shards
				  counts the former) */
	size_t store_bytes;    /* all t/<id>.js */
	/* wall seconds of the steps of search_index_write: tokenising and
	 * merging the postings, coding and writing the texts, the shards, the
	 * manifest */
	double build_s, texts_s, shards_s, manifest_s;
	/* the saved index: blocks of entries, those read from it (not
	 * tokenised), bytes of the file written (0: not written, also when
	 * it held this index already) and the seconds that took */
	size_t blocks, blocks_saved, cache_bytes;
	double cache_s;
};
void search_index_stats(const struct search_index *ix, struct search_stats *st);
void search_index_free(struct search_index *ix);

#endif
