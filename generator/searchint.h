/* searchint.h - internals shared by search.c (building) and searchwrite.c
 * (writing); not for other modules.  All memory belongs to the index and is
 * freed by search_index_free. */
#ifndef HUIBIAN_SEARCHINT_H
#define HUIBIAN_SEARCHINT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Varint digits (static/search.js has the same strings): a value is written
 * in groups of 5 bits, high first, every group but the last with a
 * SEARCH_CONT digit and the last with a SEARCH_FINAL digit. */
#define SEARCH_FINAL "0123456789abcdefghijklmnopqrstuv"
#define SEARCH_CONT "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-"

struct search_term {
	char *str; /* normalised UTF-8 */
	size_t len;
	uint32_t hash;	 /* search_fnv1a of str */
	uint32_t last;	 /* id of the last entry in post */
	uint32_t df;	 /* entries in post */
	struct buf post; /* varint pairs, see search.c */
};

struct search_doc { /* copies of the entry's strings; "" when absent */
	char *url, *title, *doc_title, *number, *issuers, *depts, *topics, *body;
	char *date, *level, *status_label, *status_class;
	int is_measure;
	size_t length; /* unigrams + words of all indexed fields */
};

struct search_index {
	struct search_term *terms;
	size_t nterms, termcap;
	uint32_t *slots; /* open addressing: term index + 1, 0 = empty */
	size_t cap;	 /* power of two */
	struct search_doc *docs;
	size_t ndocs, doccap;
	uint64_t *occ; /* scratch of search_index_add: term id << 1 | flag */
	size_t nocc, occcap;
	size_t total_length, text_bytes;
	size_t nshards, manifest_bytes, shard_bytes, store_bytes; /* set by write */
};

uint32_t search_fnv1a(const char *s, size_t len);
void search_put_varint(struct buf *b, uint32_t v);

#endif
