/* feeds.h - machine-readable outputs of the views: feed.xml (Atom, the 50
 * newest documents), sitemap.xml (only when site.yaml has base_url),
 * data/documents.json and data/measures.csv (UTF-8 with BOM, RFC 4180).
 * Everything is computed from the site and its build date, never the
 * clock, so two builds are byte-identical. */
#ifndef HUIBIAN_FEEDS_H
#define HUIBIAN_FEEDS_H

#include "page.h"
#include "viewsint.h"

/* Write the files above through p->out, each a group of its own with m
 * (viewsint.h; NULL: no memo).  0 / -1 (reported in p->d). */
int feeds_write(const struct pages *p, const struct views *v, const struct vmemo *m);
/* Write data/measures.csv (feedscsv.c): with m, a group keyed by every
 * measure's hash, whose rows of one document (a chunk, keyed by its
 * measures' hashes) are copied from the published file when the table of
 * its chunks saved in the build cache (viewsfile.h) has that key.  0 / -1. */
int feeds_write_csv(const struct pages *p, const struct views *v, const struct vmemo *m);

#endif
