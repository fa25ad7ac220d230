/* plaintext.c - plain text of a cmark-gfm node; see plaintext.h. */
#include "plaintext.h"

#include <cmark-gfm-core-extensions.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"

/* The renderer's state (cmark's struct cmark_renderer, width 0).  Its
 * prefix is only ever spaces here (list items indent their content), so it
 * is kept as a count. */
struct pt {
	struct buf out;
	size_t prefix;
	int need_cr, begin_line, no_linebreaks, in_tight;
};

static void put_prefix(struct pt *pt)
{
	buf_grow(&pt->out, pt->prefix);
	memset(pt->out.ptr + pt->out.len, ' ', pt->prefix);
	pt->out.len += pt->prefix;
	pt->out.ptr[pt->out.len] = '\0';
}

static void pt_cr(struct pt *pt, int n)
{
	if (pt->need_cr < n)
		pt->need_cr = n;
}

/* Is node in a table (its nearest node with a syntax extension is one)?
 * Then cmark escapes '|' in its text, even in plain text. */
static int in_table(cmark_node *node)
{
	for (; node; node = cmark_node_parent(node))
		if (cmark_node_get_syntax_extension(node))
			return 1;
	return 0;
}

/* Append s[0, n) with a backslash before each '|'. */
static void put_escaped(struct buf *b, const char *s, size_t n)
{
	const char *bar;

	while ((bar = memchr(s, '|', n)) != NULL) {
		buf_put(b, s, (size_t)(bar - s));
		buf_put(b, "\\|", 2);
		n -= (size_t)(bar - s) + 1;
		s = bar + 1;
	}
	buf_put(b, s, n);
}

/* cmark's renderer->out: the line breaks asked for (need_cr) that the
 * text does not end with yet, then s; a literal's newlines start new
 * lines (prefixed), other text is copied as it is; with escape, each '|'
 * gets a backslash. */
static void pt_out_esc(struct pt *pt, const char *s, int literal, int escape)
{
	struct buf *b = &pt->out;
	long k = (long)b->len - 1;
	size_t n = strlen(s), i = 0, run;

	if (pt->in_tight && pt->need_cr > 1)
		pt->need_cr = 1;
	for (; pt->need_cr > 0; pt->need_cr--) {
		if (k < 0 || b->ptr[k] == '\n') {
			k--;
		} else {
			buf_putc(b, '\n');
			if (pt->need_cr > 1)
				put_prefix(pt);
		}
		pt->begin_line = 1;
	}
	while (i < n) {
		if (pt->begin_line)
			put_prefix(pt);
		if (literal && s[i] == '\n') {
			buf_putc(b, '\n');
			pt->begin_line = 1;
			i++;
			continue;
		}
		run = literal ? strcspn(s + i, "\n") : n - i;
		if (escape)
			put_escaped(b, s + i, run);
		else
			buf_put(b, s + i, run);
		i += run;
		pt->begin_line = 0;
	}
}

static void pt_out(struct pt *pt, const char *s, int literal)
{
	pt_out_esc(pt, s, literal, 0);
}

/* The text of a TEXT or CODE node. */
static void pt_literal(struct pt *pt, cmark_node *node, int literal)
{
	const char *s = cmark_node_get_literal(node);

	pt_out_esc(pt, s ? s : "", literal, in_table(node));
}

/* The marker of list item node ("  - ", or "3.  " numbered from the
 * list's start) into m; returns its width. */
static size_t item_marker(char m[24], cmark_node *node)
{
	cmark_node *list = cmark_node_parent(node), *prev;
	int number;

	if (cmark_node_get_list_type(list) == CMARK_BULLET_LIST) {
		strcpy(m, "  - ");
		return 4;
	}
	number = cmark_node_get_list_start(list);
	for (prev = cmark_node_previous(node); prev; prev = cmark_node_previous(prev))
		number++;
	snprintf(m, 24, "%d%s%s", number,
		 cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ")" : ".",
		 number < 10 ? "  " : " ");
	return strlen(m);
}

/* The table extension's plain text (its CommonMark form): rows as
 * "| a | b |", the header followed by "| --- | :-: |".  0, or -1 for
 * another extension's node. */
static int pt_table(struct pt *pt, cmark_node *node, int entering)
{
	const char *type = cmark_node_get_type_string(node);
	cmark_node *row = cmark_node_parent(node), *table;
	uint8_t *align;
	uint16_t i, ncols;

	if (!strcmp(type, "table")) {
		pt_cr(pt, 2);
	} else if (!strcmp(type, "table_header") || !strcmp(type, "table_row")) {
		if (entering) {
			pt_cr(pt, 1);
			pt_out(pt, "|", 1);
		}
	} else if (!strcmp(type, "table_cell")) {
		if (entering) {
			pt_out(pt, " ", 1);
			return 0;
		}
		pt_out(pt, " |", 1);
		if (!cmark_gfm_extensions_get_table_row_is_header(row) || cmark_node_next(node))
			return 0;
		table = cmark_node_parent(row);
		align = cmark_gfm_extensions_get_table_alignments(table);
		ncols = cmark_gfm_extensions_get_table_columns(table);
		pt_cr(pt, 1);
		pt_out(pt, "|", 1);
		for (i = 0; i < ncols; i++)
			pt_out(pt,
			       align[i] == 'l'	 ? " :-- |"
			       : align[i] == 'c' ? " :-: |"
			       : align[i] == 'r' ? " --: |"
						 : " --- |",
			       1);
		pt_cr(pt, 1);
	} else {
		return -1;
	}
	return 0;
}

