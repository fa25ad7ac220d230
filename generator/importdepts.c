/* importdepts.c - responsible units from responsibility notes; the rules
 * are listed in importdepts.h. */
#include "importdepts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "importmeta.h"
#include "xalloc.h"

enum role { ROLE_LEAD, ROLE_PLAIN, ROLE_SUPPORT, ROLE_NONE };

struct dept {
	char *name; /* owned */
	enum role role;
};

/* The units found in one paragraph so far. */
struct depts {
	struct dept *v;
	size_t n, cap;
	int labelled; /* the note being read has a label */
};

/* A verb of responsibility cut from the end of a clause or unit, with the
 * role it gives the clause (ROLE_NONE: none). */
struct verb {
	const char *s;
	enum role role;
};

static const struct verb verbs[] = {
    {"负责", ROLE_NONE},    {"落实", ROLE_NONE},    {"牵头", ROLE_LEAD},    {"配合", ROLE_SUPPORT},
    {"参与", ROLE_SUPPORT}, {"协助", ROLE_SUPPORT}, {"协办", ROLE_SUPPORT}, {"分工", ROLE_NONE},
    {"职责", ROLE_NONE},    {"职能", ROLE_NONE},    {"各自", ROLE_NONE},    {"分别", ROLE_NONE},
    {"共同", ROLE_NONE},    {"具体", ROLE_NONE},    {"按照", ROLE_NONE},    {"按", ROLE_NONE},
    {"根据", ROLE_NONE},    {"依据", ROLE_NONE},    {"依照", ROLE_NONE},    {"实施", ROLE_NONE},
    {"推进", ROLE_NONE},    {NULL, ROLE_NONE}};

/* Label words before 单位/部门 and the role they give. */
static const struct verb labels[] = {
    {"责任", ROLE_PLAIN},   {"牵头", ROLE_LEAD},    {"配合", ROLE_SUPPORT}, {"协办", ROLE_SUPPORT},
    {"参与", ROLE_SUPPORT}, {"主办", ROLE_LEAD},    {"主责", ROLE_LEAD},    {"承办", ROLE_PLAIN},
    {"协助", ROLE_SUPPORT}, {"协作", ROLE_SUPPORT}, {"实施", ROLE_PLAIN},   {"支持", ROLE_SUPPORT},
    {NULL, ROLE_NONE}};

/* Endings of unit names, and endings of ordinary words that look like
 * them (社会, 全部, 市区, 场所, 平台, 举办, …). */
static const char *const unit_ends[] = {
    "厅",   "局",   "委",   "办",   "部",   "院",   "署",   "会",   "司",   "处", "室",
    "所",   "站",   "社",   "联",   "协",   "馆",   "台",   "组",   "校",   "区", "队",
    "银行", "分行", "支行", "总行", "中心", "集团", "公司", "政府", "海关", NULL};
static const char *const not_unit_ends[] = {
    "社会", "机会", "大会", "全部", "内部", "外部", "局部", "干部", "东部", "西部",
    "南部", "北部", "中部", "大局", "全局", "格局", "布局", "大厅", "市区", "城区",
    "辖区", "景区", "社区", "场所", "网站", "平台", "团队", "重组", "举办", "创办",
    "督办", "承办", "协办", "主办", "交办", "代办", NULL};

/* Words allowed after 等 in "X等相关部门". */
static const char *const deng_tail[] = {"相关", "有关", "其他", "其它", "牵头", "责任",
					"配合", "部门", "单位", "机构", NULL};

static const char *const connectors[] = {"以及", "会同", "和", "及", "与", NULL};

static int ends_any(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (im_ends_with(s, list[i]))
			return 1;
	return 0;
}

/* Does s end like the name of a unit? */
static int is_unit_name(const char *s)
{
	return *s && ends_any(s, unit_ends) && !ends_any(s, not_unit_ends);
}

/* Is s a generic reference (see importdepts.h) rather than a unit? */
static int is_generic(const char *s)
{
	static const char *const parts[] = {"有关",   "相关",	    "所在地", "属地",
					    "级政府", "级人民政府", NULL};
	if (im_starts_with(s, "各") || im_ends_with(s, "部门") || im_ends_with(s, "成员单位"))
		return 1;
	for (int i = 0; parts[i]; i++)
		if (strstr(s, parts[i]))
			return 1;
	return 0;
}

