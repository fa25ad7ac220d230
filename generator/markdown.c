/* markdown.c - cmark-gfm parsing, anchors, measures; see markdown.h. */
#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "escape.h"
#include "measure.h"
#include "memo.h"
#include "numbering.h"
#include "plaintext.h"
#include "strset.h"
#include "utf8.h"
#include "xalloc.h"

/* No CMARK_OPT_VALIDATE_UTF8: every text given is valid UTF-8 already
 * (doc_read_text and doc_parse refuse anything else, with its position),
 * and cmark-gfm's own check took a tenth of markdown_doc_site's time. */
#define MD_OPTIONS CMARK_OPT_DEFAULT

/* Per-document state while walking the tree. */
struct md {
	struct doc *doc;
	struct diag *d;
	cmark_node **headings; /* in document order */
	size_t nheadings;
	cmark_node **comments; /* measure comments (HTML blocks) */
	size_t ncomments;
	struct strset anchors;	/* anchors used so far, to make them unique */
	struct strset suffixes; /* stem → the next -N suffix to try */
	int chapter, part, sub; /* numbering context for anchors */
};

/* cmark-gfm keeps the table of special inline characters in a global
 * array that cmark_parser_finish fills with the extensions' characters
 * (':' and 'w' for autolinks, '~') when inline parsing starts and clears
 * when it ends: two documents finished at once on two threads lose
 * autolinks now and then (a nondeterministic build).  The library's own
 * global state can only be guarded by a lock of the same extent: this one,
 * held by every cmark_parser_finish (block parsing, rendering and the rest
 * stay parallel). */
static pthread_mutex_t finish_lock = PTHREAD_MUTEX_INITIALIZER;

/* cmark_parser_finish(p), one at a time in the process. */
static cmark_node *md_finish(cmark_parser *p)
{
	cmark_node *root;

	pthread_mutex_lock(&finish_lock);
	root = cmark_parser_finish(p);
	pthread_mutex_unlock(&finish_lock);
	return root;
}

void markdown_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

static cmark_parser *md_parser(void)
{
	static const char *const exts[] = {"table", "strikethrough", "autolink"};
	cmark_parser *p = cmark_parser_new(MD_OPTIONS);
	size_t i;

	if (!p)
		abort();
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	return p;
}

/* Plain text of one node, trimmed, each line without its indentation and
 * with runs of spaces folded to one (cmark indents nested blocks, which
 * for a deeply nested list would be quadratic in size).  Caller frees. */
static char *node_text(cmark_node *n)
{
	char *s = plaintext_render(n), *w;
	struct buf b = BUF_INIT;
	const char *p;
	int line_start = 1, space = 0;

	if (!s) /* a node plaintext.c does not render */
		s = cmark_render_plaintext(n, MD_OPTIONS, 0);
	w = s;

	for (p = s; *p; p++) { /* in place: the result is never longer */
		if (*p == ' ' || *p == '\t') {
			space = !line_start;
			continue;
		}
		if (*p == '\n') {
			*w++ = '\n';
			line_start = 1;
			space = 0;
			continue;
		}
		if (space)
			*w++ = ' ';
		*w++ = *p;
		line_start = space = 0;
	}
	buf_put(&b, s, (size_t)(w - s));
	free(s);
	buf_trim(&b);
	return buf_detach(&b, NULL);
}

/* Append node; the array doubles when its count reaches a power of two
 * (from 8), so pushing is amortised O(1) without a separate capacity. */
static void push_node(cmark_node ***arr, size_t *n, cmark_node *node)
{
	if (*n == 0 || (*n >= 8 && (*n & (*n - 1)) == 0))
		*arr = xreallocarray(*arr, *n ? *n * 2 : 8, sizeof(**arr));
	(*arr)[(*n)++] = node;
}

/* The 1-based column in characters of byte column col on body line line. */
static int md_char_column(const struct doc *doc, int line, int col)
{
	const char *p = doc->body, *end = doc->body + doc->body_len;
	int l, c;

	for (l = 1; l < line && p < end; p++)
		if (*p == '\n')
			l++;
	if (col < 1 || (size_t)(col - 1) > (size_t)(end - p))
		return col;
	utf8_position(p, (size_t)col - 1, &l, &c);
	return c;
}

/* Collect headings and measure comments; report measure comments that
 * are not on a line of their own. */
