/* hash.h - a fast 128-bit hash of bytes, to tell whether a file changed
 * (XXH3-128 of libxxhash).
 *
 * Not cryptographic: accidental collisions are out of reach (128 bits),
 * but someone who controls the bytes could construct two inputs with the
 * same hash.  Used by the build cache (cache.h) and the site writer
 * (output.h) on trusted inputs.  The value depends only on the bytes (and
 * is the same on every run and thread); nothing is allocated.
 */
#ifndef HUIBIAN_HASH_H
#define HUIBIAN_HASH_H

#include <stddef.h>
#include <sys/uio.h>

#define HASH_SIZE 16
#define HASH_HEX_SIZE (2 * HASH_SIZE + 1) /* with the NUL */

/* out = the hash of data[0..len). */
void hash_bytes(unsigned char out[HASH_SIZE], const void *data, size_t len);
/* out = the hash of the n pieces iov[0, n) one after the other (the same
 * as hash_bytes of their concatenation). */
void hash_pieces(unsigned char out[HASH_SIZE], const struct iovec *iov, size_t n);
/* Lower-case hex of h, NUL-terminated. */
void hash_hex(char out[HASH_HEX_SIZE], const unsigned char h[HASH_SIZE]);
/* Parse exactly 2*HASH_SIZE hex digits at s.  0, or -1 if malformed. */
int hash_parse(unsigned char out[HASH_SIZE], const char *s);
/* The same for n bytes from 2n lower-case hex digits (a git blob id). */
int hash_parse_bytes(unsigned char *out, size_t n, const char *s);

#endif
