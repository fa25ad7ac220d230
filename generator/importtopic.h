/* importtopic.h - topics for imported measures (`huibian import --topics`).
 *
 * A topic list is read from a site.yaml (its `topics`: names or
 * {name, description} maps).  Each topic gets a small keyword list derived
 * from its name and description; it_topics_match assigns the topics an
 * item clearly matches (see the rule in importtopic.c) and nothing when
 * none does.  The caller owns struct it_topics and frees it with
 * it_topics_free (a no-op on an empty list).
 */
#ifndef HUIBIAN_IMPORTTOPIC_H
#define HUIBIAN_IMPORTTOPIC_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

struct it_topic {
	char *name;	/* owned */
	char *keywords; /* owned: description keywords, one per line */
};

struct it_topics {
	struct it_topic *v;
	size_t n;
};

/* Read the topics of the site.yaml text (len bytes, from path) into ts
 * (which must be empty).  A file without `topics` gives an empty list.
 * Returns 0, or -1 after adding diagnostics to dg. */
int it_topics_parse(struct it_topics *ts, const char *text, size_t len, const char *path,
		    struct diag *dg);
/* Add one topic by hand (name and optional description), e.g. in tests. */
void it_topics_add(struct it_topics *ts, const char *name, const char *description);
/* Append to out the names of the topics the item text clearly matches, in
 * the order of the list, separated by "、".  Returns how many. */
int it_topics_match(struct buf *out, const struct it_topics *ts, const char *item);
void it_topics_free(struct it_topics *ts);

#endif
