/* histpages.h - the reader-facing version history of the site, from the
 * git history (history.h):
 *
 *   <slug>/history/index.html      every version of a document, newest
 *                                  first (renames followed), with date,
 *                                  short id, message and author
 *   <slug>/v/<id>/index.html       the document as it was at that version
 *                                  (document template with a banner)
 *   <slug>/diff/<id>/index.html    that version against the one before it:
 *                                  metadata changes, the inline character
 *                                  diff and the 新旧对照 table (chardiff.h)
 *   changes/index.html             the site-wide changelog, newest first
 *   changes/feed.xml               its Atom feed
 *
 * Documents deleted from the content folder keep their history pages
 * (marked 已删除).  <id> is the 7-character short id, or the full id when
 * two versions of one document share a short id.  A version that no longer
 * parses is shown as preformatted text with a note; it never fails the
 * build.  The output depends only on the repository state (and the work
 * tree, for the "uncommitted" note), never on the time of the build.
 * Commit messages, author names and paths are escaped by the templates.
 */
#ifndef HUIBIAN_HISTPAGES_H
#define HUIBIAN_HISTPAGES_H

#include "page.h"

/* Write every history, version and diff page, the changelog and its Atom
 * feed.  Does nothing (returns 0) when p->history is NULL or empty.
 * 0 / -1 (reported to p->d). */
int histpages_write(const struct pages *p);

#endif
