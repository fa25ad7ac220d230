/* mustache.h - the Mustache template engine (the required parts of the
 * Mustache spec: interpolation, sections, inverted sections, partials,
 * comments, set-delimiter; no lambdas).
 *
 * A struct mustache is a set of named templates.  Each template is compiled
 * once, by mustache_add, into a flat list of operations; standalone lines
 * and set-delimiter tags are resolved then, so rendering never re-parses.
 *
 * Escaping: {{name}} goes through escape_html (& < > " ' escaped);
 * {{{name}}} and {{& name}} write the text as it is.  Numbers render as
 * written in their source (value->str), booleans as true/false; null, lists
 * and maps interpolate as nothing.
 *
 * Ownership and threads: mustache_new returns a set the caller frees with
 * mustache_free.  mustache_add copies src, name and path.  Once the set is
 * built, mustache_check, mustache_has and mustache_render only read it, so
 * any number of threads may render from one set at the same time.
 */
#ifndef HUIBIAN_MUSTACHE_H
#define HUIBIAN_MUSTACHE_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "value.h"

/* Partials nested deeper than this make mustache_render fail (recursive
 * partials that never stop). */
#define MUSTACHE_MAX_PARTIAL_DEPTH 100
/* Sections nested deeper than this inside one template are a compile error
 * (so that rendering's recursion stays bounded). */
#define MUSTACHE_MAX_NESTING 100

struct mustache;

struct mustache *mustache_new(void);
/* Free the set and every template in it; NULL is a no-op. */
void mustache_free(struct mustache *m);

/* Compile src (len bytes, need not be NUL-terminated) as template name;
 * path is the file name used in messages.  Adding a name that exists
 * replaces that template (only if the new one compiles).  The first error
 * (unclosed or mismatched section, closing tag without section, unclosed
 * tag, bad set-delimiter tag, empty tag name or empty dotted part, sections
 * nested too deep) is reported to d as path:line:col (col counts UTF-8
 * characters) and gives -1; m is then unchanged. */
int mustache_add(struct mustache *m, const char *name, const char *src, size_t len,
		 const char *path, struct diag *d);

/* Strict check of a finished set: report every partial tag that names a
 * template not in m, at the path:line:col of its tag.  Returns 0, or -1 if
 * any partial is unknown. */
int mustache_check(const struct mustache *m, struct diag *d);

/* 1 if m holds a template called name, else 0. */
int mustache_has(const struct mustache *m, const char *name);

/* Render template name with data (the root of the context stack; may be
 * NULL) and append the result to out.  An unknown partial renders as
 * nothing.  Returns 0; -1 if name is not in m, or if partials nest deeper
 * than MUSTACHE_MAX_PARTIAL_DEPTH (out then holds a partial result that the
 * caller should discard).  Does not modify m. */
int mustache_render(struct buf *out, const struct mustache *m, const char *name,
		    const struct value *data);

#endif