static int unit_like(const char *s)
{
	return is_unit_name(s) || is_generic(s);
}

/* Cut one verb of responsibility from the end of t; update *role with the
 * role it gives.  Returns 1 if something was cut. */
static int cut_verb(struct buf *t, enum role *role)
{
	for (int i = 0; verbs[i].s; i++) {
		size_t n = strlen(verbs[i].s);
		if (t->len >= n && im_ends_with(t->ptr, verbs[i].s)) {
			buf_truncate(t, t->len - n);
			if (verbs[i].role != ROLE_NONE)
				*role = verbs[i].role;
			return 1;
		}
	}
	return 0;
}

/* Is s (to its end) a sequence of words from deng_tail (or empty)? */
static int only_deng_tail(const char *s)
{
	while (*s) {
		int i;
		for (i = 0; deng_tail[i]; i++)
			if (im_starts_with(s, deng_tail[i]))
				break;
		if (!deng_tail[i])
			return 0;
		s += strlen(deng_tail[i]);
	}
	return 1;
}

/* Cut "等部门", "等相关部门", "等单位", a final "等" from t.  1 if cut. */
static int cut_deng(struct buf *t)
{
	for (char *p = strstr(t->ptr, "等"); p; p = strstr(p + 3, "等"))
		if (p > t->ptr && only_deng_tail(p + 3)) {
			buf_truncate(t, (size_t)(p - t->ptr));
			return 1;
		}
	return 0;
}

/* Clean t: cut verbs, 等-endings and a leading 由 until nothing changes;
 * *role gets the role of the last verb with one. */
static void clean(struct buf *t, enum role *role)
{
	int changed = 1;
	while (changed) {
		changed = cut_verb(t, role) || cut_deng(t);
		if (im_starts_with(t->ptr, "由") && t->len > 3) {
			memmove(t->ptr, t->ptr + 3, t->len - 2);
			t->len -= 3;
			changed = 1;
		}
	}
}

/* Clean a copy of the n bytes at s into t (reset first). */
static void clean_copy(struct buf *t, const char *s, size_t n)
{
	enum role ignored = ROLE_NONE;
	buf_reset(t);
	buf_put(t, s, n);
	clean(t, &ignored);
}

/* Add one cleaned unit name unless it is empty, generic, not a unit name
 * in an unlabelled note, or already there. */
static void add(struct depts *d, const char *name, enum role role)
{
	if (!*name || is_generic(name) || (!d->labelled && !is_unit_name(name)))
		return;
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].name, name) == 0)
			return;
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 8;
		d->v = xreallocarray(d->v, d->cap, sizeof *d->v);
	}
	d->v[d->n].name = xstrdup(name);
	d->v[d->n++].role = role;
}

/* Length of the connector at s, 0 if none. */
static size_t connector_at(const char *s)
{
	for (int i = 0; connectors[i]; i++)
		if (im_starts_with(s, connectors[i]))
			return strlen(connectors[i]);
	return 0;
}

/* Is s made only of the characters of responsibility verbs (责分工负责,
 * a verb broken off by a line break), so no unit? */
static int verb_debris(const char *s)
{
	static const char chars[] = "按照根据职责分工负责落实牵头配合";
	uint32_t cp;
	size_t k;
	for (; *s; s += k) {
		char one[5] = {0};
		k = im_u8(s, &cp);
		memcpy(one, s, k < 5 ? k : 4);
		if (!strstr(chars, one))
			return 0;
	}
	return 1;
}

/* Add the units of one item (text between 、): split "A和B" where both
 * sides are unit-like, leftmost connector first. */
static void add_item(struct depts *d, const char *s, enum role role)
{
	struct buf l = BUF_INIT, r = BUF_INIT;
	uint32_t cp;
	size_t k;

	if (verb_debris(s))
		return;
	for (const char *p = s; *p; p += im_u8(p, &cp)) {
		if (p == s || (k = connector_at(p)) == 0)
			continue;
		clean_copy(&l, s, (size_t)(p - s));
		clean_copy(&r, p + k, strlen(p + k));
		if (unit_like(l.ptr) && unit_like(r.ptr)) {
			add(d, l.ptr, role);
			add_item(d, p + k, role);
			goto out;
		}
	}
	clean_copy(&l, s, strlen(s));
	add(d, l.ptr, role);
out:
	buf_release(&l);
	buf_release(&r);
}

