/* spare.h - the previous site, taken as the starting point of the next.
 *
 * After a build publishes, the site it replaced is kept beside the new one
 * (output.h: ".<name>.prev").  The next build starts from that folder
 * instead of an empty one: most of its files are hard links to the same
 * files as the published site's, because they have not changed for two
 * builds, and need not be made again; whatever differs is replaced and
 * whatever the new site does not have is removed when it is done.  A site
 * of 10,000 documents is 37,000 files and folders: made anew and the old
 * ones removed, that was 2 s of a rebuild after one edit on this disk.
 *
 * Nothing in the spare folder is trusted: spare_open lists what is there
 * (names, inode numbers and types, as the folders give them), a file is
 * kept only when it is the very file (same inode) that the published site
 * has at the same path and the new site wants unchanged, and every other
 * entry is replaced or removed.  So any folder of huibian's making is a
 * good start, whatever was done to it since.
 *
 * Ownership: spare_free frees everything (NULL is a no-op).  The listing is
 * read-only after spare_open: spare_same and spare_is_file may be called
 * from several threads at once.
 */
#ifndef HUIBIAN_SPARE_H
#define HUIBIAN_SPARE_H

#include "buf.h"
#include "strset.h"

struct spare;

/* List folder dir (on the same file system as the site), on up to jobs
 * threads.  0, or -1 with errno set when it cannot be listed in full. */
int spare_open(struct spare **out, const char *dir, int jobs);
/* Is relpath a file of the spare folder with inode ino? */
int spare_same(const struct spare *s, const char *relpath, unsigned long long ino);
/* Is something (a file, folder or link) at relpath in the spare folder? */
int spare_has(const struct spare *s, const char *relpath);
/* Is relpath something other than a folder in the spare folder? */
int spare_is_file(const struct spare *s, const char *relpath);
/* Remove every entry of the spare folder that is neither a file of the new
 * site (files: relpath → anything) nor a folder leading to one, on up to
 * jobs threads.  0, or -1 with the first path that could not be removed
 * in *failed. */
int spare_finish(struct spare *s, const struct strset *files, int jobs, struct buf *failed);
/* Entries listed by spare_open. */
size_t spare_entries(const struct spare *s);
void spare_free(struct spare *s);

#endif
