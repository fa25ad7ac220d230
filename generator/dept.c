/* dept.c - department name normalisation; see dept.h. */
#include "dept.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

static const char *const provinces[] = {
    "北京市",	      "天津市",		  "上海市",	    "重庆市",	      "河北省",
    "山西省",	      "辽宁省",		  "吉林省",	    "黑龙江省",	      "江苏省",
    "浙江省",	      "安徽省",		  "福建省",	    "江西省",	      "山东省",
    "河南省",	      "湖北省",		  "湖南省",	    "广东省",	      "海南省",
    "四川省",	      "贵州省",		  "云南省",	    "陕西省",	      "甘肃省",
    "青海省",	      "台湾省",		  "内蒙古自治区",   "广西壮族自治区", "西藏自治区",
    "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区", NULL,
};

/* Trailing phrases that say how a unit works, not which unit it is. */
static const char *const duty_suffixes[] = {
    "按职责分工", "按照职责", "按职责", "等相关部门", "等有关部门", "等部门", NULL,
};

uint32_t dept_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int is_layout_space(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000;
}

static int ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len > n && !memcmp(s + len - n, suffix, n);
}

void dept_clean(struct buf *out, const char *name)
{
	size_t start = out->len, len = strlen(name), i = 0, k;
	int32_t cp;
	int again = 1;

	while (i < len) {
		size_t n = utf8_next(name + i, len - i, &cp);
		if (!is_layout_space(cp))
			buf_put(out, name + i, n);
		i += n;
	}
	while (again) {
		again = 0;
		for (k = 0; duty_suffixes[k]; k++) {
			if (ends_with(out->ptr + start, out->len - start, duty_suffixes[k])) {
				buf_truncate(out, out->len - strlen(duty_suffixes[k]));
				again = 1;
			}
		}
	}
}

