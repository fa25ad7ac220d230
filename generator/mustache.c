/* mustache.c - Mustache templates compiled to operation lists; see
 * mustache.h.
 *
 * Compilation walks the source once.  Text between tags becomes MOP_TEXT
 * (offsets into the template's own copy of the source), tags become
 * operations, and a section's operation records where its body ends, so
 * rendering is a loop over the list with recursion only for sections and
 * partials.
 *
 * Partial indentation: a standalone partial tag's leading white space must
 * be put before every line of the partial.  The compiler marks each line
 * start that begins with an operation by MOP_BOL; renderers pass the
 * current indentation down as a chain of strings on the C stack, and write
 * it at each MOP_BOL and after each newline inside a MOP_TEXT that is
 * followed by more text.  Interpolated data is never indented.
 */
#include "mustache.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "xalloc.h"

enum mop_kind {
	MOP_TEXT,     /* src[off, off+len) */
	MOP_BOL,      /* a line of the template starts here */
	MOP_VAR,      /* {{name}}: escaped */
	MOP_RAW,      /* {{{name}}} or {{&name}} */
	MOP_SECTION,  /* {{#name}}: body is ops (this, end) */
	MOP_INVERTED, /* {{^name}} */
	MOP_PARTIAL,  /* {{>name}}; standalone: indentation is src[off, off+len) */
};

struct mop {
	enum mop_kind kind;
	int line, col;	/* position of the tag (sections and partials) */
	int standalone; /* MOP_PARTIAL */
	size_t off, len;
	size_t end;    /* MOP_SECTION, MOP_INVERTED: index after the body */
	char *name;    /* the tag's name as written, trimmed */
	char **parts;  /* name split at '.', one allocation with the strings */
	size_t nparts; /* 0 for the implicit iterator "." */
};

struct tpl {
	char *name, *path, *src;
	size_t srclen;
	struct mop *ops;
	size_t n, cap;
};

struct mustache {
	struct tpl **t; /* sorted by name */
	size_t n, cap;
};

static void mop_release(struct mop *op)
{
	free(op->name);
	free(op->parts);
}

static void tpl_free(struct tpl *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		mop_release(&t->ops[i]);
	free(t->ops);
	free(t->name);
	free(t->path);
	free(t->src);
	free(t);
}

struct mustache *mustache_new(void)
{
	return xcalloc(1, sizeof(struct mustache));
}

void mustache_free(struct mustache *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		tpl_free(m->t[i]);
	free(m->t);
	free(m);
}

/* Index of the template called name in the sorted array, or where it would
 * be inserted; *found tells which. */