static int md_collect(struct md *md, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int rc = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HEADING:
			push_node(&md->headings, &md->nheadings, n);
			break;
		case CMARK_NODE_HTML_BLOCK:
			lit = cmark_node_get_literal(n);
			if (lit && measure_is_comment(lit, strlen(lit)))
				push_node(&md->comments, &md->ncomments, n);
			break;
		case CMARK_NODE_HTML_INLINE:
			lit = cmark_node_get_literal(n);
			if (lit && measure_is_comment(lit, strlen(lit))) {
				diag_error(
				    md->d, md->doc->file,
				    md->doc->body_line + cmark_node_get_start_line(n) - 1,
				    md_char_column(md->doc, cmark_node_get_start_line(n),
						   cmark_node_get_start_column(n)),
				    "a measure comment must be on a line of its own, after the "
				    "block it annotates");
				rc = -1;
			}
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return rc;
}

/* Make anchor unique within the document (suffix -2, -3, …) and remember it. */
static char *md_unique(struct md *md, struct buf *a)
{
	struct buf stem = BUF_INIT;
	void *next = NULL;
	size_t n;

	if (strset_add(&md->anchors, a->ptr, NULL))
		return buf_detach(a, NULL);
	/* Taken: try stem-2, stem-3 …, starting after the last suffix used for
	 * this stem, so that many equal stems stay linear. */
	buf_set(&stem, a->ptr, a->len);
	strset_get(&md->suffixes, stem.ptr, &next);
	for (n = next ? (size_t)(uintptr_t)next : 2;; n++) {
		buf_truncate(a, stem.len);
		buf_printf(a, "-%zu", n);
		if (strset_add(&md->anchors, a->ptr, NULL))
			break;
	}
	strset_put(&md->suffixes, stem.ptr, (void *)(uintptr_t)(n + 1));
	buf_release(&stem);
	return buf_detach(a, NULL);
}

/* An anchor from heading text without numbering: letters, digits and CJK
 * kept, everything else folded to single '-', at most 24 characters. */
static void text_anchor(struct buf *a, const char *text)
{
	size_t i = 0, len = strlen(text), n;
	int chars = 0, dash = 0;
	int32_t cp;

	while (i < len && chars < 24) {
		n = utf8_next(text + i, len - i, &cp);
		if ((cp < 128 && ((cp | 32) >= 'a' && (cp | 32) <= 'z')) ||
		    (cp >= '0' && cp <= '9') || (cp >= 0x4E00 && cp <= 0x9FFF)) {
			if (dash && a->len)
				buf_putc(a, '-');
			buf_put(a, text + i, n);
			dash = 0;
			chars++;
		} else {
			dash = 1;
		}
		i += n;
	}
	if (!a->len)
		buf_puts(a, "h");
}

/* The anchor for a heading, from its numbering label and the numbering
 * context (which it updates). */
static char *md_heading_anchor(struct md *md, const char *text)
{
	struct buf a = BUF_INIT;
	struct numbering num;

	numbering_parse(&num, text, strlen(text));
	switch (num.kind) {
	case NUMBERING_CHAPTER:
		md->chapter = num.value;
		buf_printf(&a, "ch-%d", num.value);
		break;
	case NUMBERING_SECTION:
		if (md->chapter)
			buf_printf(&a, "ch-%d-", md->chapter);
		buf_printf(&a, "sec-%d", num.value);
		break;
	case NUMBERING_ARTICLE:
		buf_printf(&a, "art-%d", num.value);
		break;
	case NUMBERING_CN:
		md->part = num.value;
		md->sub = 0;
		buf_printf(&a, "s-%d", num.value);
		break;
	case NUMBERING_CN_PAREN:
		md->sub = num.value;
		buf_printf(&a, md->part ? "s-%d-%d" : "p-%d", md->part ? md->part : num.value,
			   num.value);
		break;
	case NUMBERING_DIGIT:
	case NUMBERING_DIGIT_PAREN:
		buf_puts(&a, "s");
		if (md->part)
			buf_printf(&a, "-%d", md->part);
		if (md->sub)
			buf_printf(&a, "-%d", md->sub);
		buf_printf(&a, "-%d", num.value);
		break;
	default:
		md->chapter = md->part = md->sub = 0;
		text_anchor(&a, text);
	}
	return md_unique(md, &a);
}

