/* histpages.h - the reader-facing version history of the site, from the
 * git history (history.h):
 *
 *   <slug>/history.html            every version of a document, newest
 *                                  first (renames followed), with date,
 *                                  short id, message and author; not for
 *                                  a document whose one version is the
 *                                  page itself (histpages_has_list): its
 *                                  page names that version
 *   <slug>/v-<id>.html             the document as it was at that version
 *                                  (document template with a banner); not
 *                                  for the version the site shows (the
 *                                  newest, when the file is as committed):
 *                                  its link is the document page
 *   <slug>/diff-<id>.html          that version against the one before it:
 *                                  metadata changes, the inline character
 *                                  diff and the 新旧对照 table (chardiff.h);
 *                                  not for the version that added the
 *                                  document (there is nothing to compare)
 *
 * All are files in the document's folder (beside its index.html): the
 * folders a site has cost more to make than its files on ext4.
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

#include "history.h"
#include "page.h"

/* Write every history, version and diff page, the changelog and its Atom
 * feed.  Does nothing (returns 0) when p->history is NULL or empty.
 * 0 / -1 (reported to p->d).  s is p->site: these pages are the last
 * readers of the page text, so each document's is freed
 * (doc_release_page_text) as soon as its pages are written, to lower the
 * peak memory. */
int histpages_write(const struct pages *p, struct site *s);
/* Does document live (NULL: deleted), with history hd, get a history.html?
 * Not when its only version is the text built (the same blob id) and
 * has no diff page: the list would hold the document page alone. */
int histpages_has_list(const struct history_doc *hd, const struct doc *live);
/* A commit summary to show: its own, or "（无说明）" when empty (borrowed). */
const char *histpages_summary(const char *summary);
/* Do the history pages of doc compare its body (history h, NULL: none)? */
int histpages_need_body(const struct history *h, const struct doc *doc);

#endif
