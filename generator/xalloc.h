/* xalloc.h - allocation that never returns NULL.
 *
 * Out-of-memory is handled in exactly one place: these wrappers print a
 * message and abort().  Everything they return is freed with free().
 *
 * The allocator: jemalloc (Debian's libjemalloc-dev) when the Makefile
 * links it (HUIBIAN_JEMALLOC: every build but the sanitizer one, which
 * keeps its own), else the C library's.  The build makes and frees
 * millions of small blocks on several threads; with jemalloc it takes
 * about a quarter less CPU than with glibc's malloc (tests/bench/README.md).
 */
#ifndef HUIBIAN_XALLOC_H
#define HUIBIAN_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grow an array of nmemb elements of size bytes, aborting on overflow. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
/* Copy len bytes of s and NUL-terminate the copy. */
char *xstrndup(const char *s, size_t len);
/* Give the memory freed so far back to the system where the allocator can
 * (jemalloc: purge every arena; glibc: malloc_trim; elsewhere nothing):
 * after a stage that freed much,
 * so that the next one does not add its peak to the freed pages. */
void xtrim(void);

#endif
