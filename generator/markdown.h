/* markdown.h - a document's Markdown body through cmark-gfm (tables,
 * strikethrough, autolinks; never CMARK_OPT_UNSAFE, so raw HTML is not
 * passed through and unsafe link schemes are dropped).
 *
 * markdown_doc fills doc->plain, doc->toc (every heading, with a stable
 * anchor derived from its numbering: 第三条 → art-3, 第二章 → ch-2, 一、 →
 * s-1, （二） under 一、 → s-1-2, …) and doc->measures (from measure
 * comments), and, when wrap is not NULL, doc->html, where each measure's
 * block(s) are wrapped by the HTML that wrap returns.
 */
#ifndef HUIBIAN_MARKDOWN_H
#define HUIBIAN_MARKDOWN_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "site.h"

/* Produce the HTML that goes before (open) and after (close) the blocks of
 * measure m of doc.  Both buffers start empty. */
typedef void (*markdown_wrap_fn)(struct buf *open, struct buf *close, const struct doc *doc,
				 const struct measure *m, void *ctx);

/* Every text given to the functions below must be valid UTF-8 without NUL
 * bytes (doc_read_text and doc_parse check it); it is not checked again. */

/* Register the cmark-gfm extensions; call once before any thread starts. */
void markdown_init(void);
/* Process doc->body (read first when the document has none yet: doc_body)
 * as described above.  0, or -1 after reporting errors (malformed measure
 * comments, a file that changed) to d. */
int markdown_doc(struct doc *doc, markdown_wrap_fn wrap, void *ctx, struct diag *d);
/* The same, and when site is not NULL every citation of another document
 * of the site in the text (cite.h) becomes a link to it (for a page at
 * <compilation>/<doc>/index.html) and is recorded in doc->cites. */
int markdown_doc_site(struct doc *doc, markdown_wrap_fn wrap, void *ctx, const struct site *site,
		      struct diag *d);
/* Make doc->html when it is NULL (a document whose other fields came
 * from the build cache, doccache.h): the html markdown_doc_site would
 * have made with the same arguments; doc's other fields are not touched
 * but its body, which is read if it was not (doc_body).  Messages of the
 * Markdown are not reported again (they were, when the document was first
 * extracted).  0, or -1 when the body cannot be read (reported to d). */
int markdown_doc_html(struct doc *doc, markdown_wrap_fn wrap, void *ctx, const struct site *site,
		      struct diag *d);
/* Append doc->html without the links markdown_doc_site made of citations
 * (their text stays): the HTML markdown_doc makes of the same body. */
void markdown_uncited(struct buf *out, const struct doc *doc);
/* Render plain Markdown (a preface) to HTML, with heading anchors and
 * wrapped tables but no measures; *html is malloc'ed (caller frees). */
void markdown_html(char **html, const char *md, size_t len);

#endif
