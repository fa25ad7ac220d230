/* xalloc.h - allocation that never returns NULL.
 *
 * Out-of-memory is handled in exactly one place: these wrappers print a
 * message and abort().  Everything they return is freed with free().
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
 * (glibc: malloc_trim; elsewhere nothing): after a stage that freed much,
 * so that the next one does not add its peak to the freed pages. */
void xtrim(void);

#endif
