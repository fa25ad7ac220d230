/* histcache.h - the result of a history walk (struct history's documents,
 * versions, commits and shallow flag) saved in the build cache, and read
 * back by the next build when its key is the same: the key covers HEAD's
 * commit and everything else the walk reads (cache_history_key), so a
 * rebuild after an uncommitted edit does not walk the history again.
 *
 * File format (record.h: framed, binary-safe fields):
 *   huibian-history <HISTCACHE_FORMAT> <HUIBIAN_VERSION>\n
 *   out <absolute output folder>\n     (so that the cache can prune it)
 *   key <hex>\n
 *   <shallow> <ncommits> <ndocs>\n
 *   per commit: id short_id time offset author summary boundary
 *               nadded added... nchanged (changed changed_from|-)...
 *               nremoved removed...
 *   per document: path deleted n, then per version: commit index, path,
 *               blob id (hex), status
 *   end <hex of the hash of everything after the first line up to here>\n
 * A file that is missing, damaged, of another format or version, or of
 * another key is not used (the walk runs); it is written to a temporary
 * file and renamed into place.
 *
 * Ownership: histcache_read fills h's docs and commits (history_free
 * frees them); nothing else is kept.
 */
#ifndef HUIBIAN_HISTCACHE_H
#define HUIBIAN_HISTCACHE_H

#include "hash.h"
#include "history.h"

#define HISTCACHE_MAGIC "huibian-history"
#define HISTCACHE_FORMAT 1

/* Read file into h (whose docs and commits must be empty) when it holds a
 * walk of key.  1 read, 0 not (h unchanged). */
int histcache_read(struct history *h, const char *file, const unsigned char key[HASH_SIZE]);
/* Save the walk in h to file for key, as the history of output folder
 * out.  0, or -1 (nothing is left behind; the build goes on). */
int histcache_write(const struct history *h, const char *file, const char *out,
		    const unsigned char key[HASH_SIZE]);

#endif