static size_t find_slot(const struct mustache *m, const char *name, int *found)
{
	size_t lo = 0, hi = m->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(m->t[mid]->name, name);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

static const struct tpl *find_tpl(const struct mustache *m, const char *name)
{
	int found;
	size_t i = find_slot(m, name, &found);

	return found ? m->t[i] : NULL;
}

int mustache_has(const struct mustache *m, const char *name)
{
	return find_tpl(m, name) != NULL;
}

/* ---- compiler ---- */

struct mcomp {
	struct tpl *t;
	const char *src;
	size_t len;
	struct diag *d;
	const char *open, *close; /* current delimiters */
	size_t olen, clen;
	size_t text_start; /* first byte not yet turned into an operation */
	size_t cur_pos;	   /* position cursor: cur_pos is at cur_line:cur_col */
	int cur_line, cur_col;
	size_t stack[MUSTACHE_MAX_NESTING]; /* open sections (op indices) */
	int depth;
};

/* Line and column (in characters) of byte p; p never goes backwards, so
 * the whole compile counts each byte once. */
static void mc_position(struct mcomp *c, size_t p, int *line, int *col)
{
	unsigned char b;

	for (; c->cur_pos < p; c->cur_pos++) {
		b = (unsigned char)c->src[c->cur_pos];
		if (b == '\n') {
			c->cur_line++;
			c->cur_col = 1;
		} else if ((b & 0xC0) != 0x80) {
			c->cur_col++;
		}
	}
	*line = c->cur_line;
	*col = c->cur_col;
}

static void mc_error(struct mcomp *c, size_t p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void mc_error(struct mcomp *c, size_t p, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	mc_position(c, p, &line, &col);
	diag_error(c->d, c->t->path, line, col, "%s", msg.ptr);
	buf_release(&msg);
}

/* First occurrence of needle (nlen > 0 bytes) in src[from, len), or NULL.
 * (memmem is a GNU extension.) */
static const char *find_bytes(const char *src, size_t from, size_t len, const char *needle,
			      size_t nlen)
{
	const char *p = src + from, *end = src + len;

	while ((size_t)(end - p) >= nlen) {
		p = memchr(p, needle[0], (size_t)(end - p) - nlen + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, nlen) == 0)
			return p;
		p++;
	}
	return NULL;
}

static struct mop *mc_push(struct mcomp *c, enum mop_kind kind)
{
	struct mop *op;

	if (c->t->n == c->t->cap) {
		c->t->cap = c->t->cap ? c->t->cap * 2 : 16;
		c->t->ops = xreallocarray(c->t->ops, c->t->cap, sizeof(*c->t->ops));
	}
	op = &c->t->ops[c->t->n++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	return op;
}

static int at_line_start(const struct mcomp *c, size_t p)
{
	return p == 0 || c->src[p - 1] == '\n';
}

/* Turn src[a, b) into a text operation, preceded by MOP_BOL when a begins
 * a line. */
static void mc_text(struct mcomp *c, size_t a, size_t b)
{
	struct mop *op;

	if (b <= a)
		return;
	if (at_line_start(c, a))
		mc_push(c, MOP_BOL);
	op = mc_push(c, MOP_TEXT);
	op->off = a;
	op->len = b - a;
}

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static int is_space(char ch)
{
	return is_blank(ch) || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* Is the tag src[t, e) alone on its line (only blanks around it)?  If so
 * set *line_begin to the start of its line and *after to the start of the
 * next line (or the end of the source). */
static int mc_standalone(const struct mcomp *c, size_t t, size_t e, size_t *line_begin,
			 size_t *after)
{
	size_t p = t;

	while (p > c->text_start && is_blank(c->src[p - 1]))
		p--;
	if (!at_line_start(c, p))
		return 0;
	*line_begin = p;
	for (p = e; p < c->len && is_blank(c->src[p]); p++)
		;
	if (p < c->len && c->src[p] == '\r' && p + 1 < c->len && c->src[p + 1] == '\n')
		p++;
	if (p < c->len && c->src[p] != '\n')
		return 0;
	*after = p < c->len ? p + 1 : p;
	return 1;
}

/* Find the end of the tag whose content starts at q: the close delimiter,
 * preceded by the character pre when pre is not 0 ("}}}" and "=}}").
 * Returns the position of pre (or of the delimiter), or (size_t)-1. */
static size_t mc_find_close(const struct mcomp *c, size_t q, char pre)
{
	const char *hit;
	size_t from = q + (pre ? 1 : 0);

	while (from <= c->len) {
		hit = find_bytes(c->src, from, c->len, c->close, c->clen);
		if (!hit)
			return (size_t)-1;
		if (!pre)
			return (size_t)(hit - c->src);
		if (hit[-1] == pre)
			return (size_t)(hit - c->src) - 1;
		from = (size_t)(hit - c->src) + 1;
	}
	return (size_t)-1;
}

/* Give op the name src[a, b) (already trimmed, not empty), split at dots
 * unless partial.  A dotted name with an empty part is an error. */
static int mc_name(struct mcomp *c, struct mop *op, size_t a, size_t b, size_t tag, int partial)
{
	size_t i, k, nparts = 1, len = b - a;
	char *s;

	op->name = xstrndup(c->src + a, len);
	if (partial || (len == 1 && op->name[0] == '.'))
		return 0;
	for (i = 0; i < len; i++)
		nparts += op->name[i] == '.';
	op->parts = xmalloc(nparts * sizeof(char *) + len + 1);
	s = (char *)(op->parts + nparts);
	memcpy(s, op->name, len + 1);
	op->parts[0] = s;
	for (i = 0, k = 1; i < len; i++) {
		if (s[i] != '.')
			continue;
		s[i] = '\0';
		op->parts[k++] = s + i + 1;
	}
	op->nparts = nparts;
	for (k = 0; k < nparts; k++)
		if (!op->parts[k][0]) {
			mc_error(c, tag, "bad name '%s' (empty part between dots)", op->name);
			return -1;
		}
	return 0;
}

/* {{=open close=}}: content is src[a, b), trimmed. */
static int mc_set_delimiters(struct mcomp *c, size_t a, size_t b, size_t tag)
{
	size_t p = a, o_end, c_start;

	while (p < b && !is_space(c->src[p]))
		p++;
	o_end = p;
	while (p < b && is_space(c->src[p]))
		p++;
	c_start = p;
	while (p < b && !is_space(c->src[p]))
		p++;
	if (o_end == a || c_start == b || p != b || memchr(c->src + a, '=', o_end - a) ||
	    memchr(c->src + c_start, '=', b - c_start)) {
		mc_error(c, tag, "bad set-delimiter tag: expected {{=OPEN CLOSE=}}");
		return -1;
	}
	c->open = c->src + a;
	c->olen = o_end - a;
	c->close = c->src + c_start;
	c->clen = b - c_start;
	return 0;
}

/* {{#name}} or {{^name}}: push the section. */
static int mc_open_section(struct mcomp *c, enum mop_kind kind, size_t a, size_t b, size_t tag)
{
	struct mop *op;

	if (c->depth == MUSTACHE_MAX_NESTING) {
		mc_error(c, tag, "sections nested deeper than %d", MUSTACHE_MAX_NESTING);
		return -1;
	}
	op = mc_push(c, kind);
	mc_position(c, tag, &op->line, &op->col);
	c->stack[c->depth++] = c->t->n - 1;
	return mc_name(c, op, a, b, tag, 0);
}

/* {{/name}}: close the innermost open section, which must have that name. */
static int mc_close_section(struct mcomp *c, size_t a, size_t b, size_t tag)
{
	struct mop *op;
	char *name;
	int rc = -1;

	name = xstrndup(c->src + a, b - a);
	if (c->depth == 0) {
		mc_error(c, tag, "closing tag '%s' without an open section", name);
		goto out;
	}
	op = &c->t->ops[c->stack[c->depth - 1]];
	if (strcmp(op->name, name) != 0) {
		mc_error(c, tag, "closing tag '%s' does not match section '%s' opened at %d:%d",
			 name, op->name, op->line, op->col);
		goto out;
	}
	op->end = c->t->n;
	c->depth--;
	rc = 0;
out:
	free(name);
	return rc;
}

/* Emit the operation for a tag of the given type with trimmed content
 * src[a, b); tag is where its open delimiter starts. */
static int mc_tag(struct mcomp *c, char type, size_t a, size_t b, size_t tag, int standalone,
		  size_t line_begin)
{
	struct mop *op;

	if (type == '!')
		return 0;
	if (type == '=')
		return mc_set_delimiters(c, a, b, tag);
	if (a == b) {
		mc_error(c, tag, "empty tag name");
		return -1;
	}
	switch (type) {
	case '#':
		return mc_open_section(c, MOP_SECTION, a, b, tag);
	case '^':
		return mc_open_section(c, MOP_INVERTED, a, b, tag);
	case '/':
		return mc_close_section(c, a, b, tag);
	case '>':
		op = mc_push(c, MOP_PARTIAL);
		mc_position(c, tag, &op->line, &op->col);
		op->standalone = standalone;
		op->off = standalone ? line_begin : 0;
		op->len = standalone ? tag - line_begin : 0;
		return mc_name(c, op, a, b, tag, 1);
	default:
		op = mc_push(c, type == '&' || type == '{' ? MOP_RAW : MOP_VAR);
		return mc_name(c, op, a, b, tag, 0);
	}
}

/* Compile the tag whose open delimiter is at t: emit the text before it
 * and its operation, and move text_start past it (and past its whole line
 * when it stands alone). */
static int mc_one_tag(struct mcomp *c, size_t t)
{
	size_t q = t + c->olen, e, a, b, line_begin = 0, after = 0;
	char type = q < c->len ? c->src[q] : '\0';
	int standalone = 0;

	if (type && strchr("#^/>!=&{", type))
		q++;
	else
		type = 0;
	b = mc_find_close(c, q, type == '{' ? '}' : type == '=' ? '=' : 0);
	if (b == (size_t)-1) {
		mc_error(c, t, "unclosed tag: no matching close delimiter");
		return -1;
	}
	e = b + c->clen + (type == '{' || type == '=' ? 1 : 0);
	for (a = q; a < b && is_space(c->src[a]); a++)
		;
	while (b > a && is_space(c->src[b - 1]))
		b--;
	if (type && strchr("#^/>!=", type))
		standalone = mc_standalone(c, t, e, &line_begin, &after);
	if (standalone) {
		mc_text(c, c->text_start, line_begin);
	} else {
		mc_text(c, c->text_start, t);
		if (at_line_start(c, t))
			mc_push(c, MOP_BOL);
	}
	c->text_start = standalone ? after : e;
	return mc_tag(c, type, a, b, t, standalone, line_begin);
}

/* Compile c->src into c->t->ops; report the first error. */
static int mc_compile(struct mcomp *c)
{
	const char *hit;
	struct mop *op;

	for (;;) {
		hit = find_bytes(c->src, c->text_start, c->len, c->open, c->olen);
		if (!hit)
			break;
		if (mc_one_tag(c, (size_t)(hit - c->src)) < 0)
			return -1;
	}
	mc_text(c, c->text_start, c->len);
	if (c->depth > 0) {
		op = &c->t->ops[c->stack[c->depth - 1]];
		diag_error(c->d, c->t->path, op->line, op->col, "unclosed section '%s'", op->name);
		return -1;
	}
	return 0;
}

/* Put t into m, replacing a template of the same name. */
static void mustache_insert(struct mustache *m, struct tpl *t)
{
	int found;
	size_t i = find_slot(m, t->name, &found);

	if (found) {
		tpl_free(m->t[i]);
		m->t[i] = t;
		return;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->t = xreallocarray(m->t, m->cap, sizeof(*m->t));
	}
	memmove(m->t + i + 1, m->t + i, (m->n - i) * sizeof(*m->t));
	m->t[i] = t;
	m->n++;
}

int mustache_add(struct mustache *m, const char *name, const char *src, size_t len,
		 const char *path, struct diag *d)
{
	struct mcomp c;
	struct tpl *t = xcalloc(1, sizeof(*t));

	t->name = xstrdup(name);
	t->path = xstrdup(path ? path : name);
	t->src = xmalloc(len + 1);
	memcpy(t->src, src, len);
	t->src[len] = '\0';
	t->srclen = len;
	memset(&c, 0, sizeof(c));
	c.t = t;
	c.src = t->src;
	c.len = len;
	c.d = d;
	c.open = "{{";
	c.close = "}}";
	c.olen = c.clen = 2;
	c.cur_line = c.cur_col = 1;
	if (mc_compile(&c) < 0) {
		tpl_free(t);
		return -1;
	}
	mustache_insert(m, t);
	return 0;
}

int mustache_check(const struct mustache *m, struct diag *d)
{
	const struct tpl *t;
	const struct mop *op;
	size_t i, k;
	int rc = 0;

	for (i = 0; i < m->n; i++) {
		t = m->t[i];
		for (k = 0; k < t->n; k++) {
			op = &t->ops[k];
			if (op->kind != MOP_PARTIAL || find_tpl(m, op->name))
				continue;
			diag_error(d, t->path, op->line, op->col, "unknown partial '%s'", op->name);
			rc = -1;
		}
	}
	return rc;
}

/* ---- renderer ---- */

struct indent { /* indentation chain, outermost first when written */
	const char *s;
	size_t len;
	const struct indent *outer;
};

struct ctx { /* context stack, innermost first */
	const struct value *v;
	const struct ctx *up;
};

struct render {
	struct buf *out;
	const struct mustache *m;
};

static void put_indent(struct buf *out, const struct indent *ind)
{
	if (!ind)
		return;
	put_indent(out, ind->outer);
	buf_put(out, ind->s, ind->len);
}

/* Text of the template: indentation after every newline that more text of
 * the same operation follows. */
static void put_text(struct buf *out, const char *s, size_t len, const struct indent *ind)
{
	const char *nl, *end = s + len;

	while (ind && (nl = memchr(s, '\n', (size_t)(end - s))) && nl + 1 < end) {
		buf_put(out, s, (size_t)(nl + 1 - s));
		put_indent(out, ind);
		s = nl + 1;
	}
	buf_put(out, s, (size_t)(end - s));
}

/* Interpolate v: strings, numbers (as written) and booleans; nothing for
 * null, lists, maps and a missing value. */
static void put_value(struct buf *out, const struct value *v, int escape)
{
	char tmp[64];
	const char *s;
	size_t len;

	if (!v || v->type == VALUE_NULL || v->type == VALUE_LIST || v->type == VALUE_MAP)
		return;
	s = v->str;
	len = v->len;
	if (!s && v->type == VALUE_BOOL) {
		s = v->boolean ? "true" : "false";
		len = strlen(s);
	} else if (!s && v->type == VALUE_NUMBER) {
		snprintf(tmp, sizeof(tmp), "%.15g", v->number);
		s = tmp;
		len = strlen(s);
	} else if (!s) {
		return;
	}
	if (escape)
		escape_html(out, s, len);
	else
		buf_put(out, s, len);
}

/* Resolve op's name in the context stack: "." is the top; otherwise the
 * first part is looked up from the innermost context outwards, the rest
 * only inside what it found.  NULL when not found. */
static const struct value *lookup(const struct ctx *cx, const struct mop *op)
{
	const struct value *v = NULL;
	size_t k;

	if (op->nparts == 0)
		return cx ? cx->v : NULL;
	for (; cx; cx = cx->up)
		if ((v = value_get(cx->v, op->parts[0])))
			break;
	for (k = 1; v && k < op->nparts; k++)
		v = value_get(v, op->parts[k]);
	return v;
}

static int render_ops(const struct render *r, const struct tpl *t, size_t i, size_t end,
		      const struct ctx *cx, const struct indent *ind, int depth);

/* {{#name}}: the body once per list item, once with a map or other truthy
 * value pushed, or not at all. */
static int render_section(const struct render *r, const struct tpl *t, size_t i,
			  const struct ctx *cx, const struct indent *ind, int depth)
{
	const struct mop *op = &t->ops[i];
	const struct value *v = lookup(cx, op);
	struct ctx inner;
	size_t k;

	if (!value_truthy(v))
		return 0;
	inner.up = cx;
	if (v->type != VALUE_LIST) {
		inner.v = v;
		return render_ops(r, t, i + 1, op->end, &inner, ind, depth);
	}
	for (k = 0; k < v->n; k++) {
		inner.v = v->items[k];
		if (render_ops(r, t, i + 1, op->end, &inner, ind, depth) < 0)
			return -1;
	}
	return 0;
}

/* {{>name}}: the whole partial in the current context; a standalone tag
 * adds its indentation to the chain.  Unknown partials render nothing. */
static int render_partial(const struct render *r, const struct tpl *t, const struct mop *op,
			  const struct ctx *cx, const struct indent *ind, int depth)
{
	const struct tpl *p = find_tpl(r->m, op->name);
	struct indent mine;

	if (!p)
		return 0;
	if (depth >= MUSTACHE_MAX_PARTIAL_DEPTH)
		return -1;
	mine.s = t->src + op->off;
	mine.len = op->len;
	mine.outer = ind;
	return render_ops(r, p, 0, p->n, cx, op->standalone ? &mine : NULL, depth + 1);
}

/* Render ops [i, end) of t. */
static int render_ops(const struct render *r, const struct tpl *t, size_t i, size_t end,
		      const struct ctx *cx, const struct indent *ind, int depth)
{
	const struct mop *op;

	while (i < end) {
		op = &t->ops[i];
		switch (op->kind) {
		case MOP_TEXT:
			put_text(r->out, t->src + op->off, op->len, ind);
			break;
		case MOP_BOL:
			put_indent(r->out, ind);
			break;
		case MOP_VAR:
		case MOP_RAW:
			put_value(r->out, lookup(cx, op), op->kind == MOP_VAR);
			break;
		case MOP_SECTION:
			if (render_section(r, t, i, cx, ind, depth) < 0)
				return -1;
			i = op->end;
			continue;
		case MOP_INVERTED:
			if (!value_truthy(lookup(cx, op)) &&
			    render_ops(r, t, i + 1, op->end, cx, ind, depth) < 0)
				return -1;
			i = op->end;
			continue;
		case MOP_PARTIAL:
			if (render_partial(r, t, op, cx, ind, depth) < 0)
				return -1;
			break;
		}
		i++;
	}
	return 0;
}

int mustache_render(struct buf *out, const struct mustache *m, const char *name,
		    const struct value *data)
{
	const struct tpl *t = find_tpl(m, name);
	struct render r;
	struct ctx root;

	if (!t)
		return -1;
	r.out = out;
	r.m = m;
	root.v = data;
	root.up = NULL;
	return render_ops(&r, t, 0, t->n, &root, NULL, 0);
}
