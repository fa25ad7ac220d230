/* progress.h - what a build is doing, for the person waiting for it.
 *
 * Three outputs, all on the stream given to progress_start (stderr):
 *   - on a terminal, a one-line display redrawn in place about ten times a
 *     second by a thread of its own: the phase, documents parsed out of
 *     the total, pages written, elapsed seconds; erased when the build
 *     ends (nothing at all when the stream is not a terminal, or -q);
 *   - with verbose, one line per phase when it ends: its wall and CPU time
 *     (and the notes a phase adds, progress_note);
 *   - the caller prints the final summary itself (progress_elapsed).
 *
 * Counters are updated from any thread (atomics); the phase changes only
 * from the thread that called progress_start.  Nothing here allocates
 * after progress_start, and progress_stop releases everything it made.
 */
#ifndef HUIBIAN_PROGRESS_H
#define HUIBIAN_PROGRESS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

/* Pages written so far, asked by the display thread (may be NULL). */
typedef size_t (*progress_pages_fn)(void *ctx);

struct progress {
	FILE *to;
	int live;    /* the display thread runs (a terminal, not quiet) */
	int verbose; /* one line per phase */
	struct timespec t0, phase_t0;
	double phase_cpu0;
	const char *_Atomic phase;
	atomic_size_t docs_done, docs_total;
	progress_pages_fn pages;
	void *_Atomic pages_ctx;
	atomic_int stop;
	pthread_t thread;
	pthread_mutex_t lock; /* one writer on the stream at a time */
};

/* Start: live display when `to` is a terminal and not quiet; verbose
 * phase lines when verbose (even when not a terminal). */
void progress_start(struct progress *p, FILE *to, int quiet, int verbose);
/* Enter a phase (a short English word: "parse", "render" …); ends the
 * previous one, printing its time when verbose. */
void progress_phase(struct progress *p, const char *name);
/* With verbose, one line "huibian: <text>" about the current phase (what
 * the cache spared, say); nothing otherwise. */
void progress_note(struct progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Counters (any thread).  A phase that counts documents sets the total
 * after progress_phase (which resets both). */
void progress_docs_total(struct progress *p, size_t n);
void progress_doc_done(struct progress *p);
/* Where the display finds the number of pages written so far. */
void progress_pages_from(struct progress *p, progress_pages_fn fn, void *ctx);
/* Seconds since progress_start. */
double progress_elapsed(const struct progress *p);
/* End the last phase, stop the display and erase its line.  Safe to
 * call twice, and on a progress never started (all zero). */
void progress_stop(struct progress *p);

#endif
