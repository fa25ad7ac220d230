/* escape.h - one escaper per output context.  Each appends the escaped
 * form of len bytes of s to out; escaping happens only here, at the output
 * boundary.  The input is expected to be valid UTF-8 (checked earlier). */
#ifndef HUIBIAN_ESCAPE_H
#define HUIBIAN_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/* HTML text and attribute values: & < > " ' are escaped. */
void escape_html(struct buf *out, const char *s, size_t len);
/* A URL inside an href/src attribute: percent-encodes bytes outside the
 * safe set (keeps / ? # & = % : . - _ ~ and alphanumerics), then escapes
 * for the attribute ('&' → &amp;). */
void escape_url(struct buf *out, const char *s, size_t len);
/* Percent-encode everything but unreserved characters (a URL component). */
void escape_url_component(struct buf *out, const char *s, size_t len);
/* The inside of a JSON string (no quotes added); '<', '>' and '&' are
 * written as \u003c etc. so the JSON is safe inside <script> and HTML. */
void escape_json(struct buf *out, const char *s, size_t len);
/* XML text and attributes (Atom, sitemap): & < > " ' escaped, and the
 * control characters XML 1.0 forbids dropped. */
void escape_xml(struct buf *out, const char *s, size_t len);
/* A CSV field: quoted, with " doubled (RFC 4180). */
void escape_csv(struct buf *out, const char *s, size_t len);

#endif
