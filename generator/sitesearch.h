/* sitesearch.h - the site's search: one entry per document and per measure
 * into the search index (search.h), written under search/, and the search
 * page search/index.html. */
#ifndef HUIBIAN_SITESEARCH_H
#define HUIBIAN_SITESEARCH_H

#include "page.h"

/* Index every document and measure of p->site and write the index and the
 * search page.  0 / -1 (reported).  The index is the last reader of the
 * texts: it takes each document's plain text and its measures' texts from
 * s (which is p->site; they are NULL afterwards) instead of copying them,
 * to lower the peak memory; those read back from the document cache stay
 * in its mapped files (doccache.h), which must outlive the call. */
int sitesearch_write(const struct pages *p, struct site *s);

#endif
