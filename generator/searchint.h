/* searchint.h - internals shared by search.c (building) and searchwrite.c
 * (writing); not for other modules.  All memory belongs to the index and is
 * freed by search_index_free. */
#ifndef HUIBIAN_SEARCHINT_H
#define HUIBIAN_SEARCHINT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "hash.h"
#include "searchtok.h"

/* Varint digits (static/search.js has the same strings): printable ASCII
 * without " & , : < > \ |.  A value v is written as v % 48 in a SEARCH_FINAL
 * digit, preceded by v / 48 in SEARCH_CONT digits (base 38, high first, none
 * when v < 48). */
#define SEARCH_FINAL "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL"
#define SEARCH_CONT "MNOPQRSTUVWXYZ!#$%'()*+-./;=?@[]^_`{}~"
#define SEARCH_NFINAL 48
#define SEARCH_NCONT 38

#define SEARCH_WORD_BIT ((uint64_t)1 << 41)

struct search_term {
	uint64_t key;	      /* CJK: first << 21 | second (0 for an end key);
				 word: SEARCH_WORD_BIT | fnv1a of word */
	char *word;	      /* a word's normalised UTF-8 (owned), else NULL */
	size_t wlen;	      /* its length */
	uint32_t first, last; /* ids of the first and last entry */
	uint32_t first_tf;    /* the first entry's tf << 1 | in title */
	uint32_t df;	      /* entries */
	uint32_t tfsum;	      /* occurrences in all entries */
	const char *ppost;    /* a part's term: its postings (every entry but
				 the first; the part's) */
	size_t plen;	      /* a part's term: bytes of ppost; a merged term:
				 bytes of its postings (search_term_postings) */
	/* The postings of a merged term are those of the same key's terms
	 * of the parts (its segments), each part's first entry re-based:
	 * seg_part, seg_term name the first segment (in a merged term) or
	 * the next (in a part's term); seg_part NO_SEG when there is none. */
	uint32_t seg_part, seg_term;
	uint32_t tail_part, tail_term; /* a merged term: its last segment */
	/* a part's term: its skip points (struct search_skip), the part's
	 * skips[skip_at .. skip_at + nskip) */
	uint32_t skip_at, nskip;
};

#define NO_SEG UINT32_MAX

/* A skip point of a posting list: at byte off begins a posting; before it
 * lie df postings of tfsum occurrences in all, the last of entry id.  In a
 * part's term, off counts from its ppost and df, tfsum include its first
 * entry; in the saved index (searchcache.h), off counts from the start of
 * the merged postings.  They let a rebuild find where a run of entries
 * begins in a long list without decoding it all. */
struct search_skip {
	uint32_t off, id, df, tfsum;
};

#define SEARCH_SKIP 128 /* bytes of postings between skip points, about */

/* A block of entries for the saved index: a run of whole documents with
 * their measures, cut where the texts say (search.c), keyed by everything
 * tokenising it reads. */
struct search_block {
	size_t from, to; /* entries */
	unsigned char key[HASH_SIZE];
	long saved;	   /* the same block in the saved index (its number), or -1 */
	long match;	   /* the same, kept when choose_runs has it tokenised (saved -1) */
	size_t text_bytes; /* of its indexed fields (search_stats) */
	/* the characters of its stored fields (what searchwrite.c's coding
	 * counts: titles, 发文字号, own bodies, the doc_title of a measure
	 * without its document) with their counts: nchars pairs of u4 code
	 * point, u4 count (little-endian), code points rising; the saved
	 * index's when the block was found there, else own_chars */
	const unsigned char *chars;
	size_t nchars;
	unsigned char *own_chars;
};

