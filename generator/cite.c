/* cite.c - find citations of documents in text; see cite.h. */
#include "cite.h"

#include <string.h>

#include "buf.h"
#include "docnum.h"
#include "utf8.h"

#define CITE_MAX_PREFIX 12 /* characters of a 发文字号 before its year */

static const char *const open_brackets[] = {"〔", "[", "［", "(", "（", "【", NULL};
static const char *const close_brackets[] = {"〕", "]", "］", ")", "）", "】", NULL};

/* Length of the bracket at s from list, or 0. */
static size_t bracket(const char *s, size_t len, const char *const *list)
{
	size_t k, n;

	for (k = 0; list[k]; k++) {
		n = strlen(list[k]);
		if (n <= len && !memcmp(s, list[k], n))
			return n;
	}
	return 0;
}

/* Digits (ASCII or full-width) and spaces at s: returns bytes, *digits. */
static size_t digits_at(const char *s, size_t len, int *digits)
{
	size_t i = 0;

	*digits = 0;
	for (;;) {
		if (i < len && s[i] >= '0' && s[i] <= '9') {
			i++;
			(*digits)++;
		} else if (i + 3 <= len && !memcmp(s + i, "\xEF\xBC", 2) &&
			   (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) {
			i += 3; /* ０-９ */
			(*digits)++;
		} else if (i < len && s[i] == ' ') {
			i++;
		} else {
			return i;
		}
	}
}

/* If a "〔YYYY〕N号" starts at text+at, return its length (else 0). */
static size_t number_tail(const char *text, size_t len, size_t at)
{
	size_t i = at, n;
	int d;

	if (!(n = bracket(text + i, len - i, open_brackets)))
		return 0;
	i += n;
	i += digits_at(text + i, len - i, &d);
	if (d != 4 || !(n = bracket(text + i, len - i, close_brackets)))
		return 0;
	i += n;
	i += digits_at(text + i, len - i, &d);
	if (d < 1 || d > 5 || len - i < 3 || memcmp(text + i, "号", 3) != 0)
		return 0;
	return i + 3 - at;
}

/* Look up the 发文字号 text[from..end) (normalised). */
static const struct doc *lookup_number(const struct site *s, const char *text, size_t from,
				       size_t end)
{
	struct buf raw = BUF_INIT, key = BUF_INIT;
	void *found = NULL;

	buf_put(&raw, text + from, end - from);
	docnum_normalize(&key, raw.ptr);
	strset_get(&s->by_number, key.ptr, &found);
	buf_release(&raw);
	buf_release(&key);
	return found;
}

/* A 发文字号 whose year bracket starts at byte `at`: try the longest
 * prefix of CJK characters first (豫政办, 根据豫政办 …). */
static int cite_number(struct cite *out, const struct site *s, const struct doc *self,
		       const char *text, size_t len, size_t at)
{
	size_t tail = number_tail(text, len, at), starts[CITE_MAX_PREFIX], n = 0, p = at, k;
	const struct doc *doc;

	if (!tail)
		return 0;
	while (p > 0 && n < CITE_MAX_PREFIX) { /* walk back over CJK characters */
		size_t q = p - 1;
		int32_t cp;
		while (q > 0 && ((unsigned char)text[q] & 0xC0) == 0x80)
			q--;
		utf8_next(text + q, p - q, &cp);
		if (!utf8_is_cjk(cp) || cp == 0x3001 || cp == 0x3002 || cp == 0xFF0C)
			break; /* not 、 。 ， */
		starts[n++] = p = q;
	}
	for (k = n; k-- > 0;) {
		doc = lookup_number(s, text, starts[k], at + tail);
		if (doc && doc != self) {
			out->start = starts[k];
			out->len = at + tail - starts[k];
			out->doc = doc;
			return 1;
		}
	}
	return 0;
}

/* A 《title》 starting at byte `at`. */
static int cite_title(struct cite *out, const struct site *s, const struct doc *self,
		      const char *text, size_t len, size_t at)
{
	const char *end = NULL;
	struct buf title = BUF_INIT;
	void *found = NULL;
	size_t i;

	for (i = at + 3; i + 3 <= len && i < at + 3 + 600; i++)
		if (!memcmp(text + i, "》", 3)) {
			end = text + i;
			break;
		}
	if (!end)
		return 0;
	buf_put(&title, text + at + 3, (size_t)(end - text) - at - 3);
	strset_get(&s->by_title, title.ptr, &found);
	buf_release(&title);
	if (!found || found == self)
		return 0;
	out->start = at;
	out->len = (size_t)(end - text) + 3 - at;
	out->doc = found;
	return 1;
}

int cite_next(struct cite *out, const struct site *s, const struct doc *self, const char *text,
	      size_t len)
{
	/* The first bytes a citation can start with: 《 〔 【 （ ［ (E3, EF) and [ ( */
	static const unsigned char lead[256] = {['('] = 1, ['['] = 1, [0xE3] = 1, [0xEF] = 1};
	size_t i;

	if (!s->by_number.n && !s->by_title.n)
		return 0;
	for (i = 0; i < len; i++) {
		if (!lead[(unsigned char)text[i]])
			continue;
		if (i + 3 <= len && !memcmp(text + i, "《", 3) &&
		    cite_title(out, s, self, text, len, i))
			return 1;
		if (bracket(text + i, len - i, open_brackets) &&
		    cite_number(out, s, self, text, len, i))
			return 1;
	}
	return 0;
}
