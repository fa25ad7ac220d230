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

#define SEARCH_WORD_BIT ((uint64_t)1 << 63)
#define SEARCH_TERM_BITS 22 /* at most 4M terms */

struct search_term {
	uint64_t key;	 /* CJK: first << 21 | second (0 for an end key);
			    word: SEARCH_WORD_BIT | index in words */
	uint32_t last;	 /* id of the last entry in post */
	uint32_t df;	 /* entries in post */
	uint32_t tfsum;	 /* occurrences in all entries */
	struct buf post; /* varints, see search.c */
};

struct search_count { /* per term: its counts in the entry being added */
	uint32_t cur; /* entry id + 1, 0 = none */
	uint32_t tf;  /* tf << 1 | in the title or 发文字号 */
};

struct search_word {
	char *str; /* normalised UTF-8 */
	size_t len;
	uint32_t hash, term;
};

struct search_doc { /* copies of the entry's strings; "" when absent */
	char *url, *title, *doc_title, *number, *issuers, *depts, *topics, *body;
	char *date, *level, *status_label, *status_class;
	int is_measure;
	long parent;   /* for a measure: the entry id of its document, or -1 */
	size_t length; /* characters and words of all indexed fields */
};

struct search_index {
	struct searchtok *tok; /* NULL until the first entry; see error */
	struct buf error;      /* why tok could not be opened */
	struct search_term *terms;
	size_t nterms, termcap;
	uint64_t *slots; /* CJK keys, open addressing: key << 22 | term + 1;
			    0 = empty */
	size_t cap;	 /* power of two */
	struct search_word *words;
	size_t nwords, wordcap;
	uint32_t *wslots; /* words: index in words + 1 */
	size_t wcap;
	struct search_count *counts; /* per term */
	uint32_t *touched;	     /* terms of the entry being added */
	size_t ntouched, touchcap;
	struct searchtok_cps cps; /* scratch of search_index_add */
	struct search_doc *docs;
	size_t ndocs, doccap;
	long last_doc; /* id of the last document (non-measure) entry, or -1 */
	size_t total_length, text_bytes;
	size_t nshards, nchunks, manifest_bytes, shard_bytes, store_bytes; /* set by write */
};

uint32_t search_fnv1a(const char *s, size_t len);
void search_put_varint(struct buf *b, uint32_t v);
/* Append the UTF-8 of term t (its word, or its one or two characters). */
void search_term_str(const struct search_index *ix, const struct search_term *t, struct buf *out);

#endif
