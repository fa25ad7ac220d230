/* views.h - the site-wide views: departments (发文机关与责任单位), measures
 * (政策措施, all and by topic), the timeline by year with the documents in
 * force on a day, and the feeds and open data files (feeds.h).
 *
 * Pages: departments/index.html, departments/d-<hash>/index.html,
 * measures/index.html (an overview), measures/all/<n>/index.html (every
 * measure), measures/t-<hash>/index.html, timeline/index.html,
 * timeline/<year>/index.html, timeline/inforce/index.html; the lists of a
 * department or topic page go on over d-<hash>/<n>/ and t-<hash>/<n>/ pages
 * beyond 200 rows (VIEWS_PAGE_ROWS, viewsint.h); files:
 * feed.xml, sitemap.xml (with base_url), data/documents.json,
 * data/measures.csv, data/inforce.json, data/inforce.js.
 */
#ifndef HUIBIAN_VIEWS_H
#define HUIBIAN_VIEWS_H

#include "diag.h"
#include "page.h"
#include "site.h"

/* Resolve department names of every document (issuers) and measure
 * (depts); warnings for ambiguous short names and for topics used but not
 * declared in site.yaml go to d (once per name).  Needs the measures, so
 * it runs after the extract stage.  0 / -1. */
int views_check(const struct site *s, struct diag *d);
/* Write every view page and data file.  0 / -1 (reported in p->d). */
int views_write(const struct pages *p);

#endif
