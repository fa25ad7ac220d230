/* scan.h - find the files of a content folder.
 *
 * A content folder holds site.yaml and one folder per compilation, whose
 * names are [a-z0-9-]+; a compilation holds an optional _index.md and
 * documents named [a-z0-9-]+.md.  Names beginning with '.' are ignored.
 * Anything else, nested folders, reserved names (those of generated views)
 * and symbolic links that leave the content folder are errors.  Results are
 * sorted (strcmp), so every later stage is deterministic.
 */
#ifndef HUIBIAN_SCAN_H
#define HUIBIAN_SCAN_H

#include "diag.h"
#include "doc.h"

struct scan {
	struct strlist compilations; /* folder names */
	struct strlist documents;    /* "compilation/name.md" */
};

/* Fill *out (zeroed by the caller; release with scan_release).  Returns 0,
 * or -1 if any error was reported (the lists hold what was valid). */
int scan_content(struct scan *out, const char *content_dir, struct diag *d);
void scan_release(struct scan *s);
/* Is name [a-z0-9-]+ ? */
int scan_valid_name(const char *name, size_t len);

#endif