/* Copy len bytes of s into a region part (cut when too long). */
static void part_set(char *dst, const char *s, size_t len)
{
	if (len >= DEPT_PART)
		len = 0; /* not a plausible place name */
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* The byte length of a place name at s ending in one of the code points of
 * ends (2 to 5 characters, CJK only), or 0.  A 市 followed by 场 (市场) or
 * a name after which 直 follows (省直) does not count. */
static size_t place_len(const char *s, const int32_t *ends)
{
	size_t len = strlen(s), i = 0, k;
	int32_t cp, next;
	int count;

	for (count = 0; count < 5 && i < len; count++) {
		size_t n = utf8_next(s + i, len - i, &cp);
		if (!utf8_is_cjk(cp))
			return 0;
		i += n;
		for (k = 0; count >= 1 && ends[k]; k++) {
			if (cp != ends[k])
				continue;
			next = 0;
			if (i < len)
				utf8_next(s + i, len - i, &next);
			if (next != 0x573A /* 场 */ && next != 0x76F4 /* 直 */)
				return i;
		}
	}
	return 0;
}

void dept_region_parse(struct dept_region *r, const char *name)
{
	static const int32_t city_end[] = {0x5E02 /* 市 */, 0};
	static const int32_t county_end[] = {0x533A /* 区 */, 0x53BF /* 县 */, 0};
	const char *s = name;
	size_t k, n;

	memset(r, 0, sizeof(*r));
	if (!strncmp(s, "中共", strlen("中共")))
		s += strlen("中共");
	for (k = 0; provinces[k]; k++) {
		n = strlen(provinces[k]);
		if (!strncmp(s, provinces[k], n)) {
			part_set(r->province, s, n);
			s += n;
			break;
		}
	}
	if ((n = place_len(s, city_end)) > 0) {
		part_set(r->city, s, n);
		s += n;
	}
	if ((n = place_len(s, county_end)) > 0)
		part_set(r->county, s, n);
}

/* The level a short form's prefix gives (省X, 市X but not 市场, 区X, 县X). */
static const char *prefix_level(const char *name)
{
	size_t len = strlen(name), n;
	int32_t cp, next = 0;

	if (!len)
		return NULL;
	n = utf8_next(name, len, &cp);
	if (n < len)
		utf8_next(name + n, len - n, &next);
	if (cp == 0x7701) /* 省 */
		return "省";
	if (cp == 0x5E02 && next != 0x573A) /* 市, not 市场 */
		return "市";
	if (cp == 0x533A || cp == 0x53BF) /* 区, 县 */
		return "区县";
	return NULL;
}

const char *dept_level_of_name(const char *name)
{
	static const char *const national[] = {"国务院", "国家", "中共中央", "全国", "中央", NULL};
	struct dept_region r;
	char base[8];
	size_t k;

	if (prefix_level(name))
		return prefix_level(name);
	dept_region_parse(&r, name);
	if (*r.county)
		return "区县";
	if (*r.city)
		return "市";
	for (k = 0; provinces[k]; k++) {
		/* the full name, or its first two characters (河南金融监管局) */
		memcpy(base, provinces[k], 6);
		base[6] = '\0';
		if (strstr(name, provinces[k]) || strstr(name, base))
			return "省";
	}
	for (k = 0; national[k]; k++)
		if (!strncmp(name, national[k], strlen(national[k])))
			return "国家";
	if (ends_with(name, strlen(name), "部") || strstr(name, "部办公厅") ||
	    ends_with(name, strlen(name), "总局"))
		return "国家";
	return NULL;
}

static void ctx_map(struct dept_ctx *c, const char *name, const char *canonical)
{
	struct buf clean = BUF_INIT;

	dept_clean(&clean, name);
	strset_add(&c->canon, clean.ptr, (void *)canonical);
	buf_release(&clean);
}

void dept_ctx_init(struct dept_ctx *c, const struct value *departments)
{
	size_t i, k;

	memset(c, 0, sizeof(*c));
	if (!departments || departments->type != VALUE_MAP)
		return;
	c->owned = xcalloc(departments->n + 1, sizeof(*c->owned));
	for (i = 0; i < departments->n; i++) {
		const struct value *aliases = departments->items[i];
		struct buf clean = BUF_INIT;
		dept_clean(&clean, departments->keys[i]);
		c->owned[c->nowned] = buf_detach(&clean, NULL);
		ctx_map(c, c->owned[c->nowned], c->owned[c->nowned]);
		for (k = 0; aliases->type == VALUE_LIST && k < aliases->n; k++)
			if (aliases->items[k]->type == VALUE_STRING)
				ctx_map(c, aliases->items[k]->str, c->owned[c->nowned]);
		c->nowned++;
	}
}

void dept_ctx_add_issuer(struct dept_ctx *c, const char *name)
{
	struct buf clean = BUF_INIT;
	void *canonical = NULL;

	dept_clean(&clean, name);
	if (strset_get(&c->canon, clean.ptr, &canonical))
		strset_add(&c->known, canonical, NULL);
	else
		strset_add(&c->known, clean.ptr, NULL);
	buf_release(&clean);
}

/* Note the province of name in *found; set *many when a second differs. */
static void note_province(char **found, int *many, const char *name)
{
	struct dept_region r;

	dept_region_parse(&r, name);
	if (!*r.province)
		return;
	if (!*found)
		*found = xstrdup(r.province);
	else if (strcmp(*found, r.province))
		*many = 1;
}

void dept_ctx_finish(struct dept_ctx *c)
{
	char *found = NULL;
	int many = 0;
	size_t i;

	for (i = 0; i < c->nowned; i++)
		note_province(&found, &many, c->owned[i]);
	for (i = 0; i < c->known.cap; i++)
		if (c->known.keys[i])
			note_province(&found, &many, c->known.keys[i]);
	if (many) {
		free(found);
		found = NULL;
	}
	free(c->province);
	c->province = found;
}

void dept_ctx_release(struct dept_ctx *c)
{
	size_t i;

	strset_release(&c->canon);
	strset_release(&c->known);
	for (i = 0; i < c->nowned; i++)
		free(c->owned[i]);
	free(c->owned);
	free(c->province);
	memset(c, 0, sizeof(*c));
}

void dept_region_of_doc(struct dept_region *r, const struct dept_ctx *c, const char *lead,
			const char *level)
{
	if (lead)
		dept_region_parse(r, lead);
	else
		memset(r, 0, sizeof(*r));
	if (!*r->province && c->province && (!level || strcmp(level, "国家")))
		part_set(r->province, c->province, strlen(c->province));
}

/* The canonical name for a candidate full name, or NULL if unknown. */
static const char *lookup(const struct dept_ctx *c, const char *name)
{
	void *canonical = NULL;

	if (strset_get(&c->canon, name, &canonical))
		return canonical;
	return strset_get(&c->known, name, NULL) ? name : NULL;
}

/* Try a + b + rest; on success set *out and return 1. */
static int try_candidate(char **out, const struct dept_ctx *c, const char *a, const char *b,
			 const char *rest)
{
	struct buf cand = BUF_INIT;
	const char *hit;
	int found = 0;

	if (!*a && !*b)
		return 0;
	buf_printf(&cand, "%s%s%s", a, b, rest);
	hit = lookup(c, cand.ptr);
	if (hit) {
		*out = xstrdup(hit);
		found = 1;
	}
	buf_release(&cand);
	return found;
}

/* Resolve a short form: prefix is 省, 市, 区 or 县 (the first code point),
 * rest what follows.  1 when resolved. */
static int resolve_short(char **out, const struct dept_ctx *c, int32_t prefix, const char *rest,
			 const struct dept_region *r)
{
	switch (prefix) {
	case 0x7701: /* 省 */
		return *r->province && try_candidate(out, c, r->province, "", rest);
	case 0x5E02: /* 市 */
		return *r->city && (try_candidate(out, c, r->city, "", rest) ||
				    try_candidate(out, c, r->province, r->city, rest));
	default: /* 区, 县 */
		return *r->county && (try_candidate(out, c, r->county, "", rest) ||
				      try_candidate(out, c, r->city, r->county, rest));
	}
}

enum dept_result dept_resolve(char **out, const struct dept_ctx *c, const char *name,
			      const struct dept_region *r)
{
	struct buf clean = BUF_INIT;
	enum dept_result res = DEPT_OK;
	int32_t prefix, next = 0;
	void *canonical = NULL;
	size_t n;

	dept_clean(&clean, name);
	if (strset_get(&c->canon, clean.ptr, &canonical)) {
		*out = xstrdup(canonical);
		buf_release(&clean);
		return DEPT_OK;
	}
	n = clean.len ? utf8_next(clean.ptr, clean.len, &prefix) : 0;
	if (n && n < clean.len)
		utf8_next(clean.ptr + n, clean.len - n, &next);
	if (n && n < clean.len && next != 0x573A /* 场 */ && next != 0x76F4 /* 直 */ &&
	    (prefix == 0x7701 || prefix == 0x5E02 || prefix == 0x533A || prefix == 0x53BF)) {
		if (resolve_short(out, c, prefix, clean.ptr + n, r)) {
			buf_release(&clean);
			return DEPT_SHORT;
		}
		res = DEPT_AMBIGUOUS;
	}
	*out = buf_detach(&clean, NULL);
	return res;
}
