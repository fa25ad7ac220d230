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

/* An entry below a folder: its '/'-separated path relative to the folder,
 * its inode number as the folder lists it, and whether it is a folder. */
struct tree_entry {
	char *rel;
	unsigned long long ino;
	int is_dir;
};

struct tree_list {
	struct tree_entry *v;
	size_t n, cap;
};

/* List every entry below folder path (not path itself) into *out, a folder
 * before what it holds, its top-level folders on up to jobs threads (the
 * list does not depend on it).  0, or -1 (errno set, *out empty) when a
 * folder cannot be read or is deeper than TREE_MAX_DEPTH.  The caller
 * releases *out with tree_list_release. */
int tree_list(struct tree_list *out, const char *path, int jobs);
void tree_list_release(struct tree_list *l);

#endif
