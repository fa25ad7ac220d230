/* diag.h - diagnostics in the one format every message uses:
 *
 *     path:line:col: error: message
 *     path:line:col: warning: message
 *
 * Messages are collected in order in a buffer and printed by diag_flush, so
 * that callers decide where they go.  diag_release frees the buffer.
 * Reporting is thread-safe; for a deterministic order, parallel work
 * reports into one diag per item and diag_append merges them in order.
 */
#ifndef HUIBIAN_DIAG_H
#define HUIBIAN_DIAG_H

#include <pthread.h>
#include <stdio.h>

#include "buf.h"

struct diag {
	struct buf text; /* collected messages, one per line */
	int errors;
	int warnings;
	pthread_mutex_t lock; /* messages may come from several threads */
};

#define DIAG_INIT                                                                                  \
	{                                                                                          \
		BUF_INIT, 0, 0, PTHREAD_MUTEX_INITIALIZER                                          \
	}

/* line and col are 1-based; 0 is printed as 1. */
void diag_error(struct diag *d, const char *path, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void diag_warning(struct diag *d, const char *path, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Write the collected messages to fp and forget them (counts are kept).
 * Returns 0, or -1 if writing failed. */
int diag_flush(struct diag *d, FILE *fp);
/* Move src's messages and counts to the end of dst (src is emptied). */
void diag_append(struct diag *dst, struct diag *src);
void diag_release(struct diag *d);

#endif
