/* plaintext.h - the plain text of a cmark-gfm node: the bytes
 * cmark_render_plaintext(node, options, 0) makes, without its cost.
 *
 * Written by hand because the library's renderer is general: it goes code
 * point by code point (decoding, re-encoding and measuring each with
 * wcwidth for line wrapping that width 0 never does), and the plain texts
 * of documents, headings and measures took about a tenth of the CPU time
 * of a 10,000-document build.  This walks the same events with the same
 * line-break rules and copies the literals.  It renders the node types of
 * CommonMark and of the table extension; for any other node (strikethrough,
 * footnotes, custom nodes) it returns NULL and the caller uses
 * cmark_render_plaintext, which is then the reference.
 *
 * tests/unit/test_plaintext.c compares the two on every block of every
 * document of the demo content and the fixtures, and on constructed cases.
 */
#ifndef HUIBIAN_PLAINTEXT_H
#define HUIBIAN_PLAINTEXT_H

#include <cmark-gfm.h>

/* The plain text of node (malloc'ed, the caller frees), or NULL when the
 * subtree has a node this does not render. */
char *plaintext_render(cmark_node *node);

#endif
