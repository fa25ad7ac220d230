/* tap.h - a tiny TAP producer for the C unit tests.
 *
 *     #include "tap.h"
 *     int main(void) { ok(1 + 1 == 2, "sum"); is_str(a, "x", "name"); return tap_done(); }
 *
 * Prints "ok N - name" / "not ok N - name" with a diagnostic on failure and
 * the plan "1..N" at the end; tap_done returns the exit status (non-zero if
 * any test failed).  Header-only, state in static variables of the test.
 */
#ifndef HUIBIAN_TAP_H
#define HUIBIAN_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), unused));
static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		tap_failed++;
		printf("#   Failed test at %s line %d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

static void tap_diag_str(const char *label, const char *s) __attribute__((unused));
static void tap_diag_str(const char *label, const char *s)
{
	printf("#   %8s: ", label);
	for (; s && *s; s++) {
		putchar(*s);
		if (*s == '\n')
			printf("#             ");
	}
	printf("%s\n", s ? "" : "(null)");
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...)                                                                     \
	do {                                                                                       \
		long long g_ = (long long)(got), w_ = (long long)(want);                           \
		if (!ok(g_ == w_, __VA_ARGS__))                                                    \
			printf("#        got: %lld\n#   expected: %lld\n", g_, w_);                \
	} while (0)
#define is_str(got, want, ...)                                                                     \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		if (!ok(g_ && w_ && strcmp(g_, w_) == 0, __VA_ARGS__)) {                           \
			tap_diag_str("got", g_);                                                   \
			tap_diag_str("expected", w_);                                              \
		}                                                                                  \
	} while (0)
#define skip_all(why)                                                                              \
	do {                                                                                       \
		printf("1..0 # SKIP %s\n", why);                                                   \
		return 0;                                                                          \
	} while (0)

static int tap_done(void) __attribute__((unused));
static int tap_done(void)
{
	printf("1..%d\n", tap_count);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

#endif
