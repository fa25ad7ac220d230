/* doc.c - read and validate documents and compilation indexes; see doc.h. */
#include "doc.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blobid.h"
#include "buf.h"
#include "utf8.h"
#include "xalloc.h"
#include "yamldoc.h"

#define DOC_MAX_BYTES (64u << 20) /* a 64 MiB document is refused */

void strlist_push(struct strlist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

void strlist_release(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void strlist_put_joined(struct buf *b, const struct strlist *l, const char *sep)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (i)
			buf_puts(b, sep);
		buf_puts(b, l->v[i]);
	}
}

char *strlist_join(const struct strlist *l, const char *sep)
{
	struct buf b = BUF_INIT;

	strlist_put_joined(&b, l, sep);
	return buf_detach(&b, NULL);
}

/* Append the file's bytes to out; -1 (reported) on error or when too big. */
static int read_file(struct buf *out, const char *file, const char *path, size_t max_bytes,
		     struct diag *d)
{
	char chunk[65536];
	size_t n;
	FILE *fp = fopen(file, "rb");
	int rc = 0;

	if (!fp) {
		diag_error(d, path, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_put(out, chunk, n);
		if (out->len > max_bytes) {
			diag_error(d, path, 0, 0, "file is larger than %zu MiB", max_bytes >> 20);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(fp)) {
		diag_error(d, path, 0, 0, "cannot read: %s", strerror(errno));
		rc = -1;
	}
	fclose(fp);
	return rc;
}

/* Append s to out with every CR that precedes an LF dropped. */
static void put_without_crlf(struct buf *out, const char *s, size_t len)
{
	const char *end = s + len, *cr;

	while ((cr = memchr(s, '\r', (size_t)(end - s))) != NULL) {
		buf_put(out, s, (size_t)(cr - s));
		if (cr + 1 == end || cr[1] != '\n')
			buf_putc(out, '\r');
		s = cr + 1;
	}
	buf_put(out, s, (size_t)(end - s));
}

/* doc_read_text, and when blob_id is not NULL the git blob id of the
 * file's bytes into it. */
static int read_text(struct buf *out, unsigned char *blob_id, const char *file, const char *path,
		     size_t max_bytes, struct diag *d)
{
	struct buf raw = BUF_INIT;
	size_t start = 0, bad;
	int line, col, rc = -1;

	if (read_file(&raw, file, path, max_bytes, d) < 0)
		goto out;
	if (blob_id)
		blobid_compute(blob_id, raw.ptr, raw.len);
	if (raw.len >= 3 && memcmp(raw.ptr, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	if (utf8_check(raw.ptr + start, raw.len - start, &bad) < 0) {
		utf8_position(raw.ptr + start, bad, &line, &col);
		diag_error(d, path, line, col, "%s",
			   raw.ptr[start + bad] ? "invalid UTF-8 (the file must be UTF-8 encoded)"
						: "NUL byte in text");
		goto out;
	}
	put_without_crlf(out, raw.ptr + start, raw.len - start);
	rc = 0;
out:
	buf_release(&raw);
	return rc;
}

int doc_read_text(struct buf *out, const char *file, const char *path, size_t max_bytes,
		  struct diag *d)
{
	return read_text(out, NULL, file, path, max_bytes, d);
}

/* Does a line "---" or "..." (optionally followed by spaces) start at p? */
static int is_fence(const char *p, const char *end, const char *fence)
{
	if (end - p < 3 || strncmp(p, fence, 3) != 0)
		return 0;
	for (p += 3; p < end && *p == ' '; p++)
		;
	return p == end || *p == '\n';
}

int doc_split(const char *text, size_t len, const char *path, const char **fm, size_t *fm_len,
	      size_t *body_off, int *body_line, struct diag *d)
{
	const char *end = text + len, *p, *nl;
	int line = 2;

	*fm = text;
	*fm_len = 0;
	*body_off = 0;
	*body_line = 1;
	if (!is_fence(text, end, "---"))
		return 0;
	p = memchr(text, '\n', len);
	p = p ? p + 1 : end;
	*fm = p;
	for (; p < end; p = nl + 1, line++) {
		if (is_fence(p, end, "---") || is_fence(p, end, "...")) {
			*fm_len = (size_t)(p - *fm);
			nl = memchr(p, '\n', (size_t)(end - p));
			*body_off = nl ? (size_t)(nl + 1 - text) : len;
			*body_line = line + 1;
			return 1;
		}
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			break;
	}
	diag_error(d, path, 1, 1, "front matter is not closed by a line '---'");
	return -1;
}

enum ftype { F_STR, F_LIST, F_DATE, F_INT, F_STATUS, F_LEVEL, F_ANY };

struct field {
	const char *key;
	enum ftype type;
	size_t off; /* offset of the member in the struct */
};

#define DF(key, type, member)                                                                      \
	{                                                                                          \
		key, type, offsetof(struct doc, member)                                            \
	}
static const struct field doc_fields[] = {
    DF("title", F_STR, title),
    DF("number", F_STR, number),
    DF("issuers", F_LIST, issuers),
    DF("recipients", F_STR, recipients),
    DF("signed", F_DATE, signed_on),
    DF("published", F_DATE, published),
    DF("effective", F_DATE, effective),
    DF("expires", F_DATE, expires),
    DF("status", F_STATUS, status_given),
    DF("level", F_LEVEL, level),
    DF("kind", F_STR, kind),
    DF("topics", F_LIST, topics),
    DF("section", F_STR, section),
    DF("order", F_INT, order),
    DF("attachment", F_STR, attachment),
    DF("source", F_STR, source),
    DF("supersedes", F_LIST, supersedes),
    DF("repeals", F_LIST, repeals),
    DF("amends", F_LIST, amends),
    DF("index_number", F_STR, index_number),
    {NULL, F_ANY, 0},
};

#define CF(key, type, member)                                                                      \
	{                                                                                          \
		key, type, offsetof(struct compilation, member)                                    \
	}
static const struct field compilation_fields[] = {
    CF("title", F_STR, title),	      CF("editor", F_STR, editor), CF("date", F_DATE, date),
    CF("sections", F_LIST, sections), {"edits", F_ANY, 0},	   {NULL, F_ANY, 0},
};

static const char *const levels[] = {"国家", "省", "市", "区县", NULL};

/* The text of a scalar, or NULL (reported) if v is a list or map. */
static const char *scalar_text(const struct value *v, const char *path, const char *key,
			       struct diag *d)
{
	if (v->type == VALUE_LIST || v->type == VALUE_MAP) {
		diag_error(d, path, v->line, v->col, "'%s' must be text, not a %s", key,
			   v->type == VALUE_LIST ? "list" : "mapping");
		return NULL;
	}
	return v->str ? v->str : "";
}

/* Fill a strlist from a list of scalars (or one scalar). 0 / -1. */
static int set_list(struct strlist *l, const struct value *v, const char *path, const char *key,
		    struct diag *d)
{
	size_t i;

	if (v->type == VALUE_STRING && *v->str) { /* one name needs no list */
		strlist_push(l, v->str);
		return 0;
	}
	if (v->type != VALUE_LIST) {
		diag_error(d, path, v->line, v->col, "'%s' must be a list of texts", key);
		return -1;
	}
	for (i = 0; i < v->n; i++) {
		const struct value *item = v->items[i];
		if (item->type == VALUE_LIST || item->type == VALUE_MAP || !item->str ||
		    !*item->str) {
			diag_error(d, path, item->line, item->col,
				   "'%s' must be a list of non-empty texts", key);
			return -1;
		}
		strlist_push(l, item->str);
	}
	return 0;
}

/* Store value v of field f into obj.  0 / -1 (reported at v's position). */
static int set_field(void *obj, const struct field *f, const struct value *v, const char *path,
		     struct diag *d)
{
	char *member = (char *)obj + f->off;
	const char *s, *why;
	size_t i;

	if (f->type == F_ANY || v->type == VALUE_NULL)
		return 0;
	if (f->type == F_LIST)
		return set_list((struct strlist *)member, v, path, f->key, d);
	if (f->type == F_INT) {
		if (v->type != VALUE_NUMBER || v->number < -1e9 || v->number > 1e9 ||
		    v->number != (double)(long)v->number) {
			diag_error(d, path, v->line, v->col, "'%s' must be a whole number", f->key);
			return -1;
		}
		*(long *)member = (long)v->number;
		return 0;
	}
	if (!(s = scalar_text(v, path, f->key, d)))
		return -1;
	switch (f->type) {
	case F_DATE:
		if (date_parse((struct date *)member, s, &why) == 0)
			return 0;
		diag_error(d, path, v->line, v->col, "'%s': %s: '%s'", f->key, why, s);
		return -1;
	case F_STATUS:
		if (status_parse((enum status *)member, s) == 0)
			return 0;
		diag_error(
		    d, path, v->line, v->col,
		    "'status' must be one of 现行有效, 已修改, 已废止, 已失效, 尚未生效, not '%s'",
		    s);
		return -1;
	case F_LEVEL:
		for (i = 0; levels[i]; i++)
			if (strcmp(levels[i], s) == 0)
				break;
		if (!levels[i]) {
			diag_error(d, path, v->line, v->col,
				   "'level' must be one of 国家, 省, 市, 区县, not '%s'", s);
			return -1;
		}
		break;
	default:
		break;
	}
	*(char **)member = xstrdup(s);
	return 0;
}

/* Apply every key of the front matter map fm to obj using the table. */
static int set_fields(void *obj, const struct field *table, const struct value *fm,
		      const char *path, struct diag *d)
{
	size_t i, k;
	int rc = 0;

	for (i = 0; i < fm->n; i++) {
		for (k = 0; table[k].key && strcmp(table[k].key, fm->keys[i]) != 0; k++)
			;
		if (!table[k].key) {
			diag_error(d, path, fm->key_line[i], fm->key_col[i],
				   "unknown front matter key '%s'", fm->keys[i]);
			rc = -1;
			continue;
		}
		if (set_field(obj, &table[k], fm->items[i], path, d) < 0)
			rc = -1;
	}
	return rc;
}

/* Read path's text and parse its front matter into *fm (a map, or NULL when
 * the file has none).  0 / -1. */
static int load_front(struct buf *text, struct value **fm, size_t *body_off, int *body_line,
		      const char *file, const char *path, struct diag *d)
{
	const char *yaml;
	size_t yaml_len;
	int found;

	*fm = NULL;
	if (doc_read_text(text, file, path, DOC_MAX_BYTES, d) < 0)
		return -1;
	found = doc_split(text->ptr, text->len, path, &yaml, &yaml_len, body_off, body_line, d);
	if (found <= 0)
		return found;
	if (yamldoc_parse(fm, yaml, yaml_len, path, 1, d) < 0)
		return -1;
	if ((*fm)->type == VALUE_NULL) {
		value_free(*fm);
		*fm = value_map();
	}
	if ((*fm)->type != VALUE_MAP) {
		diag_error(d, path, 2, 1, "front matter must be a mapping of keys to values");
		value_free(*fm);
		*fm = NULL;
		return -1;
	}
	return 0;
}

/* "demo/a.md" -> slug "demo/a", compilation "demo". */
static void doc_names(struct doc *doc, const char *relpath)
{
	const char *slash = strchr(relpath, '/');
	size_t len = strlen(relpath);

	doc->path = xstrdup(relpath);
	doc->slug = xstrndup(relpath, len > 3 ? len - 3 : len);
	doc->compilation = xstrndup(relpath, slash ? (size_t)(slash - relpath) : 0);
}

/* Take fm (the parsed front matter, or a NULL value) as doc's front matter
 * and fill doc's fields from it.  0 / -1 (reported). */
static int doc_apply_front(struct doc *doc, struct value *fm, struct diag *d)
{
	struct value *order;

	if (fm->type == VALUE_NULL) {
		value_free(fm);
		fm = value_map();
	}
	doc->front = fm;
	if (fm->type != VALUE_MAP) {
		diag_error(d, doc->file, 2, 1, "front matter must be a mapping of keys to values");
		return -1;
	}
	if (set_fields(doc, doc_fields, fm, doc->file, d) < 0)
		return -1;
	doc->has_status = value_get(fm, "status") && value_get(fm, "status")->type != VALUE_NULL;
	order = value_get(fm, "order");
	doc->has_order = order && order->type == VALUE_NUMBER;
	if (!doc->title || !*doc->title) {
		diag_error(d, doc->file, 1, 1, "missing 'title' in front matter");
		return -1;
	}
	return 0;
}

/* Split text (a whole file, UTF-8 checked) into front matter and body:
 * where the body starts (and its line), and unless fm is NULL the front
 * matter parsed into *fm.  0 / -1 (reported; also when there is no front
 * matter). */
static int doc_split_parse(struct doc *doc, struct value **fm, size_t *body_off, const char *text,
			   size_t len, struct diag *d)
{
	const char *yaml;
	size_t yaml_len;
	int found;

	if (fm)
		*fm = NULL;
	found = doc_split(text, len, doc->file, &yaml, &yaml_len, body_off, &doc->body_line, d);
	if (found < 0)
		return -1;
	if (found == 0) {
		diag_error(d, doc->file, 1, 1,
			   "missing front matter: a document starts with a line "
			   "'---', then at least 'title:', then '---'");
		return -1;
	}
	return fm ? yamldoc_parse(fm, yaml, yaml_len, doc->file, 1, d) : 0;
}

/* Parse text (the whole file, already UTF-8 checked) into doc. */
static int doc_from_text(struct doc *doc, const char *text, size_t len, struct diag *d)
{
	struct value *fm;
	size_t body_off;

	if (doc_split_parse(doc, &fm, &body_off, text, len, d) < 0 ||
	    doc_apply_front(doc, fm, d) < 0)
		return -1;
	doc->body_len = len - body_off;
	doc->body = xstrndup(text + body_off, doc->body_len);
	return 0;
}

int doc_parse(struct doc **out, const char *relpath, const char *label, const char *text,
	      size_t len, struct diag *d)
{
	struct doc *doc = xcalloc(1, sizeof(*doc));
	struct buf clean = BUF_INIT;
	size_t bad, start = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
	int line, col, rc = -1;

	*out = NULL;
	doc_names(doc, relpath);
	doc->file = xstrdup(label);
	if (utf8_check(text + start, len - start, &bad) < 0) {
		utf8_position(text + start, bad, &line, &col);
		diag_error(d, label, line, col, "invalid UTF-8 or NUL byte");
		goto out;
	}
	put_without_crlf(&clean, text + start, len - start);
	if (doc_from_text(doc, clean.ptr, clean.len, d) < 0)
		goto out;
	*out = doc;
	doc = NULL;
	rc = 0;
out:
	buf_release(&clean);
	doc_free(doc);
	return rc;
}

int doc_load(struct doc **out, const char *content_dir, const char *relpath, struct diag *d)
{
	struct doc *doc = xcalloc(1, sizeof(*doc));
	struct buf text = BUF_INIT, file = BUF_INIT;
	int rc = -1;

	*out = NULL;
	doc_names(doc, relpath);
	buf_printf(&file, "%s/%s", content_dir, relpath);
	doc->file = buf_detach(&file, NULL);
	if (read_text(&text, doc->blob_id, doc->file, doc->file, DOC_MAX_BYTES, d) < 0 ||
	    doc_from_text(doc, text.ptr, text.len, d) < 0)
		goto out;
	doc->has_blob_id = 1;
	*out = doc;
	doc = NULL;
	rc = 0;
out:
	buf_release(&text);
	doc_free(doc);
	return rc;
}

int doc_from_front(struct doc **out, const char *content_dir, const char *relpath,
		   struct value *front, const unsigned char blob_id[20], int body_line,
		   struct diag *d)
{
	struct doc *doc = xcalloc(1, sizeof(*doc));
	struct buf file = BUF_INIT;
	int rc = -1;

	*out = NULL;
	doc_names(doc, relpath);
	buf_printf(&file, "%s/%s", content_dir, relpath);
	doc->file = buf_detach(&file, NULL);
	memcpy(doc->blob_id, blob_id, sizeof(doc->blob_id));
	doc->has_blob_id = 1;
	doc->body_line = body_line;
	if (doc_apply_front(doc, front, d) < 0)
		goto out;
	*out = doc;
	doc = NULL;
	rc = 0;
out:
	doc_free(doc);
	return rc;
}

int doc_body(struct doc *doc, struct diag *d)
{
	struct buf text = BUF_INIT;
	unsigned char blob[20];
	size_t body_off;
	int rc = -1;

	if (doc->body)
		return 0;
	if (read_text(&text, blob, doc->file, doc->file, DOC_MAX_BYTES, d) < 0)
		goto out;
	if (!doc->has_blob_id || memcmp(blob, doc->blob_id, sizeof(blob))) {
		diag_error(d, doc->file, 1, 1,
			   "the file changed while it was being built: build again");
		goto out;
	}
	if (doc_split_parse(doc, NULL, &body_off, text.ptr, text.len, d) < 0)
		goto out;
	doc->body_len = text.len - body_off;
	doc->body = xstrndup(text.ptr + body_off, doc->body_len);
	rc = 0;
out:
	buf_release(&text);
	return rc;
}

static void measure_release(struct measure *m)
{
	free(m->id);
	strlist_release(&m->topics);
	strlist_release(&m->depts);
	free(m->amount);
	free(m->beneficiaries);
	free(m->mode);
	if (!m->borrowed) {
		free(m->text);
		free(m->summary);
	}
}

int doc_release_body(struct doc *doc)
{
	if (!doc->has_blob_id)
		return 0;
	free(doc->body);
	doc->body = NULL;
	doc->body_len = 0;
	return 1;
}

void doc_release_page_text(struct doc *doc)
{
	free(doc->body);
	free(doc->html);
	free(doc->cite_tags);
	doc->body = NULL;
	doc->html = NULL;
	doc->cite_tags = NULL;
	doc->body_len = 0;
	doc->ncite_tags = 0;
}

void doc_release_extract(struct doc *doc)
{
	size_t i;

	if (!doc->plain_borrowed)
		free(doc->plain);
	for (i = 0; i < doc->ntoc; i++) {
		free(doc->toc[i].anchor);
		free(doc->toc[i].text);
	}
	free(doc->toc);
	for (i = 0; i < doc->nmeasures; i++)
		measure_release(&doc->measures[i]);
	free(doc->measures);
	free(doc->cites);
	doc->plain = NULL;
	doc->plain_len = 0;
	doc->plain_borrowed = 0;
	doc->toc = NULL;
	doc->measures = NULL;
	doc->cites = NULL;
	doc->ntoc = doc->nmeasures = doc->measures_cap = doc->ncites = 0;
}

void doc_free(struct doc *doc)
{
	size_t i;

	if (!doc)
		return;
	free(doc->path);
	free(doc->file);
	free(doc->slug);
	free(doc->compilation);
	for (i = 0; doc_fields[i].key; i++) {
		char *member = (char *)doc + doc_fields[i].off;
		if (doc_fields[i].type == F_STR || doc_fields[i].type == F_LEVEL)
			free(*(char **)member);
		else if (doc_fields[i].type == F_LIST)
			strlist_release((struct strlist *)member);
	}
	value_free(doc->front);
	doc_release_page_text(doc);
	doc_release_extract(doc);
	free(doc);
}

int compilation_load(struct compilation **out, const char *content_dir, const char *name,
		     struct diag *d)
{
	struct compilation *c = xcalloc(1, sizeof(*c));
	struct buf text = BUF_INIT, file = BUF_INIT;
	struct value *fm = NULL;
	size_t body_off = 0;
	int rc = -1;

	*out = NULL;
	c->name = xstrdup(name);
	buf_printf(&file, "%s/%s/_index.md", content_dir, name);
	{
		struct buf p = BUF_INIT;
		buf_printf(&p, "%s/_index.md", name);
		c->path = buf_detach(&p, NULL);
	}
	c->preface_line = 1;
	if (access(file.ptr, F_OK) == 0) {
		if (load_front(&text, &fm, &body_off, &c->preface_line, file.ptr, file.ptr, d) < 0)
			goto out;
		if (fm && set_fields(c, compilation_fields, fm, file.ptr, d) < 0)
			goto out;
	}
	if (!c->title || !*c->title) {
		free(c->title);
		c->title = xstrdup(name);
	}
	c->preface = xstrdup(text.ptr + body_off);
	*out = c;
	c = NULL;
	rc = 0;
out:
	value_free(fm);
	buf_release(&text);
	buf_release(&file);
	compilation_free(c);
	return rc;
}

void compilation_free(struct compilation *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->path);
	free(c->title);
	free(c->editor);
	strlist_release(&c->sections);
	free(c->preface);
	free(c->preface_html);
	free(c->docs);
	free(c);
}
