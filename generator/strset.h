/* strset.h - a hash map from strings to pointers (open addressing).  Keys
 * are copied and owned by the set; values are borrowed.  STRSET_INIT is an
 * empty set; strset_release frees the keys and the table. */
#ifndef HUIBIAN_STRSET_H
#define HUIBIAN_STRSET_H

#include <stddef.h>

struct strset {
	char **keys;
	void **vals;
	size_t cap, n;
};

#define STRSET_INIT                                                                                \
	{                                                                                          \
		NULL, NULL, 0, 0                                                                   \
	}

/* Add key with value val unless present.  Returns 1 if added, 0 if the key
 * was already there (its value is left unchanged). */
int strset_add(struct strset *s, const char *key, void *val);
/* Add key with value val, or replace the value of an existing key. */
void strset_put(struct strset *s, const char *key, void *val);
/* 1 if key is present, and *val (when not NULL) receives its value. */
int strset_get(const struct strset *s, const char *key, void **val);
void strset_release(struct strset *s);

#endif
