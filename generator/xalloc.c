/* xalloc.c - the one place where out-of-memory aborts. */
#include "xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef HUIBIAN_JEMALLOC
#include <jemalloc/jemalloc.h>
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

#ifdef HUIBIAN_JEMALLOC
/* jemalloc reads its options from this variable before MALLOC_CONF (which
 * still overrides it).  thp, metadata_thp: transparent huge pages for the
 * heap and jemalloc's own metadata.  A build touches hundreds of megabytes
 * once; in 2 MB pages that is a few hundred page faults instead of
 * ~100,000 (one edit at 10,000 documents: 84,000 -> 16,000 faults, 2.0 ->
 * 1.7 s on a virtual machine whose faults cost ~10 us).  percpu_arena: one
 * arena per core, so that the threads of one stage reuse what those of
 * the stage before freed instead of touching new pages (another 0.1 s).
 * tests/bench/README.md has the figures. */
const char *malloc_conf = "thp:always,metadata_thp:always,percpu_arena:percpu";
#endif

static void die_oom(size_t size)
{
	fprintf(stderr, "huibian: out of memory (requested %zu bytes)\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		die_oom(size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom(nmemb * size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		die_oom(size);
	return p;
}

void *xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		die_oom(SIZE_MAX);
	return xrealloc(ptr, nmemb * size);
}

char *xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void xtrim(void)
{
#ifdef HUIBIAN_JEMALLOC
	/* "arena.<MALLCTL_ARENAS_ALL>.purge": every arena's unused pages */
	mallctl("arena.4096.purge", NULL, NULL, NULL, 0);
#elif defined(__GLIBC__)
	malloc_trim(0);
#endif
}