/* Fill doc->toc from the collected headings. */
static void md_toc(struct md *md)
{
	size_t i;

	md->doc->toc = xcalloc(md->nheadings ? md->nheadings : 1, sizeof(*md->doc->toc));
	for (i = 0; i < md->nheadings; i++) {
		struct heading *h = &md->doc->toc[i];
		h->level = cmark_node_get_heading_level(md->headings[i]);
		h->text = node_text(md->headings[i]);
		h->anchor = md_heading_anchor(md, h->text);
	}
	md->doc->ntoc = md->nheadings;
}

/* The heading that precedes node n in document order (NULL if none). */
static const struct heading *md_heading_before(struct md *md, cmark_node *n)
{
	size_t i;
	int line = cmark_node_get_start_line(n);

	for (i = md->nheadings; i-- > 0;)
		if (cmark_node_get_start_line(md->headings[i]) <= line)
			return &md->doc->toc[i];
	return NULL;
}

/* The first sentence of text: up to 。；！？ or a line end, at most about
 * 80 characters (caller frees). */
static char *first_sentence(const char *text)
{
	static const char *const stops[] = {"。", "；", "！", "？"};
	size_t i = 0, len = strlen(text), n, k;
	int chars = 0;
	int32_t cp;

	while (i < len && text[i] != '\n' && chars < 80) {
		for (k = 0; k < 4; k++)
			if (!strncmp(text + i, stops[k], 3))
				return xstrndup(text, i + 3);
		n = utf8_next(text + i, len - i, &cp);
		i += n;
		chars++;
	}
	if (chars >= 80) {
		struct buf b = BUF_INIT;
		buf_put(&b, text, i);
		buf_puts(&b, "…");
		return buf_detach(&b, NULL);
	}
	return xstrndup(text, i);
}

/* Is n one of the collected headings? Its level, else 0. */
static int heading_level(cmark_node *n)
{
	return n && cmark_node_get_type(n) == CMARK_NODE_HEADING ? cmark_node_get_heading_level(n)
								 : 0;
}

/* The blocks a measure covers: the target block, or, for a heading, the
 * heading and every following sibling up to the next heading of the same or
 * a higher level.  comment is skipped.  Returns the count in *nodes. */
static size_t measure_blocks(cmark_node ***nodes, cmark_node *target, cmark_node *comment)
{
	size_t n = 0;
	int level = heading_level(target);
	cmark_node *c;

	*nodes = NULL;
	push_node(nodes, &n, target);
	if (!level)
		return n;
	for (c = cmark_node_next(target); c; c = cmark_node_next(c)) {
		int l = heading_level(c);
		if (l && l <= level)
			break;
		if (c != comment)
			push_node(nodes, &n, c);
	}
	return n;
}

/* The default id of measure m annotating first: "m-" + the anchor of the
 * heading it is under (or the heading itself) + its numbering, if any. */
static char *measure_default_id(struct md *md, cmark_node *first, const char *text)
{
	const struct heading *h = md_heading_before(md, first);
	struct numbering num;
	struct buf a = BUF_INIT;

	buf_printf(&a, "m-%s", h ? h->anchor : "top");
	if (!heading_level(first) && numbering_parse(&num, text, strlen(text)))
		buf_printf(&a, "-%d", num.value);
	return md_unique(md, &a);
}

/* Parse the measure comment c into a new doc->measures entry and wrap its
 * blocks (when wrap is set).  0 / -1 (reported). */
