/* tree.h - folders of files on disk: removed and listed without following
 * symbolic links.
 *
 * Every entry is reached through its folder's descriptor (openat,
 * unlinkat), so no path is looked up from the top again and a symbolic
 * link inside a tree is removed or listed as a link, never followed.
 * Folders deeper than TREE_MAX_DEPTH below the top are not entered (huibian
 * never makes any).
 */
#ifndef HUIBIAN_TREE_H
#define HUIBIAN_TREE_H

#include <stddef.h>

#define TREE_MAX_DEPTH 128

/* Remove path and, when it is a folder, everything in it.  0 (also when
 * path does not exist), or -1 when something could not be removed. */
int tree_remove(const char *path);
/* tree_remove with the entries of the top folder shared out among `jobs`
 * threads. */
int tree_remove_jobs(const char *path, int jobs);

/* Call fn(relpath, ino, is_dir, ctx) for every entry below folder path
 * (not path itself), a folder before what it holds; relpath is
 * '/'-separated and relative to path (borrowed for the call), ino the
 * entry's inode number as the folder lists it.  0, or -1 (errno set) when
 * a folder cannot be read or is deeper than TREE_MAX_DEPTH. */
int tree_walk(const char *path,
	      void (*fn)(const char *relpath, unsigned long long ino, int is_dir, void *ctx),
	      void *ctx);

#endif
