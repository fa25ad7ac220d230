/* viewsfile.h - what the views of a build save in the build cache for the
 * next build (cache_views_file):
 *
 *   - the views key (struct vmemo's all: the key of everything the views
 *     are made from) and the memo keys of all their groups of pages.  When
 *     the next build's views key is the same, so is every group's key: it
 *     reuses those groups without making their keys again (a body edit
 *     outside the measures, the most common edit, changes nothing in the
 *     views).
 *   - the table of the chunks of data/measures.csv: its rows are in site
 *     order, and the rows of one document (a chunk) are keyed by what they
 *     show (feedscsv.c).  A build that has to write the file again copies
 *     every chunk whose key is in the table from the published file instead
 *     of making it: the file is 86 MB at 10,000 documents, and making it
 *     again after a measure's text was edited took 0.2 s.
 *
 * Nothing in it is trusted on its own: a group is reused only as any
 * other (output_reuse: the record of the published site has files with
 * its key, each with its recorded identity); the table only for the
 * published file it describes: it holds the memo key that file was
 * published with, the site writer maps the published copy only when the
 * record has it with that key and the copy still has its recorded
 * identity (output_map_published), and the chunks must then add up to its
 * size.
 *
 * Storage (record.h): "views-<hash>", magic "huibian-views": the views key
 * in hex, the number of groups and a string of their keys in hex; then
 * the table: the site-relative path of the file ("-" when there is no
 * table), the hex of its memo key, the length of what precedes the first
 * chunk, the number of chunks n, a string of n chunk keys in hex, and the
 * n chunks' lengths.  A file that is missing, damaged or of another
 * format is not used.
 */
#ifndef HUIBIAN_VIEWSFILE_H
#define HUIBIAN_VIEWSFILE_H

#include <stddef.h>

#include "hash.h"

/* The table of a file made of keyed chunks. */
struct chunks {
	char *path;		      /* of the file in the site; NULL: no table */
	unsigned char key[HASH_SIZE]; /* its memo key */
	size_t head;		      /* bytes before the first chunk */
	size_t n;
	unsigned char (*keys)[HASH_SIZE]; /* per chunk */
	size_t *len, *off;		  /* per chunk: length, offset in the file */
};

struct viewsfile {
	unsigned char all[HASH_SIZE];	    /* the views key */
	unsigned char (*groups)[HASH_SIZE]; /* the keys of the groups of pages */
	size_t ngroups;
	struct chunks csv; /* data/measures.csv's */
};

/* Read the file saved at file into f.  0, or -1 (f is then empty). */
int viewsfile_load(struct viewsfile *f, const char *file);
/* Save f at file (temporary file, rename) for output folder out
 * (absolute); f->csv.off is not needed.  0, or -1 (nothing is left
 * behind). */
int viewsfile_save(const struct viewsfile *f, const char *file, const char *out);
void viewsfile_release(struct viewsfile *f);
/* The size of the file c describes. */
size_t chunks_size(const struct chunks *c);
void chunks_release(struct chunks *c);

#endif