static int md_measure(struct md *md, cmark_node *c, markdown_wrap_fn wrap, void *ctx)
{
	struct doc *doc = md->doc;
	cmark_node *target = cmark_node_previous(c), **blocks = NULL, *box;
	const char *lit = cmark_node_get_literal(c);
	int line = doc->body_line + cmark_node_get_start_line(c) - 1;
	struct measure *m;
	struct buf text = BUF_INIT, open = BUF_INIT, close = BUF_INIT;
	size_t i, n;
	int rc = -1;

	if (doc->nmeasures == doc->measures_cap) { /* grow geometrically */
		doc->measures_cap = doc->measures_cap ? doc->measures_cap * 2 : 8;
		doc->measures =
		    xreallocarray(doc->measures, doc->measures_cap, sizeof(*doc->measures));
	}
	m = memset(&doc->measures[doc->nmeasures++], 0, sizeof(*m));
	m->line = line;
	m->col = cmark_node_get_start_column(c);
	if (measure_parse(m, lit, strlen(lit), doc->file, line, m->col, md->d) < 0)
		goto out;
	if (!target || cmark_node_get_type(target) == CMARK_NODE_CUSTOM_BLOCK ||
	    cmark_node_get_type(target) == CMARK_NODE_HTML_BLOCK) {
		diag_error(
		    md->d, doc->file, line, m->col,
		    "a measure comment must follow the paragraph, list or heading it annotates");
		goto out;
	}
	n = measure_blocks(&blocks, target, c);
	for (i = 0; i < n; i++) {
		char *t = node_text(blocks[i]);
		if (i)
			buf_putc(&text, '\n');
		buf_puts(&text, t);
		free(t);
	}
	m->text = buf_detach(&text, NULL);
	m->summary = first_sentence(m->text);
	memo_text_hash(m->text_hash, m->text, m->summary);
	m->has_text_hash = 1;
	if (!m->id)
		m->id = measure_default_id(md, target, m->text);
	else if (!strset_add(&md->anchors, m->id, NULL)) {
		diag_error(md->d, doc->file, line, m->col, "duplicate measure id '%s'", m->id);
		goto out;
	}
	if (wrap) {
		wrap(&open, &close, doc, m, ctx);
		box = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
		cmark_node_set_on_enter(box, open.ptr);
		cmark_node_set_on_exit(box, close.ptr);
		cmark_node_insert_before(target, box);
		for (i = 0; i < n; i++)
			cmark_node_append_child(box, blocks[i]);
	}
	rc = 0;
out:
	free(blocks); /* c stays in the tree until every measure found its target */
	buf_release(&open);
	buf_release(&close);
	return rc;
}

/* The title of a citation link starts with this byte, which the rendered
 * text of valid UTF-8 never holds: md_finish_html removes it and records
 * where the link's tags are (struct doc's cite_tags). */
#define CITE_MARK '\xFF'

/* Record the range [start, start + len) of out as a citation link tag. */
static void cite_tag(struct doc *doc, size_t start, size_t len)
{
	if (!doc)
		return;
	if (doc->ncite_tags == 0 ||
	    (doc->ncite_tags >= 8 && !(doc->ncite_tags & (doc->ncite_tags - 1))))
		doc->cite_tags =
		    xreallocarray(doc->cite_tags, doc->ncite_tags ? doc->ncite_tags * 2 : 8,
				  sizeof(*doc->cite_tags));
	doc->cite_tags[doc->ncite_tags][0] = start;
	doc->cite_tags[doc->ncite_tags][1] = len;
	doc->ncite_tags++;
}

/* If lt starts a citation link's <a> tag (its title marked), copy the tag
 * without the mark, record it and return its length in html; else 0. */
static size_t md_cite_open(struct buf *out, const char *lt, struct doc *doc)
{
	const char *gt, *mark;
	size_t start = out->len;

	if (strncmp(lt, "<a href=\"", 9) != 0 || !(gt = strchr(lt, '>')))
		return 0;
	mark = memchr(lt, CITE_MARK, (size_t)(gt - lt));
	if (!mark || mark - lt < 9 || strncmp(mark - 9, "\" title=\"", 9) != 0)
		return 0;
	buf_put(out, lt, (size_t)(mark - lt));
	buf_put(out, mark + 1, (size_t)(gt + 1 - (mark + 1)));
	cite_tag(doc, start, out->len - start);
	return (size_t)(gt + 1 - lt);
}

/* Give each <hN> of the rendered html its anchor (in document order, as
 * only real headings can produce "<hN>" in safe mode), wrap tables in a
 * scrolling box, and (doc not NULL) record the citation links' tags. */
static void md_finish_html(struct buf *out, const char *html, const struct heading *toc,
			   size_t ntoc, struct doc *doc)
{
	const char *p = html, *lt;
	size_t h = 0, n;
	int in_cite = 0;

	while ((lt = strchr(p, '<')) != NULL) {
		buf_put(out, p, (size_t)(lt - p));
		if (lt[1] == 'a' && (n = md_cite_open(out, lt, doc)) > 0) {
			in_cite = 1;
			p = lt + n;
		} else if (in_cite && !strncmp(lt, "</a>", 4)) {
			cite_tag(doc, out->len, 4);
			buf_puts(out, "</a>");
			in_cite = 0;
			p = lt + 4;
		} else if (lt[1] == 'h' && lt[2] >= '1' && lt[2] <= '6' && lt[3] == '>' &&
			   h < ntoc) {
			buf_printf(out, "<h%c id=\"", lt[2]);
			escape_html(out, toc[h].anchor, strlen(toc[h].anchor));
			buf_puts(out, "\">");
			buf_printf(out, "<a class=\"anchor\" href=\"#");
			escape_url(out, toc[h].anchor, strlen(toc[h].anchor));
			buf_puts(out, "\" aria-hidden=\"true\">#</a>");
			h++;
			p = lt + 4;
		} else if (!strncmp(lt, "<table>", 7)) {
			buf_puts(out, "<div class=\"table-wrap\"><table>");
			p = lt + 7;
		} else if (!strncmp(lt, "</table>", 8)) {
			buf_puts(out, "</table></div>");
			p = lt + 8;
		} else {
			buf_putc(out, '<');
			p = lt + 1;
		}
	}
	buf_puts(out, p);
}

