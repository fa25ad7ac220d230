/* strset.c - string hash map; see strset.h. FNV-1a hashing, linear probing. */
#include "strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static uint64_t strset_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t strset_slot(char *const *keys, size_t cap, const char *key)
{
	size_t i = (size_t)strset_hash(key) & (cap - 1);

	while (keys[i] && strcmp(keys[i], key) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

static void strset_grow(struct strset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64, i, j;
	char **keys = xcalloc(cap, sizeof(*keys));
	void **vals = xcalloc(cap, sizeof(*vals));

	for (i = 0; i < s->cap; i++) {
		if (!s->keys[i])
			continue;
		j = strset_slot(keys, cap, s->keys[i]);
		keys[j] = s->keys[i];
		vals[j] = s->vals[i];
	}
	free(s->keys);
	free(s->vals);
	s->keys = keys;
	s->vals = vals;
	s->cap = cap;
}

int strset_add(struct strset *s, const char *key, void *val)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap)
		strset_grow(s);
	i = strset_slot(s->keys, s->cap, key);
	if (s->keys[i])
		return 0;
	s->keys[i] = xstrdup(key);
	s->vals[i] = val;
	s->n++;
	return 1;
}

void strset_put(struct strset *s, const char *key, void *val)
{
	size_t i;

	if (strset_add(s, key, val))
		return;
	i = strset_slot(s->keys, s->cap, key);
	s->vals[i] = val;
}

int strset_get(const struct strset *s, const char *key, void **val)
{
	size_t i;

	if (!s->cap)
		return 0;
	i = strset_slot(s->keys, s->cap, key);
	if (!s->keys[i])
		return 0;
	if (val)
		*val = s->vals[i];
	return 1;
}

void strset_release(struct strset *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++)
		free(s->keys[i]);
	free(s->keys);
	free(s->vals);
	*s = (struct strset)STRSET_INIT;
}
