/* builddate.h - the day a build computes 时效性 for.  Never the clock, so
 * that builds are reproducible: --date if given, else SOURCE_DATE_EPOCH,
 * else the date of the newest commit of the git repository holding the
 * content folder, else the newest date found in the documents. */
#ifndef HUIBIAN_BUILDDATE_H
#define HUIBIAN_BUILDDATE_H

#include "date.h"
#include "diag.h"
#include "site.h"

/* Set *out.  opt may be NULL.  0, or -1 when opt or SOURCE_DATE_EPOCH is
 * malformed (reported). */
int builddate_resolve(struct date *out, const char *opt, const struct site *s, struct diag *d);

#endif
