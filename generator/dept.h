/* dept.h - department names (发文机关, 责任单位) brought to one canonical
 * form so that the same department is grouped once, however it was printed.
 *
 * dept_resolve applies, in order:
 *   1. layout spaces removed (ASCII blanks, U+00A0, U+3000) and a trailing
 *      duty phrase dropped (…按职责分工, …按照职责, …按职责, …等相关部门,
 *      …等部门: "财政厅按职责" is 财政厅);
 *   2. a canonical name of site.yaml's `departments` map stays itself;
 *   3. an alias listed there becomes its canonical name;
 *   4. a short form 省X / 市X / 区X / 县X becomes the full name built from
 *      the document's region (the province, city or county of its lead
 *      issuer): 省X → <province>X; 市X → <city>X or <province><city>X;
 *      区X/县X → <county>X or <city><county>X — the first candidate that is
 *      a canonical name, an alias or a known issuer of the site.  When no
 *      candidate is known the name stays as printed and DEPT_AMBIGUOUS is
 *      returned (the caller warns).  市场…, 省直… and 市直… are not short
 *      forms.
 *
 * Ownership: struct dept_ctx owns copies of every name; dept_ctx_release
 * frees them.  A context is read-only once built, so it may be shared by
 * threads for dept_resolve.
 */
#ifndef HUIBIAN_DEPT_H
#define HUIBIAN_DEPT_H

#include <stdint.h>

#include "buf.h"
#include "strset.h"
#include "value.h"

#define DEPT_PART 64 /* bytes of one region part, NUL included */

/* Where a department sits: each part "" when unknown. */
struct dept_region {
	char province[DEPT_PART]; /* 河南省, 北京市, 广西壮族自治区 */
	char city[DEPT_PART];	  /* 郑州市 */
	char county[DEPT_PART];	  /* 禹王台区 */
};

struct dept_ctx {
	struct strset canon; /* canonical name and alias → canonical name (owned copy) */
	struct strset known; /* names issuing documents in the site (values unused) */
	char **owned;	     /* the canonical strings the sets point at */
	size_t nowned;
	char *province; /* the one province of the site's names, or NULL */
};

enum dept_result {
	DEPT_OK,	/* *out is canonical, an alias resolved, or a plain name */
	DEPT_SHORT,	/* a short form resolved through the region */
	DEPT_AMBIGUOUS, /* a short form that could not be resolved */
};

/* Start a context from site.yaml's departments map (may be NULL). */
void dept_ctx_init(struct dept_ctx *c, const struct value *departments);
/* Record that name (as printed) issues a document of the site. */
void dept_ctx_add_issuer(struct dept_ctx *c, const char *name);
/* After all issuers: find the site's province (the one province named by
 * the canonical names and issuers, if exactly one). */
void dept_ctx_finish(struct dept_ctx *c);
void dept_ctx_release(struct dept_ctx *c);

/* Remove layout spaces and a trailing duty phrase: the printed name in
 * normal form, appended to out. */
void dept_clean(struct buf *out, const char *name);
/* The region named at the start of name (after an optional 中共). */
void dept_region_parse(struct dept_region *r, const char *name);
/* The region a document's short forms resolve against: its lead issuer's
 * region (issuer already canonical, may be NULL); when that names no
 * province and level is 省, 市 or 区县 (or NULL), the site's province. */
void dept_region_of_doc(struct dept_region *r, const struct dept_ctx *c, const char *lead,
			const char *level);
/* Resolve name (see above) into *out (malloc'ed, caller frees). */
enum dept_result dept_resolve(char **out, const struct dept_ctx *c, const char *name,
			      const struct dept_region *r);
/* The level a name implies: "区县", "市", "省", "国家", or NULL. */
const char *dept_level_of_name(const char *name);
/* 32-bit FNV-1a of s (the page id "d-%08x"). */
uint32_t dept_hash(const char *s);

#endif
