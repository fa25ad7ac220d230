/* progress.c - the build's progress line and phase times; see progress.h. */
#include <stdarg.h>
#include <sys/resource.h>
#include <unistd.h>

#include "progress.h"

static double since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* User + system time of every thread of the process so far. */
static double cpu_seconds(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* Redraw the line (caller holds the lock).  "\r" + erase to end of line,
 * so a shorter line leaves nothing behind. */
static void draw(struct progress *p)
{
	const char *phase = atomic_load(&p->phase);
	size_t total = atomic_load(&p->docs_total), done = atomic_load(&p->docs_done);
	void *ctx = atomic_load(&p->pages_ctx);

	fprintf(p->to, "\r\033[Khuibian: %s", phase ? phase : "start");
	if (total)
		fprintf(p->to, ", %zu/%zu documents", done, total);
	if (p->pages && ctx)
		fprintf(p->to, ", %zu pages written", p->pages(ctx));
	fprintf(p->to, ", %.1f s", since(&p->t0));
	fflush(p->to);
}

static void *display(void *arg)
{
	struct progress *p = arg;
	const struct timespec tick = {0, 100 * 1000 * 1000};

	while (!atomic_load(&p->stop)) {
		nanosleep(&tick, NULL);
		pthread_mutex_lock(&p->lock);
		if (!atomic_load(&p->stop))
			draw(p);
		pthread_mutex_unlock(&p->lock);
	}
	return NULL;
}

void progress_start(struct progress *p, FILE *to, int quiet, int verbose)
{
	p->to = to;
	p->verbose = verbose;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	p->phase_t0 = p->t0;
	p->phase_cpu0 = cpu_seconds();
	atomic_init(&p->phase, NULL);
	atomic_init(&p->docs_done, 0);
	atomic_init(&p->docs_total, 0);
	atomic_init(&p->pages_ctx, NULL);
	atomic_init(&p->stop, 0);
	p->pages = NULL;
	pthread_mutex_init(&p->lock, NULL);
	p->live = !quiet && isatty(fileno(to));
	if (p->live && pthread_create(&p->thread, NULL, display, p) != 0)
		p->live = 0; /* no display rather than no build */
}

/* Print the time of the phase that ends now (verbose only). */
static void end_phase(struct progress *p)
{
	const char *phase = atomic_load(&p->phase);
	double cpu = cpu_seconds();

	if (phase && p->verbose) {
		pthread_mutex_lock(&p->lock);
		if (p->live)
			fputs("\r\033[K", p->to);
		fprintf(p->to, "huibian: %-14s %8.3f s wall %8.3f s CPU\n", phase,
			since(&p->phase_t0), cpu - p->phase_cpu0);
		fflush(p->to);
		pthread_mutex_unlock(&p->lock);
	}
	clock_gettime(CLOCK_MONOTONIC, &p->phase_t0);
	p->phase_cpu0 = cpu;
}

void progress_note(struct progress *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->verbose)
		return;
	pthread_mutex_lock(&p->lock);
	if (p->live)
		fputs("\r\033[K", p->to);
	fputs("huibian: ", p->to);
	va_start(ap, fmt);
	vfprintf(p->to, fmt, ap);
	va_end(ap);
	fputc('\n', p->to);
	fflush(p->to);
	pthread_mutex_unlock(&p->lock);
}

void progress_phase(struct progress *p, const char *name)
{
	end_phase(p);
	atomic_store(&p->docs_done, 0);
	atomic_store(&p->docs_total, 0);
	atomic_store(&p->phase, name);
}

/* Setting the total also draws the line at once: a phase that counts
 * documents shows from its start, however short. */
void progress_docs_total(struct progress *p, size_t n)
{
	atomic_store(&p->docs_total, n);
	if (p->live) {
		pthread_mutex_lock(&p->lock);
		draw(p);
		pthread_mutex_unlock(&p->lock);
	}
}

void progress_doc_done(struct progress *p)
{
	atomic_fetch_add(&p->docs_done, 1);
}

void progress_pages_from(struct progress *p, progress_pages_fn fn, void *ctx)
{
	p->pages = fn;
	atomic_store(&p->pages_ctx, ctx);
}

double progress_elapsed(const struct progress *p)
{
	return since(&p->t0);
}

void progress_stop(struct progress *p)
{
	if (!p->to)
		return;
	end_phase(p);
	atomic_store(&p->phase, NULL);
	if (p->live) {
		atomic_store(&p->stop, 1);
		pthread_join(p->thread, NULL);
		fputs("\r\033[K", p->to);
		fflush(p->to);
	}
	pthread_mutex_destroy(&p->lock);
	p->to = NULL;
}
