/* viewsint.h - what the view writers (viewsdept.c, viewsmeasure.c,
 * viewstime.c, feeds.c) share: the views model built once from the linked
 * site by views_model.
 *
 * The model resolves every issuer and 责任单位 to a canonical department
 * (dept.h), groups documents and measures by department and by topic, and
 * orders documents newest first.  Ownership: struct views owns everything
 * in it except the site; views_release frees it.
 */
#ifndef HUIBIAN_VIEWSINT_H
#define HUIBIAN_VIEWSINT_H

#include <stddef.h>

#include "dept.h"
#include "diag.h"
#include "page.h"
#include "site.h"
#include "strset.h"
#include "value.h"

#define VIEWS_NONE ((size_t)-1)

enum vrole {
	VROLE_SOLE,  /* the only issuer / responsible unit */
	VROLE_LEAD,  /* 牵头 */
	VROLE_JOINT, /* 联合 (issuers) / 配合 (measures) */
};

struct vref {
	size_t doc; /* index into site->docs */
	size_t m;   /* measure index in that document, or VIEWS_NONE */
	enum vrole role;
};

struct vdept {
	char *name;		      /* canonical */
	char *id;		      /* "d-1a2b3c4d" (unique in the site) */
	const char *level;	      /* 国家, 省, 市, 区县 or 其他 */
	size_t rank;		      /* position in site.yaml's departments, or VIEWS_NONE */
	struct vref *docs, *measures; /* newest document first */
	size_t ndocs, nmeasures;
	size_t nlead; /* documents issued as lead or sole issuer */
};

struct vtopic {
	char *name, *id;	 /* id "t-1a2b3c4d" */
	const char *description; /* borrowed from the site, or NULL */
	int declared;		 /* listed in site.yaml */
	struct vref *measures;	 /* newest document first */
	size_t nmeasures;
	size_t *docs; /* documents with the topic in front matter, newest first */
	size_t ndocs;
};

struct vdoc {
	size_t *issuers;  /* department of each issuer */
	size_t **mdepts;  /* per measure: department of each 责任单位 */
	size_t **mtopics; /* per measure: topic of each topic */
	size_t rank;	  /* position in newest-first order */
};

struct views {
	const struct site *s;
	struct dept_ctx ctx;
	struct vdept *depts; /* in index order: level, site.yaml order, code point */
	size_t ndepts;
	struct vtopic *topics; /* site.yaml order, then undeclared by code point */
	size_t ntopics;
	struct vdoc *docs; /* parallel to site->docs */
	size_t *newest;	   /* document indices, newest first */
};

/* Build the model of s; ambiguous department names and undeclared topics
 * are warned about in d (once per name) when d is not NULL.  0 / -1. */
int views_model(struct views *v, const struct site *s, struct diag *d);
void views_release(struct views *v);

/* The canonical level of a document's `level` ("国家" … or "其他"). */
const char *views_doc_level(const struct doc *doc);
/* Measure i of document di as a table row (see _vmeasures.mustache). */
struct value *views_measure_row(const struct views *v, size_t di, size_t i);
/* A measure's summary (its first sentence) cut to 60 characters with "…"
 * (caller frees). */
char *views_summary(const struct measure *m);
/* The measures table of refs (see _vmeasures.mustache): {rows, count,
 * has_rows, filter {topics, depts, levels, statuses}}, the filter options
 * being the values that occur in the rows (topics / departments only when
 * with_topics / with_depts). */
struct value *views_measure_table(const struct views *v, const struct vref *refs, size_t n,
				  int with_topics, int with_depts);
/* The list item of document di (page_doc_item with the canonical lead
 * issuer, its 施行/失效 dates, is_out and the role label 牵头 / 联合, or 配合
 * when measures_role). */
struct value *views_doc_item(const struct views *v, size_t di, enum vrole role, int measures_role);
/* "departments/d-…/index.html" etc. (caller frees). */
char *views_dept_href(const struct vdept *d);
char *views_topic_href(const struct vtopic *t);
int views_write_departments(const struct pages *p, const struct views *v);
int views_write_measures(const struct pages *p, const struct views *v);
int views_write_timeline(const struct pages *p, const struct views *v);

#endif
