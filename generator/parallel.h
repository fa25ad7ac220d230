/* parallel.h - run independent pieces of work on several threads. */
#ifndef HUIBIAN_PARALLEL_H
#define HUIBIAN_PARALLEL_H

#include <stddef.h>

/* Call fn(i, ctx) once for every i in [0, n), on up to `jobs` threads
 * (including this one); jobs <= 1 runs them here, in order.  fn must be
 * safe to run concurrently for different i.  Returns when all are done.
 * Results must not depend on the order: write them to slot i. */
void parallel_for(size_t n, int jobs, void (*fn)(size_t i, void *ctx), void *ctx);
/* The number of CPUs available (at least 1). */
int parallel_cpus(void);

#endif
