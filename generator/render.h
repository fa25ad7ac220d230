/* render.h - turn the linked site into pages through the templates.
 *
 * Every page is the page template (document, compilation, home, …)
 * rendered with the page's data, then `layout` with the same data plus
 * `content`.  Links are relative (`root` is the way back to the site's top,
 * "" or "../" …) and end in index.html, so the site works from file://,
 * from any sub-path and over HTTP.  Escaping happens in the templates
 * (Mustache escapes by default) and, for the few HTML fragments made here,
 * with escape.h.
 */
#ifndef HUIBIAN_RENDER_H
#define HUIBIAN_RENDER_H

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "mustache.h"
#include "output.h"
#include "page.h"
#include "site.h"

/* A markdown_wrap_fn (ctx = the struct mustache set): the HTML around a
 * measure's blocks, from the "measure" template. */
void render_measure_wrap(struct buf *open, struct buf *close, const struct doc *doc,
			 const struct measure *m, void *ctx);
/* The `doc` data of a document page (title, number, attachment, status
 * with note, meta, toc, has_toc, body, measures_count, has_measures,
 * section, compilation {title, href}); the caller adds relations, history
 * and neighbours, and frees it.  body borrows doc->html: doc must outlive
 * the value. */
struct value *render_doc_data(const struct pages *p, const struct doc *doc);
/* Write the home, compilation and document pages.  0, or -1 (reported). */
int render_site(const struct pages *p);

#endif
