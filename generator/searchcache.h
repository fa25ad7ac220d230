/* searchcache.h - the search index's postings saved in the build cache
 * ("search-<hash>" beside the record, cache_search_file) and read back by
 * the next build, so that a rebuild tokenises only the blocks of entries
 * whose text changed (search.c); for search.c only.
 *
 * What is saved is the merged index as the shards show it: for every term
 * its key, word, first and last entry, counts and postings (one string of
 * varints, searchint.h), with skip points every SEARCH_SKIP bytes or so,
 * and the blocks of entries (search.c cuts them where the texts say) with
 * the key of each, its characters counted and every entry's length.  The
 * next build keeps the
 * postings of a run of blocks whose keys are unchanged by finding where
 * the run begins and ends in each list (skip points, then a few postings
 * decoded): ids inside a list are deltas, so a run's postings are the same
 * bytes wherever the run moved, but for its first.
 *
 * File format (numbers are unsigned little-endian, u4 four bytes, u8
 * eight):
 *   huibian-search <SEARCHCACHE_FORMAT> <HUIBIAN_VERSION>\n
 *   out <absolute output folder>\n      (so that the cache can prune it)
 *   key <hex of the base key: cache_env>\n
 *   u4 entries, u4 blocks, u4 terms, u8 bytes of all postings
 *   per block: key (HASH_SIZE bytes), u4 entries
 *   per entry: u4 length (the entry's keys, for the ranking)
 *   per block: u4 characters, per character u4 code point (rising, below
 *             0x110000), u4 count (not 0): the characters of its stored
 *             fields (struct search_block), so that the text files'
 *             coding counts only the blocks not found
 *   the postings of every term, one after the other
 *   per term (the directory; its postings are the next ones above): u8
 *             key, u4 word bytes, the word, u4 first, u4 last, u4 df,
 *             u4 tfsum, u4 bytes of postings, u4 skips, per skip u4 off,
 *             u4 id, u4 df, u4 tfsum (struct search_skip)
 *   end <hex of the hash of the hashes of the pieces of 1 MiB (the last
 *       shorter) of everything after the first line up to here>\n
 * The file is written to a temporary file and renamed into place.  A file
 * that is missing, damaged (its end hash), of another format or version,
 * or of another base key is not used, nor one whose fields contradict
 * each other (counts, bounds, orders); postings that do not decode are
 * found while they are read and make search.c tokenise the blocks
 * instead.  Beyond that the bytes are trusted: the end hash guards against
 * accidents, not against someone who can write the cache folder.
 *
 * The file is mapped (read-only), not read: 4 ms, not 45, for the 75 MB of
 * 10,000 documents (2.1 MB for the 71 of the demo).  It is the size of
 * the shards (the postings) and 25 % more (skip points, directory, the
 * blocks' characters: 75 MB at 10,000 documents).
 *
 * Ownership: scache_read's (and scache_open's) result is freed with
 * scache_free (NULL is a no-op), which unmaps the file: the terms' words,
 * postings and skip points point into it, and so do the parts search.c
 * makes of them, until the index is freed.
 */
#ifndef HUIBIAN_SEARCHCACHE_H
#define HUIBIAN_SEARCHCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "hash.h"
#include "searchint.h"

#define SEARCHCACHE_FORMAT 2

struct scache_block {
	unsigned char key[HASH_SIZE];
	size_t from, to;	    /* its entries in the saved index */
	const unsigned char *chars; /* its characters: nchars pairs (struct search_block) */
	uint32_t nchars;
};

struct scache_term {
	uint64_t key;
	const char *word; /* wlen bytes (not NUL-terminated), NULL for a CJK key */
	uint32_t wlen;
	uint32_t first, last, df, tfsum;
	const char *post; /* plen bytes */
	uint32_t plen;
	const unsigned char *skips; /* nskips records of 16 bytes */
	uint32_t nskips;
};

struct scache {
	const char *map; /* the file, mapped */
	size_t maplen;
	const char *hashed_from, *body, *end; /* after the first line; binary body; end line */
	unsigned char *sums;		      /* the hash of each piece of the hashed bytes */
	size_t npieces;
	int parsed; /* the body parsed without a fault */
	size_t nentries;
	const unsigned char *lengths; /* nentries u4 */
	struct scache_block *blocks;
	size_t nblocks;
	struct scache_term *terms;
	size_t nterms;
	signed char digit[256]; /* a varint digit's value: final 0-47, 64 + continuing, -1 */
};

/* A place in the postings of a term: byte off, where a posting begins (or
 * the end), after df postings of tfsum occurrences, the last of entry id
 * (0 before the first). */
struct scache_pos {
	uint32_t off, id, df, tfsum;
};

/* Read file into *out when it is a saved index of base key key.  1 read,
 * 0 not (*out NULL).  The same in steps, so that threads can share the
 * work: scache_open maps the file when its header lines are right (1, or
 * 0 with *out NULL); then scache_hash_piece for each k < npieces and
 * scache_parse, in any order or at once; then scache_valid says whether
 * the hash and the fields are right (if not, free it unused). */
int scache_read(struct scache **out, const char *file, const unsigned char key[HASH_SIZE]);
int scache_open(struct scache **out, const char *file, const unsigned char key[HASH_SIZE]);
void scache_hash_piece(struct scache *c, size_t k);
void scache_parse(struct scache *c);
int scache_valid(const struct scache *c);
void scache_free(struct scache *c);
/* The saved length of entry id (< c->nentries). */
uint32_t scache_length(const struct scache *c, size_t id);
/* Skip point i (< t->nskips) of t. */
void scache_skip(const struct scache_term *t, uint32_t i, struct search_skip *sk);
/* Decode the posting of t at *pos into *id and *tf (tf << 1 | in title)
 * and move *pos past it: 1, 0 at the end, -1 when it does not decode or
 * its id is not after the one before. */
int scache_next(const struct scache *c, const struct scache_term *t, struct scache_pos *pos,
		uint32_t *id, uint32_t *tf);
/* The number of skip points of t before entry target (their ids lower). */
uint32_t scache_skips_below(const struct scache_term *t, uint32_t target);
/* Move *pos to the first posting of t whose entry id is target or more
 * (or to the end); *below (when not NULL) is set to
 * scache_skips_below(t, target).  0, or -1 when a posting does not
 * decode. */
int scache_seek(const struct scache *c, const struct scache_term *t, uint32_t target,
		struct scache_pos *pos, uint32_t *below);
/* Save ix (built, its blocks keyed) to file for base key key, as the
 * index of output folder out.  Returns the bytes written, or 0 (nothing is
 * left behind; the next build tokenises everything). */
size_t scache_write(const struct search_index *ix, const char *file, const char *out,
		    const unsigned char key[HASH_SIZE]);

#endif
