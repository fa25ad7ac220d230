/* yamldoc.h - load one YAML document (front matter, site.yaml, or JSON,
 * which YAML reads too) into a value tree with source positions.
 *
 * Plain scalars true/false become VALUE_BOOL, null/~/empty VALUE_NULL,
 * numbers VALUE_NUMBER (str keeps the text as written), everything else and
 * every quoted scalar VALUE_STRING.  Aliases, anchors used by aliases,
 * duplicate keys, non-scalar keys and nesting deeper than YAMLDOC_MAX_DEPTH
 * are errors (so an alias bomb cannot explode memory).
 */
#ifndef HUIBIAN_YAMLDOC_H
#define HUIBIAN_YAMLDOC_H

#include <stddef.h>

#include "diag.h"
#include "value.h"

#define YAMLDOC_MAX_DEPTH 64

/* Parse len bytes of text.  Lines in messages and positions are shifted by
 * line_offset (the line where the YAML starts inside path, minus one).
 * On success *out is a new tree the caller frees with value_free (an empty
 * document gives VALUE_NULL) and 0 is returned.  On error *out is NULL, the
 * problems are reported to d as path:line:col, and -1 is returned. */
int yamldoc_parse(struct value **out, const char *text, size_t len, const char *path,
		  int line_offset, struct diag *d);

#endif
