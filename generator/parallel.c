/* parallel.c - a minimal work-sharing loop over pthreads; see parallel.h.
 * Hand-written: a shared atomic counter is all it needs. */
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "xalloc.h"

struct work {
	size_t n;
	atomic_size_t next;
	void (*fn)(size_t i, void *ctx);
	void *ctx;
};

static void *worker(void *arg)
{
	struct work *w = arg;
	size_t i;

	while ((i = atomic_fetch_add(&w->next, 1)) < w->n)
		w->fn(i, w->ctx);
	return NULL;
}

void parallel_for(size_t n, int jobs, void (*fn)(size_t i, void *ctx), void *ctx)
{
	struct work w;
	pthread_t *threads;
	int t, started = 0;
	size_t i;

	if (jobs <= 1 || n < 2) {
		for (i = 0; i < n; i++)
			fn(i, ctx);
		return;
	}
	if ((size_t)jobs > n)
		jobs = (int)n;
	w.n = n;
	atomic_init(&w.next, 0);
	w.fn = fn;
	w.ctx = ctx;
	threads = xcalloc((size_t)jobs, sizeof(*threads));
	for (t = 1; t < jobs; t++)
		if (pthread_create(&threads[t], NULL, worker, &w) == 0)
			started++, threads[started] = threads[t];
	worker(&w); /* this thread works too; if no thread started it does all */
	for (t = 1; t <= started; t++)
		pthread_join(threads[t], NULL);
	free(threads);
}

int parallel_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}
