/* history.h - the version history of the content documents, read from git
 * with libgit2 (no git subprocess).
 *
 * history_load opens the repository containing the content folder
 * (discovered upward from it; the global, XDG and system git
 * configurations are not read), walks the history ONCE (first-parent by
 * default, or all parents) from HEAD, diffs each commit's tree against its
 * (first) parent's, restricted to the content folder, with renames
 * detected, and shares the result by all documents: each *.md file under
 * the content folder gets its versions newest first, following renames.
 *
 * In HISTORY_ALL mode a merge commit records a document only when its
 * version differs from the one in every parent (the merge itself changed
 * it); the side-branch commits bring their own versions.  In first-parent
 * mode a merge records what it brought into the main line.
 *
 * Outside a git repository, with HISTORY_NONE, in a bare repository, with
 * no commit yet or a repository owned by another user, history_load
 * returns 0 and an empty history whose `why` says so: not an error.
 *
 * In a shallow clone (`shallow` set) the history goes as far as it exists:
 * the commits listed in the repository's shallow file whose parents are
 * missing are the boundary, walked as roots.  A boundary commit is not
 * compared with anything: each document in it gets its oldest known
 * version there (status 'B', not 'A': it may be older), and the commit
 * lists no documents (what it changed is unknown).  libgit2 1.5 cannot walk
 * a shallow clone, so there the walk is history.c's own, in the same order
 * (children before parents, newer commit time first).
 *
 * Each commit's trees are compared folder by folder (only folders whose
 * ids differ are opened), so the walk costs about the size of the changes,
 * not of the trees; rename detection (libgit2's, default similarity) runs
 * on the files of commits that both add and delete some.
 *
 * Commit summaries, author names and paths are untrusted: invalid UTF-8
 * and NUL are replaced by U+FFFD here, and nothing is escaped (do it at
 * output).  Times are the author times (as `git log` shows), in seconds
 * since the epoch, with the author's UTC offset in minutes.
 *
 * Ownership: everything belongs to the struct history; history_free frees
 * it all (NULL is a no-op).  The libgit2 library is initialised by
 * history_load and shut down by history_free (both reference-counted in
 * libgit2).  history_read_blob and history_is_modified lock a mutex inside
 * the history, so one history may be read from several threads.
 */
#ifndef HUIBIAN_HISTORY_H
#define HUIBIAN_HISTORY_H

#include <git2.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"

enum history_mode { HISTORY_NONE, HISTORY_FIRST_PARENT, HISTORY_ALL };

enum history_why {
	HISTORY_LOADED,	    /* walked (possibly zero commits touched content) */
	HISTORY_DISABLED,   /* mode was HISTORY_NONE */
	HISTORY_NO_REPO,    /* content folder not inside a git work tree (or bare) */
	HISTORY_NO_COMMITS, /* unborn HEAD */
	HISTORY_NOT_OWNER,  /* libgit2 refused a repository owned by another user */
};

struct history_version {
	char id[GIT_OID_HEXSZ + 1];
	char short_id[8];
	long long time;	     /* author time, seconds since the epoch */
	int offset_minutes;  /* author's UTC offset */
	const char *author;  /* author name (borrowed from the commit in commits) */
	const char *summary; /* first paragraph of the message, one line (borrowed) */
	char *path;	     /* repository-relative path at that commit */
	git_oid blob;	     /* content at that commit; for 'D' the deleted content */
	char status;	     /* 'A' added, 'M' modified, 'R' renamed (and maybe
			      * modified), 'D' deleted, 'B' the oldest version
			      * known: a boundary commit of a shallow clone */
};

struct history_doc {
	char *path; /* content-relative path at HEAD, or at its deletion */
	struct history_version *v;
	size_t n;    /* versions, newest first */
	int deleted; /* the newest version is a deletion */
};

struct history_commit {
	char id[GIT_OID_HEXSZ + 1];
	char short_id[8];
	long long time;
	int offset_minutes;
	char *author;
	char *summary;
	/* content-relative paths of the documents the commit touched; a
	 * renamed document is in changed with its new path, and changed_from
	 * (parallel to changed) holds its old path, NULL when not renamed */
	char **added, **changed, **removed, **changed_from;
	size_t nadded, nchanged, nremoved;
	int boundary; /* a boundary commit of a shallow clone: kept when it has
			 documents (their 'B' versions), lists nothing */
};

struct history {
	enum history_why why;
	int shallow;  /* the repository is a shallow clone: history may be incomplete */
	char *prefix; /* content folder relative to the work tree ("" = top), '/'-terminated unless
			 "" */
	struct history_doc *docs; /* sorted by path (strcmp) */
	size_t ndocs;
	struct history_commit *commits; /* only those touching documents, newest first */
	size_t ncommits;
	struct history_priv *priv; /* the open repository etc. */
};

/* Load the history of the *.md files under content_dir.  Returns 0 with
 * *out set (see `why` for an empty one), or -1 with *out NULL and the
 * problem reported to d (a broken repository, a failed diff). */
int history_load(struct history **out, const char *content_dir, enum history_mode mode,
		 struct diag *d);
/* Set the fields of version v that come from its commit c: id, short id,
 * time, offset, and author and summary (borrowed from c). */
void history_version_of(struct history_version *v, const struct history_commit *c);
/* Free h's documents (with their versions) and commits, leaving them
 * empty; the repository stays open.  For a walk read back only in part
 * (histcache.c). */
void history_release_walk(struct history *h);
/* Where history_load_cached keeps the walk (histcache.h). */
struct history_cache {
	const char *file;	  /* the file of the saved walk */
	const char *out;	  /* the output folder it is for (absolute) */
	const unsigned char *key; /* HASH_SIZE bytes: cache_history_key */
};
/* history_load, reading the walk from hc->file instead when it was saved
 * there with hc->key, and saving it there otherwise (a file that cannot
 * be written is ignored).  hc NULL: history_load. */
int history_load_cached(struct history **out, const char *content_dir, enum history_mode mode,
			const struct history_cache *hc, struct diag *d);
/* The document at content-relative path (at HEAD or at its deletion), or
 * NULL.  Borrowed. */
const struct history_doc *history_find(const struct history *h, const char *content_relpath);
/* Append the content of version v (for 'D', the deleted content) to out.
 * Returns 0, or -1 (no repository, missing object). */
int history_read_blob(struct buf *out, const struct history *h, const struct history_version *v);
/* Does the working-tree file differ from its version in HEAD (HEAD as at
 * history_load)?  Equal bytes are not a change; otherwise the file is
 * compared as git does, with the repository's filters (a CRLF checkout of
 * an LF blob is not a change).  1 yes (also when it is new or deleted), 0
 * no or when there is no history, -1 on error. */
int history_is_modified(const struct history *h, const char *content_relpath);
/* The same, knowing blob_id (NULL: unknown), the git blob id of the text
 * the build read from that file: when it is HEAD's, the file is not read
 * again.  The caller must be sure of it (struct doc's blob_id). */
int history_is_modified_id(const struct history *h, const char *content_relpath,
			   const unsigned char *blob_id);
/* Close the repository (every handle, with the packs it maps into memory
 * and its caches) once nothing reads from it any more: the loaded versions
 * and commits stay; history_read_blob then fails and history_is_modified*
 * must not be called.  NULL is a no-op. */
void history_close(struct history *h);
void history_free(struct history *h);

#endif
