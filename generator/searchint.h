/* searchint.h - internals shared by search.c (building) and searchwrite.c
 * (writing); not for other modules.  All memory belongs to the index and is
 * freed by search_index_free. */
#ifndef HUIBIAN_SEARCHINT_H
#define HUIBIAN_SEARCHINT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
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
};

#define NO_SEG UINT32_MAX

struct search_doc { /* copies of the entry's strings; "" when absent */
	char *url, *title, *doc_title, *number, *issuers, *depts, *topics;
	char *body; /* NULL for a slice of the parent's body */
	char *date, *level, *status_label, *status_class;
	int is_measure;
	long parent;	 /* for a measure: the entry id of its document, or -1 */
	size_t body_off; /* a slice: its byte offset in the parent's body */
	size_t body_len; /* bytes of the body */
	size_t length;	 /* characters and words of all indexed fields */
};

struct part;

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
	long last_doc; /* id of the last document (non-measure) entry, or -1 */
	size_t scan;   /* where the next measure of last_doc is looked for */
	size_t total_length, text_bytes;
	size_t nshards, nchunks, manifest_bytes, shard_bytes, store_bytes; /* set by write */
	double secs[4]; /* set by write: see struct search_stats */
};

uint32_t search_fnv1a(const char *s, size_t len);
void search_put_varint(struct buf *b, uint32_t v);
/* Append the postings of merged term t (t->plen bytes), see search.c. */
void search_term_postings(const struct search_index *ix, const struct search_term *t,
			  struct buf *out);
/* Append the UTF-8 of term t (its word, or its one or two characters). */
void search_term_str(const struct search_term *t, struct buf *out);
/* The body of entry d: its own or its slice of the parent's. */
const char *search_doc_body(const struct search_index *ix, const struct search_doc *d);
/* Tokenise every entry (on ix->jobs threads) into ix->terms.  0, or -1
 * with a message in err when OpenCC cannot be loaded. */
int search_index_build(struct search_index *ix, struct buf *err);

#endif
