/* output.h - the published site is replaced atomically.
 *
 * output_open makes a temporary folder beside the final one
 * (".<name>.tmp-XXXXXX" in the same parent, mode 0755 less the umask, as
 * the site's other folders).  output_write puts files into
 * it: a file whose bytes equal those of the same file in the currently
 * published site is hard-linked from there instead of written, so unchanged
 * files keep their inode and mtime.  output_commit swaps the temporary
 * folder in with one rename (renameat2 RENAME_EXCHANGE when available);
 * until then the published site is untouched.
 *
 * The site replaced is kept beside the new one as ".<name>.prev", and the
 * next output_open starts from it (spare.h): it is moved to the temporary
 * folder's name, and whatever of it is not the new site is replaced or
 * removed before the swap; so a rebuild touches the files that changed
 * instead of making a tree of 37,000 entries and removing another.  A
 * ".<name>.prev" that huibian did not make (no OUTPUT_MARKER in it, or not a
 * folder) is neither used nor replaced: the old site is then removed; one
 * owned by another user is not used either.  output_free removes whatever
 * has not been committed (a folder made from the kept site too: the next
 * build starts from nothing).
 *
 * Paths given to output_write are relative, '/'-separated, and may not be
 * absolute, contain "..", "." or empty components: such a path is refused.
 * Every write is checked (fwrite + fflush + ferror + fclose).
 *
 * With the record of the published site from the last build (its files'
 * hashes and stat identities, from the build cache: output_set_previous), a
 * file whose new bytes hash to the recorded hash and whose published copy
 * still has the recorded size, inode, mtime and ctime is hard-linked without
 * reading the published copy back; a recorded file whose hash differs is
 * written without reading it back either.  Files without a trustworthy
 * record are compared byte by byte as before.  output_files gives the hash
 * and size of every file of the new site, for the next build's record.
 *
 * Memo keys (memo.h): a file may be written with the key of the group of
 * pages it belongs to (output_write_key); the record keeps it.  The next
 * build asks output_reuse whether a group with the same key was published:
 * then every file recorded with that key is hard-linked from the published
 * site (each must still have its recorded identity) and the group is not
 * rendered at all.
 *
 * Safety: an existing final folder is only ever replaced when it holds the
 * marker file OUTPUT_MARKER, which every site written here carries; any
 * other existing non-empty folder is refused, so a mistyped --out cannot
 * delete a folder that huibian did not make.
 */
#ifndef HUIBIAN_OUTPUT_H
#define HUIBIAN_OUTPUT_H

#include <stddef.h>
#include <sys/uio.h>

#include "diag.h"
#include "hash.h"
#include "strset.h"

#define OUTPUT_MARKER ".huibian-site"

struct output;

/* A file or folder of a site, as recorded by the build cache. */
struct output_entry {
	unsigned char hash[HASH_SIZE]; /* of the bytes (files only) */
	unsigned long long size;       /* bytes (files only) */
	unsigned long long ino;
	long long mtime_ns, ctime_ns;
	int is_dir;
	int has_key;		      /* written with a memo key: */
	unsigned char key[HASH_SIZE]; /* that key */
	/* in output_files: ino, mtime_ns and ctime_ns are those of the file in
	 * the new site, known without a stat: it is the published file kept
	 * from the previous site as it is (same inode, checked against the
	 * record), which nothing in the build touched */
	int stat_known;
};

/* Start a new site for final folder dir, using up to jobs threads to list
 * the kept previous site and to remove an old one.  Stale temporary folders
 * left by a killed earlier build are removed first.  Returns 0, or -1 with
 * a message in d.  The caller frees *out with output_free. */
int output_open(struct output **out, const char *dir, int jobs, struct diag *d);
/* Report o's later messages in d (borrowed) instead of the one given to
 * output_open (opened on another thread with a diag of its own). */
void output_set_diag(struct output *o, struct diag *d);
/* Write len bytes to relpath (folders are created as needed).  0 / -1.
 * Safe to call from several threads at once. */
int output_write(struct output *o, const char *relpath, const void *data, size_t len);
/* output_write, recording the file with memo key key (NULL: none). */
int output_write_key(struct output *o, const char *relpath, const void *data, size_t len,
		     const unsigned char *key);
/* output_write_key of a file whose bytes are the n pieces iov[0, n), one
 * after the other (not copied into one buffer: a large file made mostly
 * of pieces of the published copy, output_map_published). */
int output_write_pieces(struct output *o, const char *relpath, const struct iovec *iov, size_t n,
			const unsigned char *key);
/* Reuse the published files of the group of pages with memo key key: when
 * the record of the published site (output_set_previous) has files with
 * that key and each still has its recorded type, size, inode, mtime and
 * ctime, hard-link them all into the new site (recorded with the key
 * again) and return 1: the group need not be rendered.  Otherwise return
 * 0 and leave nothing of the group in the new site.  *bytes (when bytes
 * is not NULL) is set to the size of the files reused.  Safe to call from
 * several threads at once (for different keys). */
int output_reuse(struct output *o, const unsigned char key[HASH_SIZE], size_t *bytes);
/* The published copy of relpath, mapped read-only, when the record of the
 * published site has it with memo key key and it still has its recorded
 * type, size, inode, mtime and ctime (as output_reuse checks): 1 with
 * *data and *len set (unmap it with output_unmap), else 0.  For a file
 * made of pieces that the new one shares (viewsfile.h).  Safe to call from
 * several threads at once. */
int output_map_published(struct output *o, const char *relpath, const unsigned char key[HASH_SIZE],
			 const char **data, size_t *len);
void output_unmap(const char *data, size_t len);
/* Copy a file from the file system into the site.  0 / -1. */
int output_copy(struct output *o, const char *relpath, const char *src);
/* The record of the published site: relpath → struct output_entry *, as
 * it was when it was recorded (borrowed until output_free; NULL = none). */
void output_set_previous(struct output *o, const struct strset *prev);
/* The files of the new site so far: relpath → struct output_entry * with
 * hash and size set (the stat fields only when stat_known).  Borrowed
 * from o. */
const struct strset *output_files(const struct output *o);
/* Remove the temporary folders that killed builds into dir left behind
 * (as output_open does). */
void output_tidy(const char *dir);
/* Create folder path and the folders leading to it, as `mkdir -p`: 0, or
 * -1 with errno set.  (output_open does it for the output folder's
 * parent.) */
int output_mkdirs(const char *path);
/* Publish: swap the new site in.  0 / -1 (the old site is then intact). */
int output_commit(struct output *o);
/* Counts for the summary line. */
size_t output_files_written(const struct output *o);
size_t output_files_unchanged(const struct output *o);
/* Of the unchanged files, those output_reuse linked without rendering. */
size_t output_files_reused(const struct output *o);
size_t output_bytes(const struct output *o);
/* Remove an uncommitted temporary folder and free o; NULL is a no-op. */
void output_free(struct output *o);

#endif
