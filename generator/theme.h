/* theme.h - where templates and static files come from.
 *
 * Layers, later ones overriding earlier ones file by file:
 *   1. the defaults that ship with the tool, found next to the binary
 *      (<bindir>/../templates in the source tree, <bindir>/../../templates
 *      for the build folders, <bindir>/../share/huibian/templates when
 *      installed) — never looked up relative to the current directory;
 *   2. the site's own folders beside its content folder (<content>/../templates,
 *      <content>/../static), or the folders given by --templates / --static.
 * Ownership: theme_release frees the strings.
 */
#ifndef HUIBIAN_THEME_H
#define HUIBIAN_THEME_H

#include "diag.h"
#include "mustache.h"
#include "output.h"

struct theme {
	char *templates[2]; /* default, site (either may be NULL) */
	char *statics[2];
};

/* Find the layers.  templates_opt / static_opt may be NULL. 0 / -1. */
int theme_locate(struct theme *t, const char *content_dir, const char *templates_opt,
		 const char *static_opt, struct diag *d);
/* Compile every *.mustache of the layers into m (name = file name without
 * the extension) and check partial references.  0 / -1. */
int theme_load_templates(const struct theme *t, struct mustache *m, struct diag *d);
/* Copy every static file of the layers into the site under static/.  0 / -1. */
int theme_copy_static(const struct theme *t, struct output *o, struct diag *d);
void theme_release(struct theme *t);

#endif
