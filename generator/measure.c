/* measure.c - parse measure comments; see measure.h. */
#include "measure.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xalloc.h"

static const char *const measure_modes[] = {"免申即享", "快申快享", "申报", NULL};

int measure_is_comment(const char *s, size_t len)
{
	size_t i = 4;

	if (len < 4 || strncmp(s, "<!--", 4) != 0)
		return 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	if (len - i < 7 || strncmp(s + i, "measure", 7) != 0)
		return 0;
	i += 7;
	return i == len || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '-';
}

/* Report msg at byte offset off of the comment. */
static void measure_error(struct diag *d, const char *path, int line, int col, const char *s,
			  size_t off, const char *msg, const char *arg)
{
	int l, c;

	utf8_position(s, off, &l, &c);
	diag_error(d, path, line + l - 1, l == 1 ? col + c - 1 : c, msg, arg);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Trim ASCII and ideographic (U+3000) spaces from both ends of [*s, *e). */
static void trim_span(const char **s, const char **e)
{
	for (;;) {
		if (*s < *e && is_space(**s))
			(*s)++;
		else if (*e - *s >= 3 && strncmp(*s, "\u3000", 3) == 0)
			*s += 3;
		else
			break;
	}
	for (;;) {
		if (*e > *s && is_space((*e)[-1]))
			(*e)--;
		else if (*e - *s >= 3 && strncmp(*e - 3, "\u3000", 3) == 0)
			*e -= 3;
		else
			break;
	}
}

void measure_split_list(struct strlist *l, const char *s)
{
	const char *start = s, *p = s, *e, *b;
	size_t sep;

	for (;;) {
		sep = 0;
		if (*p == ',')
			sep = 1;
		else if (!strncmp(p, "，", 3) || !strncmp(p, "、", 3))
			sep = 3;
		if (sep || !*p) {
			b = start;
			e = p;
			trim_span(&b, &e);
			if (e > b) {
				char *item = xstrndup(b, (size_t)(e - b));
				strlist_push(l, item);
				free(item);
			}
			if (!*p)
				return;
			start = p + sep;
			p = start;
			continue;
		}
		p++;
	}
}

/* Check and store one key="value" pair; -1 (reported) on error. */
static int measure_set(struct measure *m, const struct buf *kb, const struct buf *vb, const char *s,
		       size_t key_off, size_t val_off, const char *path, int line, int col,
		       struct diag *d)
{
	const char *key = kb->ptr, *val = vb->ptr, *why;
	int kl, kc, vl, vc;
	size_t i;

	/* Positions in the file: problems with a value point at the value,
	 * unknown keys at the key. */
	utf8_position(s, key_off, &kl, &kc);
	utf8_position(s, val_off, &vl, &vc);
	kc = kl == 1 ? col + kc - 1 : kc;
	vc = vl == 1 ? col + vc - 1 : vc;
	kl += line - 1;
	vl += line - 1;

	if (!strcmp(key, "topics"))
		measure_split_list(&m->topics, val);
	else if (!strcmp(key, "depts"))
		measure_split_list(&m->depts, val);
	else if (!strcmp(key, "amount"))
		m->amount = xstrdup(val);
	else if (!strcmp(key, "beneficiaries"))
		m->beneficiaries = xstrdup(val);
	else if (!strcmp(key, "deadline")) {
		if (date_parse(&m->deadline, val, &why) < 0) {
			diag_error(d, path, vl, vc, "measure deadline: %s: '%s'", why, val);
			return -1;
		}
	} else if (!strcmp(key, "mode")) {
		for (i = 0; measure_modes[i] && strcmp(measure_modes[i], val); i++)
			;
		if (!measure_modes[i]) {
			diag_error(d, path, vl, vc,
				   "measure mode must be 免申即享, 快申快享 or 申报, not '%s'",
				   val);
			return -1;
		}
		m->mode = xstrdup(val);
	} else if (!strcmp(key, "id")) {
		if (!*val || strspn(val, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(val)) {
			diag_error(d, path, vl, vc, "measure id must match [a-z0-9-]+: '%s'", val);
			return -1;
		}
		m->id = xstrdup(val);
	} else {
		diag_error(d, path, kl, kc,
			   "unknown measure key '%s' (known: topics, depts, amount, "
			   "beneficiaries, deadline, mode, id)",
			   key);
		return -1;
	}
	return 0;
}

/* Duplicate keys are errors: remember which were seen. */
static int measure_seen(struct strlist *seen, const char *key)
{
	size_t i;

	for (i = 0; i < seen->n; i++)
		if (!strcmp(seen->v[i], key))
			return 1;
	strlist_push(seen, key);
	return 0;
}

int measure_parse(struct measure *m, const char *s, size_t len, const char *path, int line, int col,
		  struct diag *d)
{
	struct strlist seen = {NULL, 0};
	struct buf key = BUF_INIT, val = BUF_INIT;
	size_t i = 4, k, vstart;
	int l, c, rc = 0;

	while (len && is_space(s[len - 1]))
		len--;
	if (len < 7 || strncmp(s + len - 3, "-->", 3) != 0) {
		measure_error(d, path, line, col, s, len,
			      "measure comment is not closed by '-->'%s", "");
		return -1;
	}
	len -= 3;
	while (is_space(s[i]))
		i++;
	for (i += 7;;) {
		while (i < len && is_space(s[i]))
			i++;
		if (i >= len)
			break;
		for (k = i; k < len && ((s[k] >= 'a' && s[k] <= 'z') || s[k] == '_'); k++)
			;
		if (k == i || k >= len || s[k] != '=' || k + 1 >= len || s[k + 1] != '"') {
			measure_error(d, path, line, col, s, k == i ? i : k,
				      "malformed measure comment: expected key=\"value\"%s", "");
			rc = -1;
			break;
		}
		buf_set(&key, s + i, k - i);
		vstart = k + 2;
		for (k = vstart; k < len && s[k] != '"'; k++)
			;
		if (k >= len) {
			measure_error(d, path, line, col, s, vstart - 1,
				      "unclosed quote in measure comment%s", "");
			rc = -1;
			break;
		}
		buf_set(&val, s + vstart, k - vstart);
		utf8_position(s, i, &l, &c);
		if (measure_seen(&seen, key.ptr)) {
			diag_error(d, path, line + l - 1, l == 1 ? col + c - 1 : c,
				   "duplicate measure key '%s'", key.ptr);
			rc = -1;
		} else if (measure_set(m, &key, &val, s, i, vstart, path, line, col, d) < 0) {
			rc = -1;
		}
		i = k + 1;
		if (i < len && !is_space(s[i])) {
			measure_error(d, path, line, col, s, i,
				      "malformed measure comment: expected a space after a value%s",
				      "");
			rc = -1;
			break;
		}
	}
	strlist_release(&seen);
	buf_release(&key);
	buf_release(&val);
	return rc;
}
