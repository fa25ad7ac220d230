/* blobid.h - git blob ids of texts in memory.
 *
 * The id of a blob is the SHA-1 of "blob <size>\0" followed by its bytes.
 * It is computed with OpenSSL's libcrypto (Debian's libssl-dev), which
 * uses the processor's SHA instructions where there are some: about four
 * times the speed of libgit2's collision-detecting SHA-1, whose time was
 * most of the parse stage's (every document file is hashed).  The ids are
 * only compared with the repository's, to know that a version in git is
 * the very text built; should libcrypto fail, libgit2 computes them.
 */
#ifndef HUIBIAN_BLOBID_H
#define HUIBIAN_BLOBID_H

#include <stddef.h>

/* The blob id of data[0..len) into out. */
void blobid_compute(unsigned char out[20], const void *data, size_t len);

#endif
