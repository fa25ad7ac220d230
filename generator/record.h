/* record.h - the files the build cache saves beside its record (the
 * history walk, histcache.h; the extracted documents, extcache.h): framed
 * text with binary-safe fields.
 *
 *   <magic> <format> <HUIBIAN_VERSION>\n
 *   out <absolute output folder>\n        (so that the cache can prune it)
 *   key <hex>\n                           (when the file has one key)
 *   … fields …
 *   end <hex of the hash of everything after the first line up to here>\n
 *
 * A field is a string "<length>:<bytes> " ("- " for NULL) or a decimal
 * number "<n> "; a newline may stand for the space after a number.
 *
 * Reading never trusts the file: a cursor that meets anything malformed
 * (a wrong frame, a length past the end, a NUL byte in a string, a count
 * larger than the rest of the file could hold) sets bad, after which every
 * read returns 0 or NULL.  Strings returned are malloc'ed (the caller frees
 * them), but for record_get_strz's, which point into the data read;
 * nothing else is allocated that outlives a call.
 */
#ifndef HUIBIAN_RECORD_H
#define HUIBIAN_RECORD_H

#include <stddef.h>

#include "buf.h"
#include "hash.h"

#define RECORD_MAX (1ULL << 30) /* a larger file is not read */

/* Start a file in b (emptied): the first line, the out line and, when key
 * is not NULL, the key line.  Returns where the hashed part starts, for
 * record_end. */
size_t record_begin(struct buf *b, const char *magic, int format, const char *out,
		    const unsigned char *key);
/* Append the end line (hash of b from body on). */
void record_end(struct buf *b, size_t body);
void record_put_str(struct buf *b, const char *s);
/* A string written with a NUL after its bytes instead of the space, so
 * that a reader of a mapped file (record_map_file) can point into it:
 * "<length>:<bytes>\0" ("- " for NULL).  Read with record_get_strz. */
void record_put_strz(struct buf *b, const char *s);
void record_put_num(struct buf *b, long long n);

struct record_cursor {
	const char *p, *end; /* what is left to read */
	int bad;
};

/* Read the whole regular file at path into out (emptied first), in a
 * buffer sized and mapped at once.  0, or -1 when it cannot be read or is
 * larger than max bytes. */
int record_read_all(struct buf *out, const char *path, unsigned long long max);
/* The same with max RECORD_MAX. */
int record_read_file(struct buf *out, const char *file);

/* A file mapped read-only (private, its pages mapped at once): the
 * strings record_get_strz returns point into it, so it must stay mapped
 * while they are used.  A file truncated in place by another process
 * while mapped would fault (SIGBUS); huibian only ever replaces its cache
 * files by renaming. */
struct record_map {
	const char *data; /* NULL for an empty file */
	size_t len;
};
#define RECORD_MAP_INIT                                                                            \
	{                                                                                          \
		NULL, 0                                                                            \
	}

/* Map the regular file at path (at most RECORD_MAX bytes) into *m.  0, or
 * -1 when it cannot be (then *m is empty). */
int record_map_file(struct record_map *m, const char *path);
/* Unmap m (an empty one is a no-op) and empty it. */
void record_unmap(struct record_map *m);
/* Check the frame of data[0..len) (first line of magic and format, end
 * hash), the out line and, when key is not NULL, the key line; point k at
 * the fields.  0, or -1 when the file is not such a file. */
int record_open(struct record_cursor *k, const char *data, size_t len, const char *magic,
		int format, const unsigned char *key);
long long record_get_num(struct record_cursor *k);
/* A string (malloc'ed), or NULL for "- " (and when bad). */
char *record_get_str(struct record_cursor *k);
/* A string written by record_put_strz, borrowed from the data read (NUL-
 * terminated there; NULL for "- " and when bad), its length in *len. */
const char *record_get_strz(struct record_cursor *k, size_t *len);
/* A string that must fit out[cap] with its NUL. */
void record_get_fixed(struct record_cursor *k, char *out, size_t cap);
/* n strings (n + 1 slots, malloc'ed); NULL entries refused unless nulls. */
char **record_get_strs(struct record_cursor *k, size_t n, int nulls);
/* A count of items the rest of the file can hold (each takes 2 bytes). */
size_t record_get_count(struct record_cursor *k);
/* The newline that ends a group of fields. */
void record_get_eol(struct record_cursor *k);

#endif