/* Length in bytes of the shared ending of a place-name government
 * ("南阳市政府" → "市政府", "许昌市人民政府" → "市人民政府"), 0 if none. */
static size_t shared_ending(const char *s)
{
	static const char *const ends[] = {"市人民政府", "县人民政府", "区人民政府", "市政府",
					   "县政府",	 "区政府",     NULL};
	for (int i = 0; ends[i]; i++)
		if (im_ends_with(s, ends[i]) && strlen(s) > strlen(ends[i]))
			return strlen(ends[i]);
	return 0;
}

/* Give short names without a unit ending ("郑州", "洛阳") the ending of the
 * government that follows them in the list. */
static void share_endings(struct buf *items, size_t n)
{
	for (size_t i = n; i-- > 1;) {
		size_t e = shared_ending(items[i].ptr);
		const char *end = items[i].ptr + items[i].len - e;
		for (size_t j = i; e && j-- > 0;) {
			if (unit_like(items[j].ptr) || im_u8len(items[j].ptr) > 4 || !items[j].len)
				break;
			buf_puts(&items[j], end);
		}
	}
}

/* Read one clause (n bytes at s, no ，；) of role role. */
static void read_clause(struct depts *d, const char *s, size_t n, enum role role)
{
	struct buf c = BUF_INIT, *items = NULL;
	size_t nitems = 0;
	enum role r = ROLE_NONE;

	buf_put(&c, s, n);
	clean(&c, &r);
	if (r != ROLE_NONE)
		role = r;
	for (const char *p = c.ptr, *q;; p = q + 3) {
		q = strstr(p, "、");
		items = xreallocarray(items, nitems + 1, sizeof *items);
		items[nitems] = (struct buf)BUF_INIT;
		buf_put(&items[nitems++], p, q ? (size_t)(q - p) : strlen(p));
		if (!q)
			break;
	}
	share_endings(items, nitems);
	for (size_t i = 0; i < nitems; i++) {
		add_item(d, items[i].ptr, role);
		buf_release(&items[i]);
	}
	free(items);
	buf_release(&c);
}

/* Length of a label ("责任单位：") at s, 0 if none; *role gets its role. */
static size_t label_at(const char *s, enum role *role)
{
	for (int i = 0; labels[i].s; i++) {
		const char *p = s;
		if (!im_starts_with(p, labels[i].s))
			continue;
		p += strlen(labels[i].s);
		if (!im_starts_with(p, "单位") && !im_starts_with(p, "部门"))
			continue;
		p += strlen("单位");
		if (*p == ':' || im_starts_with(p, "："))
			p += *p == ':' ? 1 : 3;
		else
			continue;
		*role = labels[i].role;
		return (size_t)(p - s);
	}
	return 0;
}

/* Length of the clause separator at s, 0 if none. */
static size_t separator_at(const char *s)
{
	if (*s == ',' || *s == ';')
		return 1;
	if (im_starts_with(s, "，") || im_starts_with(s, "；"))
		return 3;
	return 0;
}

/* Read a note: the n bytes at s (squeezed: no white space). */
static void read_note(struct depts *d, const char *s, size_t n, int labelled)
{
	enum role role = ROLE_PLAIN;
	const char *e = s + n, *stop = strstr(s, "。"), *q;
	size_t k;

	if (stop && stop < e)
		e = stop;
	d->labelled = labelled;
	for (const char *p = s; p < e; p = q) {
		if ((k = label_at(p, &role)) != 0)
			p += k;
		if (im_starts_with(p, "以下"))
			break;
		for (q = p; q < e && !separator_at(q); q++)
			;
		read_clause(d, p, (size_t)(q - p), role);
		if (q < e)
			q += separator_at(q);
	}
}

/* Does the bracketed text (n bytes at s), up to its first 。, end in a verb
 * that makes it a note: 负责, 落实, 牵头, 配合? */
static int ends_as_note(const char *s, size_t n)
{
	const char *stop = strstr(s, "。");
	if (stop && stop < s + n)
		n = (size_t)(stop - s);
	static const char *const ends[] = {"负责", "落实", "牵头", "配合", NULL};
	for (int i = 0; ends[i]; i++) {
		size_t k = strlen(ends[i]);
		if (n >= k && memcmp(s + n - k, ends[i], k) == 0)
			return 1;
	}
	return 0;
}

