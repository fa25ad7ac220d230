/* output.h - the published site is replaced atomically.
 *
 * output_open creates a fresh temporary folder beside the final one
 * (".<name>.tmp-XXXXXX" in the same parent).  output_write puts files into
 * it: a file whose bytes equal those of the same file in the currently
 * published site is hard-linked from there instead of written, so unchanged
 * files keep their inode and mtime.  output_commit swaps the temporary
 * folder in with one rename (renameat2 RENAME_EXCHANGE when available) and
 * removes the old site; until then the published site is untouched.
 * output_free removes whatever has not been committed.
 *
 * Paths given to output_write are relative, '/'-separated, and may not be
 * absolute, contain "..", "." or empty components: such a path is refused.
 * Every write is checked (fwrite + fflush + ferror + fclose).
 *
 * Safety: an existing final folder is only ever replaced when it holds the
 * marker file OUTPUT_MARKER, which every site written here carries; any
 * other existing non-empty folder is refused, so a mistyped --out cannot
 * delete a folder that huibian did not make.
 */
#ifndef HUIBIAN_OUTPUT_H
#define HUIBIAN_OUTPUT_H

#include <stddef.h>

#include "diag.h"

#define OUTPUT_MARKER ".huibian-site"

struct output;

/* Start a new site for final folder dir.  Stale temporary folders left by a
 * killed earlier build are removed first.  Returns 0, or -1 with a message
 * in d.  The caller frees *out with output_free. */
int output_open(struct output **out, const char *dir, struct diag *d);
/* Write len bytes to relpath (folders are created as needed).  0 / -1.
 * Safe to call from several threads at once. */
int output_write(struct output *o, const char *relpath, const void *data, size_t len);
/* Copy a file from the file system into the site.  0 / -1. */
int output_copy(struct output *o, const char *relpath, const char *src);
/* Publish: swap the new site in.  0 / -1 (the old site is then intact). */
int output_commit(struct output *o);
/* Counts for the summary line. */
size_t output_files_written(const struct output *o);
size_t output_files_unchanged(const struct output *o);
size_t output_bytes(const struct output *o);
/* Remove an uncommitted temporary folder and free o; NULL is a no-op. */
void output_free(struct output *o);

#endif