/* Render root (with the extensions of p) and add anchors; caller frees.
 * doc (or NULL) gets its cite_tags. */
static char *md_render(cmark_node *root, cmark_parser *p, const struct heading *toc, size_t ntoc,
		       struct doc *doc)
{
	char *html = cmark_render_html(root, MD_OPTIONS, cmark_parser_get_syntax_extensions(p));
	struct buf out = BUF_INIT;

	md_finish_html(&out, html, toc, ntoc, doc);
	free(html);
	return buf_detach(&out, NULL);
}

static void md_release(struct md *md)
{
	free(md->headings);
	free(md->comments);
	strset_release(&md->anchors);
	strset_release(&md->suffixes);
}

/* Remember that doc cites t (once). */
static void md_add_cite(struct doc *doc, const struct doc *t)
{
	size_t i;

	for (i = 0; i < doc->ncites; i++)
		if (doc->cites[i] == t)
			return;
	doc->cites = xreallocarray(doc->cites, doc->ncites + 1, sizeof(*doc->cites));
	doc->cites[doc->ncites++] = t;
}

/* Split text node n around the citations it holds (of documents other
 * than self), linking each. */
static void md_cite_text(cmark_node *n, struct doc *doc, const struct doc *self,
			 const struct site *site)
{
	struct buf url = BUF_INIT, rest = BUF_INIT, title = BUF_INIT;
	struct cite c;
	cmark_node *link, *label, *after;

	const char *lit = cmark_node_get_literal(n);

	if (!lit || !cite_next(&c, site, self, lit, strlen(lit)))
		return; /* the common case: nothing to link, nothing copied */
	buf_puts(&rest, lit);
	while (cite_next(&c, site, self, rest.ptr, rest.len)) {
		struct buf piece = BUF_INIT;
		buf_reset(&url);
		buf_printf(&url, "../../%s/index.html", c.doc->slug);
		link = cmark_node_new(CMARK_NODE_LINK);
		cmark_node_set_url(link, url.ptr);
		buf_reset(&title);
		buf_putc(&title, CITE_MARK);
		buf_puts(&title, c.doc->title);
		cmark_node_set_title(link, title.ptr);
		label = cmark_node_new(CMARK_NODE_TEXT);
		buf_put(&piece, rest.ptr + c.start, c.len);
		cmark_node_set_literal(label, piece.ptr);
		cmark_node_append_child(link, label);
		after = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_literal(after, rest.ptr + c.start + c.len);
		buf_truncate(&rest, c.start);
		cmark_node_set_literal(n, rest.ptr);
		cmark_node_insert_after(n, link);
		cmark_node_insert_after(link, after);
		md_add_cite(doc, c.doc);
		buf_set(&rest, cmark_node_get_literal(after),
			strlen(cmark_node_get_literal(after)));
		n = after;
		buf_release(&piece);
	}
	buf_release(&url);
	buf_release(&rest);
	buf_release(&title);
}

/* Link the citations in every text node that is not inside a link. */
static void md_cite(cmark_node *root, struct doc *doc, const struct doc *self,
		    const struct site *site)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_node **texts = NULL;
	size_t n = 0, i;
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it), *up;
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_TEXT)
			continue;
		for (up = cmark_node_parent(node); up; up = cmark_node_parent(up))
			if (cmark_node_get_type(up) == CMARK_NODE_LINK ||
			    cmark_node_get_type(up) == CMARK_NODE_IMAGE ||
			    cmark_node_get_type(up) == CMARK_NODE_HEADING)
				break;
		if (!up)
			push_node(&texts, &n, node);
	}
	cmark_iter_free(it);
	for (i = 0; i < n; i++)
		md_cite_text(texts[i], doc, self, site);
	free(texts);
}