/* The first label in the n bytes at s, NULL if none. */
static const char *find_label(const char *s, size_t n)
{
	enum role ignored;
	uint32_t cp;
	for (const char *p = s; p < s + n && *p; p += im_u8(p, &cp))
		if (label_at(p, &ignored))
			return p;
	return NULL;
}

/* Length of an opening (+1) or closing (-1) bracket at s, 0 if none. */
static size_t bracket_at(const char *s, int *dir)
{
	*dir = (*s == '(' || im_starts_with(s, "（")) - (*s == ')' || im_starts_with(s, "）"));
	return *dir == 0 ? 0 : (*s == '(' || *s == ')') ? 1 : 3;
}

/* A note whose second line the PDF text put before its bracket:
 * "…问题。财政厅、商务厅按照职(责任单位：航空港区管委会、省发展改革委、责分工负责)".
 * If the text between the last 。 before open (the note's opening bracket)
 * and open ends in a verb broken off there (按照职, 按职), read it as a
 * clause of units of the note (unit names only). */
static void read_displaced(struct depts *d, const char *s, const char *open)
{
	static const char *const broken[] = {"按照职", "按职", NULL};
	const char *start = s, *p;
	struct buf t = BUF_INIT;

	while ((p = strstr(start, "。")) != NULL && p < open)
		start = p + 3;
	buf_put(&t, start, (size_t)(open - start));
	for (int i = 0; broken[i]; i++)
		if (im_ends_with(t.ptr, broken[i])) {
			buf_truncate(&t, t.len - strlen(broken[i]));
			d->labelled = 0;
			read_clause(d, t.ptr, t.len, ROLE_PLAIN);
			break;
		}
	buf_release(&t);
}

/* Read the notes of the squeezed paragraph s; returns how many. */
static int read_notes(struct depts *d, const char *s)
{
	const char *open = NULL, *lab;
	int depth = 0, dir, notes = 0;
	uint32_t cp;
	size_t k;

	for (const char *p = s;; p += k ? k : im_u8(p, &cp)) {
		k = *p ? bracket_at(p, &dir) : 0;
		if (*p && k == 0)
			continue;
		if (*p && dir > 0 && depth++ == 0)
			open = p + k;
		/* the closing bracket, or the end inside an unclosed note */
		if ((*p && dir < 0 && depth > 0 && --depth == 0) || (!*p && depth > 0)) {
			size_t n = (size_t)(p - open);
			if ((lab = find_label(open, n)) != NULL) {
				read_note(d, lab, n - (size_t)(lab - open), 1);
				read_displaced(d, s, open - (open[-1] == '(' ? 1 : 3));
				notes++;
			} else if (ends_as_note(open, n)) {
				read_note(d, open, n, 0);
				notes++;
			}
		}
		if (!*p)
			return notes;
	}
}

/* Append to out the units of role role, joined by 、. */
static void put_role(struct buf *out, const struct depts *d, enum role role)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].role == role) {
			if (out->len)
				buf_puts(out, "、");
			buf_puts(out, d->v[i].name);
		}
}

/* See importdepts.h. */
void import_depts(struct buf *out, const char *para)
{
	struct depts d = {NULL, 0, 0, 0};
	struct buf sq = BUF_INIT, res = BUF_INIT;
	const char *lab;

	for (const char *p = para; *p; p++) /* line breaks: a PDF's hard wraps */
		buf_putc(&res, *p == '\n' || *p == '\r' ? ' ' : *p);
	im_squeeze(&sq, res.ptr);
	buf_reset(&res);
	if (!read_notes(&d, sq.ptr) && (lab = find_label(sq.ptr, sq.len)) != NULL)
		read_note(&d, lab, strlen(lab), 1);
	put_role(&res, &d, ROLE_LEAD);
	put_role(&res, &d, ROLE_PLAIN);
	put_role(&res, &d, ROLE_SUPPORT);
	if (res.len) {
		if (out->len)
			buf_puts(out, "、");
		buf_put(out, res.ptr, res.len);
	}
	for (size_t i = 0; i < d.n; i++)
		free(d.v[i].name);
	free(d.v);
	buf_release(&sq);
	buf_release(&res);
}