/* The nearest block of node (itself when it is one). */
static cmark_node *containing_block(cmark_node *node)
{
	while (node && (cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK)
		node = cmark_node_parent(node);
	return node;
}

/* Tight lists, cmark's rule before every event but the entering of a
 * list's first item: in a tight list item when the nearest block is an
 * item of a tight list or a child of one. */
static void pt_tight(struct pt *pt, cmark_node *node, int entering)
{
	cmark_node *b, *up;

	if (entering && cmark_node_get_type(node) == CMARK_NODE_ITEM && !cmark_node_previous(node))
		return;
	b = containing_block(node);
	up = b ? cmark_node_parent(b) : NULL;
	pt->in_tight =
	    b && ((cmark_node_get_type(b) == CMARK_NODE_ITEM && cmark_node_get_list_tight(up)) ||
		  (up && cmark_node_get_type(up) == CMARK_NODE_ITEM &&
		   cmark_node_get_list_tight(cmark_node_parent(up))));
}

/* A list item: its marker, and the indentation of its content. */
static void pt_item(struct pt *pt, cmark_node *node, int entering)
{
	char m[24];
	size_t w = item_marker(m, node);

	if (entering) {
		pt_out(pt, m, 1);
		pt->prefix += w;
	} else {
		pt->prefix = pt->prefix > w ? pt->prefix - w : 0;
		pt_cr(pt, 1);
	}
}

/* The events of block nodes; 0, or -1 for a node that is not one of them. */
static int pt_block(struct pt *pt, cmark_node *node, int entering)
{
	cmark_node *next = cmark_node_next(node), *parent = cmark_node_parent(node);

	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_LIST:
		if (!entering && next &&
		    (cmark_node_get_type(next) == CMARK_NODE_CODE_BLOCK ||
		     cmark_node_get_type(next) == CMARK_NODE_LIST))
			pt_cr(pt, 1);
		return 0;
	case CMARK_NODE_ITEM:
		pt_item(pt, node, entering);
		return 0;
	case CMARK_NODE_HEADING:
		pt->no_linebreaks = entering;
		if (!entering)
			pt_cr(pt, 2);
		return 0;
	case CMARK_NODE_CODE_BLOCK: /* a leaf: entered only */
		if (cmark_node_previous(node) || !parent ||
		    cmark_node_get_type(parent) != CMARK_NODE_ITEM)
			pt_cr(pt, 2);
		pt_literal(pt, node, 1);
		pt_cr(pt, 2);
		return 0;
	case CMARK_NODE_THEMATIC_BREAK:
		pt_cr(pt, 2);
		return 0;
	case CMARK_NODE_PARAGRAPH:
		if (!entering)
			pt_cr(pt, 2);
		return 0;
	case CMARK_NODE_DOCUMENT:
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_HTML_BLOCK:
		return 0;
	default:
		return -1;
	}
}

/* The events of inline nodes; 0, or -1 for a node that is not one of them. */
static int pt_inline(struct pt *pt, cmark_node *node)
{
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_TEXT:
		pt_literal(pt, node, 0);
		return 0;
	case CMARK_NODE_CODE:
		pt_literal(pt, node, 1);
		return 0;
	case CMARK_NODE_LINEBREAK:
		pt_cr(pt, 1);
		return 0;
	case CMARK_NODE_SOFTBREAK:
		if (pt->no_linebreaks)
			pt_out(pt, " ", 1);
		else
			pt_cr(pt, 1);
		return 0;
	case CMARK_NODE_HTML_INLINE:
	case CMARK_NODE_STRONG:
	case CMARK_NODE_EMPH:
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		return 0;
	default:
		return -1;
	}
}

/* One event of cmark's plain text renderer (plaintext.c S_render_node).
 * 0, or -1 for a node this does not render. */
static int pt_node(struct pt *pt, cmark_node *node, int entering)
{
	if (cmark_node_get_syntax_extension(node)) /* before the tightness rule */
		return pt_table(pt, node, entering);
	pt_tight(pt, node, entering);
	if ((cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
		return pt_block(pt, node, entering);
	return pt_inline(pt, node);
}

char *plaintext_render(cmark_node *node)
{
	struct pt pt = {BUF_INIT, 0, 0, 1, 0, 0};
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	int rc = 0;

	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		rc = pt_node(&pt, cmark_iter_get_node(it), ev == CMARK_EVENT_ENTER);
	cmark_iter_free(it);
	if (rc < 0) {
		buf_release(&pt.out);
		return NULL;
	}
	if (!pt.out.len || pt.out.ptr[pt.out.len - 1] != '\n')
		buf_putc(&pt.out, '\n');
	return buf_detach(&pt.out, NULL);
}