int markdown_doc(struct doc *doc, markdown_wrap_fn wrap, void *ctx, struct diag *d)
{
	return markdown_doc_site(doc, wrap, ctx, NULL, d);
}

/* markdown_doc_site for doc, which is the site's document self or a copy
 * of it (a citation of self is not one). */
static int md_doc(struct doc *doc, const struct doc *self, markdown_wrap_fn wrap, void *ctx,
		  const struct site *site, struct diag *d)
{
	struct md md;
	cmark_parser *p = md_parser();
	cmark_node *root;
	size_t i;
	int rc = 0;

	if (doc_body(doc, d) < 0) {
		cmark_parser_free(p);
		return -1;
	}
	memset(&md, 0, sizeof(md));
	md.doc = doc;
	md.d = d;
	cmark_parser_feed(p, doc->body, doc->body_len);
	root = md_finish(p);
	doc->plain = node_text(root);
	doc->plain_len = strlen(doc->plain);
	doc->plain_borrowed = 0;
	if (md_collect(&md, root) < 0)
		rc = -1;
	md_toc(&md);
	for (i = 0; i < md.ncomments; i++)
		if (md_measure(&md, md.comments[i], wrap, ctx) < 0)
			rc = -1;
	for (i = 0; i < md.ncomments; i++)
		cmark_node_free(md.comments[i]);
	if (site)
		md_cite(root, doc, self, site);
	if (wrap && rc == 0)
		doc->html = md_render(root, p, doc->toc, doc->ntoc, doc);
	cmark_node_free(root);
	cmark_parser_free(p);
	md_release(&md);
	return rc;
}

int markdown_doc_site(struct doc *doc, markdown_wrap_fn wrap, void *ctx, const struct site *site,
		      struct diag *d)
{
	return md_doc(doc, doc, wrap, ctx, site, d);
}

/* The copy runs the whole of markdown_doc_site (the html depends on the
 * anchors and measures it finds) on doc's body; only its html and
 * citation tags are kept, so that nothing another thread may read of doc
 * changes. */
int markdown_doc_html(struct doc *doc, markdown_wrap_fn wrap, void *ctx, const struct site *site,
		      struct diag *d)
{
	struct doc t;
	struct diag quiet = DIAG_INIT;

	if (doc->html)
		return 0;
	if (doc_body(doc, d) < 0)
		return -1;
	t = *doc;
	t.plain = NULL;
	t.plain_borrowed = 0;
	t.toc = NULL;
	t.measures = NULL;
	t.cites = NULL;
	t.ntoc = t.nmeasures = t.measures_cap = t.ncites = 0;
	t.cite_tags = NULL;
	t.ncite_tags = 0;
	md_doc(&t, doc, wrap, ctx, site, &quiet);
	doc->html = t.html ? t.html : xstrdup("");
	doc->cite_tags = t.cite_tags;
	doc->ncite_tags = t.ncite_tags;
	doc_release_extract(&t);
	diag_release(&quiet);
	return 0;
}

void markdown_html(char **html, const char *text, size_t len)
{
	struct doc doc;
	struct md md;
	struct diag d = DIAG_INIT;
	cmark_parser *p = md_parser();
	cmark_node *root;
	size_t i;

	memset(&doc, 0, sizeof(doc));
	memset(&md, 0, sizeof(md));
	doc.file = "(preface)";
	md.doc = &doc;
	md.d = &d;
	cmark_parser_feed(p, text, len);
	root = md_finish(p);
	md_collect(&md, root);
	md_toc(&md);
	*html = md_render(root, p, doc.toc, doc.ntoc, NULL);
	for (i = 0; i < doc.ntoc; i++) {
		free(doc.toc[i].anchor);
		free(doc.toc[i].text);
	}
	free(doc.toc);
	cmark_node_free(root);
	cmark_parser_free(p);
	md_release(&md);
	diag_release(&d);
}

void markdown_uncited(struct buf *out, const struct doc *doc)
{
	const char *html = doc->html ? doc->html : "";
	size_t i, at = 0;

	for (i = 0; i < doc->ncite_tags; i++) {
		buf_put(out, html + at, doc->cite_tags[i][0] - at);
		at = doc->cite_tags[i][0] + doc->cite_tags[i][1];
	}
	buf_puts(out, html + at);
}
