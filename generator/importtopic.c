/* importtopic.c - topics for imported measures (see importtopic.h). */
#include "importtopic.h"

#include <stdlib.h>
#include <string.h>

#include "importmeta.h"
#include "value.h"
#include "xalloc.h"
#include "yamldoc.h"

/* Separators between the phrases of a description ("财政奖补、专项资金、
 * 一次性奖励和补助", "提单融资等金融支持"). */
static size_t separator(const char *s)
{
	static const char *const sep[] = {"、", "，", "；", "。", "和", "及", "与",
					  "等", ",",  ";",  "/",  " ",	"\t", NULL};
	for (int i = 0; sep[i]; i++)
		if (im_starts_with(s, sep[i]))
			return strlen(sep[i]);
	return 0;
}

/* Append the keywords of description to out, one per line: its phrases of
 * at least two characters, other than the topic name itself. */
static void keywords(struct buf *out, const char *name, const char *description)
{
	const char *p = description;
	while (p && *p) {
		size_t n = 0, k;
		while (p[n] && !separator(p + n)) {
			uint32_t cp;
			n += im_u8(p + n, &cp);
		}
		char *w = xstrndup(p, n);
		if (im_u8len(w) >= 2 && strcmp(w, name) != 0) {
			buf_puts(out, w);
			buf_putc(out, '\n');
		}
		free(w);
		p += n;
		while ((k = separator(p)) > 0)
			p += k;
	}
}

void it_topics_add(struct it_topics *ts, const char *name, const char *description)
{
	struct buf kw = BUF_INIT;
	struct buf nm = BUF_INIT;

	im_squeeze(&nm, name);
	keywords(&kw, nm.ptr, description);
	ts->v = xreallocarray(ts->v, ts->n + 1, sizeof *ts->v);
	ts->v[ts->n].name = buf_detach(&nm, NULL);
	ts->v[ts->n].keywords = buf_detach(&kw, NULL);
	ts->n++;
}

/* Read the topics of a site.yaml; see importtopic.h. */
int it_topics_parse(struct it_topics *ts, const char *text, size_t len, const char *path,
		    struct diag *dg)
{
	struct value *root = NULL;
	const struct value *list;
	int rc = -1;

	if (yamldoc_parse(&root, text, len, path, 0, dg) < 0)
		return -1;
	list = value_get(root, "topics");
	if (!list || list->type == VALUE_NULL) {
		rc = 0;
		goto out;
	}
	if (list->type != VALUE_LIST) {
		diag_error(dg, path, list->line, list->col, "'topics' must be a list");
		goto out;
	}
	for (size_t i = 0; i < list->n; i++) {
		const struct value *t = list->items[i];
		const char *name = t->type == VALUE_MAP	     ? value_get_str(t, "name")
				   : t->type == VALUE_STRING ? t->str
							     : NULL;
		if (!name || !*name) {
			diag_error(dg, path, t->line, t->col,
				   "a topic is a name or a mapping with 'name' and 'description'");
			goto out;
		}
		it_topics_add(ts, name,
			      t->type == VALUE_MAP ? value_get_str(t, "description") : NULL);
	}
	rc = 0;
out:
	value_free(root);
	return rc;
}

/* The item text to match: layout spaces removed and the bracketed
 * responsibility notes ("（责任单位：省交通运输厅…）") cut out, since body
 * names like 交通运输厅 say nothing about what the measure is about. */
static char *match_text(const char *item)
{
	struct buf t = BUF_INIT;
	char *s;

	im_squeeze(&t, item);
	s = buf_detach(&t, NULL);
	for (char *a; (a = strstr(s, "单位：")) != NULL || (a = strstr(s, "单位:")) != NULL;) {
		char *e = strstr(a, "）");
		size_t cut = e ? (size_t)(e - a) + 3 : strlen(a);
		memmove(a, a + cut, strlen(a + cut) + 1);
	}
	return s;
}

/* Does w follow 给予 or 予以 directly somewhere in text? */
static int granted(const char *text, const char *w)
{
	static const char *const verb[] = {"给予", "予以", NULL};
	int hit = 0;
	for (int i = 0; verb[i] && !hit; i++) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s%s", verb[i], w);
		hit = strstr(text, b.ptr) != NULL;
		buf_release(&b);
	}
	return hit;
}

/* The matching rule (conservative: a topic is given only on clear
 * evidence, never as a best guess):
 *   1. the topic name itself occurs in the item (技术改造, 人才), or
 *   2. one description keyword of four or more characters occurs
 *      (一次性奖励, 设备更新, 跨境电商: specific phrases), or
 *   3. one description keyword is what the item grants: it follows
 *      给予 or 予以 directly ("给予补助" → 资金补贴, "给予贷款贴息"), or
 *   4. two different description keywords occur (交通 + 口岸).
 * A single short keyword elsewhere (补助, 贷款, 交通) is not enough. */
static int topic_matches(const struct it_topic *t, const char *text)
{
	int hits = 0;

	if (strstr(text, t->name))
		return 1;
	for (const char *p = t->keywords; *p;) {
		size_t n = strcspn(p, "\n");
		char *w = xstrndup(p, n);
		if (strstr(text, w))
			hits += im_u8len(w) >= 4 || granted(text, w) ? 2 : 1;
		free(w);
		p += n + (p[n] == '\n');
	}
	return hits >= 2;
}

/* Match an item against the topics; see importtopic.h. */
int it_topics_match(struct buf *out, const struct it_topics *ts, const char *item)
{
	char *text = match_text(item);
	int n = 0;

	for (size_t i = 0; i < ts->n; i++) {
		if (!topic_matches(&ts->v[i], text))
			continue;
		if (n++)
			buf_puts(out, "、");
		buf_puts(out, ts->v[i].name);
	}
	free(text);
	return n;
}

void it_topics_free(struct it_topics *ts)
{
	if (!ts)
		return;
	for (size_t i = 0; i < ts->n; i++) {
		free(ts->v[i].name);
		free(ts->v[i].keywords);
	}
	free(ts->v);
	ts->v = NULL;
	ts->n = 0;
}