struct search_doc { /* copies of the entry's strings (in the index's pool); "" when absent */
	const char *url, *title, *doc_title, *number, *issuers, *depts, *topics;
	char *body;   /* owned (malloc'ed) unless borrowed; NULL for a slice of
			 the parent's body */
	int borrowed; /* body is the caller's (search_index_add_borrowed) */
	const char *date, *level, *status_label, *status_class;
	int is_measure;
	long parent;		       /* for a measure: the entry id of its document, or -1 */
	size_t body_off;	       /* a slice: its byte offset in the parent's body */
	size_t body_len;	       /* bytes of the body */
	size_t length;		       /* characters and words of all indexed fields */
	unsigned char hash[HASH_SIZE]; /* of an own body, once hashed (blocks' keys) */
	int hashed;		       /* hash is set (when added, with a memo key) */
};

/* Where the entries' strings are copied: chunks of POOL_CHUNK bytes or
 * more, freed with the index (search.c, pool_dup). */
struct search_pool {
	char **chunks;
	size_t n, cap;
	char *at;    /* the free bytes of the last chunk */
	size_t left; /* how many */
};

struct part;
struct scache;

struct search_index {
	int jobs;
	const unsigned char *memo; /* the memo base key of the text files, or NULL */
	struct part *parts;	   /* the tokenised parts, see search.c */
	size_t nparts;
	struct searchtok *tok;
	struct search_term *terms; /* merged, in no particular order */
	size_t nterms;
	struct search_doc *docs;
	size_t ndocs, doccap;
	struct search_pool pool; /* the docs' strings but their bodies */
	long last_doc;		 /* id of the last document (non-measure) entry, or -1 */
	int settled;		 /* the bodies were settled (search.c, settle_bodies) */
	size_t total_length, text_bytes;
	size_t nshards, nchunks, manifest_bytes, shard_bytes, store_bytes; /* set by write */
	double secs[5]; /* set by write: see struct search_stats */
	/* the saved index (search_index_set_cache): its file and output
	 * folder (borrowed), the blocks of the entries, the saved index read
	 * (its postings are borrowed by the parts; NULL: none), how many
	 * blocks came from it, whether it holds exactly this index, and
	 * whether it is kept as it is, not written again (search.c,
	 * keep_saved) */
	const char *cache_file, *cache_out;
	struct search_block *blocks;
	size_t nblocks, blocks_saved;
	struct scache *saved;
	int saved_same, saved_keep;
	int saved_bad;	    /* a posting read from it did not decode (fill_parts) */
	size_t stale_max;   /* keep_saved's bound when not 0: for tests */
	int hashed;	    /* the hash of every own body is set (search_index_hash) */
	size_t block_min;   /* the blocks' BLOCK_MIN (search.c) when not 0: for tests */
	size_t cache_bytes; /* bytes of the file written (0: not written) */
};

uint32_t search_fnv1a(const char *s, size_t len);
void search_put_varint(struct buf *b, uint32_t v);
/* Append the postings of merged term t (t->plen bytes), see search.c;
 * and when skips is not NULL, its skip points (struct search_skip values,
 * offsets from the start of t's postings, SEARCH_SKIP / 2 bytes apart or
 * more) to skips. */
void search_term_postings(const struct search_index *ix, const struct search_term *t,
			  struct buf *out, struct buf *skips);
/* Append the UTF-8 of term t (its word, or its one or two characters). */
void search_term_str(const struct search_term *t, struct buf *out);
/* The body of entry d: its own or its slice of the parent's. */
const char *search_doc_body(const struct search_index *ix, const struct search_doc *d);
/* Set the hash of every entry's own body (not a slice's), on ix->jobs
 * threads, unless done. */
void search_index_hash(struct search_index *ix);
/* Set the characters of every block (struct search_block: chars) that
 * were not found in the saved index, counted on ix->jobs threads
 * (searchwrite.c). */
void search_block_chars(struct search_index *ix);
/* Tokenise every entry (on ix->jobs threads) into ix->terms.  0, or -1
 * with a message in err when OpenCC cannot be loaded. */
int search_index_build(struct search_index *ix, struct buf *err);

#endif
