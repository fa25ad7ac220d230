/* value.c - typed value tree; see value.h. */
#include "value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct value *value_new(enum value_type type)
{
	struct value *v = xcalloc(1, sizeof(*v));

	v->type = type;
	return v;
}

struct value *value_null(void)
{
	return value_new(VALUE_NULL);
}

struct value *value_bool(int b)
{
	struct value *v = value_new(VALUE_BOOL);

	v->boolean = !!b;
	v->str = xstrdup(b ? "true" : "false");
	v->len = strlen(v->str);
	return v;
}

struct value *value_number(double d)
{
	struct value *v = value_new(VALUE_NUMBER);
	char tmp[64];

	v->number = d;
	snprintf(tmp, sizeof(tmp), "%.15g", d);
	v->str = xstrdup(tmp);
	v->len = strlen(tmp);
	return v;
}

struct value *value_int(long long i)
{
	struct value *v = value_new(VALUE_NUMBER);
	char tmp[32];

	v->number = (double)i;
	snprintf(tmp, sizeof(tmp), "%lld", i);
	v->str = xstrdup(tmp);
	v->len = strlen(tmp);
	return v;
}

struct value *value_stringn(const char *s, size_t len)
{
	struct value *v = value_new(VALUE_STRING);

	v->str = xstrndup(s, len);
	v->len = len;
	return v;
}

struct value *value_string_take(char *s, size_t len)
{
	struct value *v = value_new(VALUE_STRING);

	v->str = s;
	v->len = len;
	return v;
}

struct value *value_string_borrow(const char *s, size_t len)
{
	struct value *v = value_new(VALUE_STRING);

	v->str = (char *)s; /* never written nor freed: borrowed */
	v->len = len;
	v->borrowed = 1;
	return v;
}

struct value *value_string(const char *s)
{
	return value_stringn(s, strlen(s));
}

struct value *value_list(void)
{
	return value_new(VALUE_LIST);
}

struct value *value_map(void)
{
	return value_new(VALUE_MAP);
}

void value_free(struct value *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		value_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->key_line);
	free(v->key_col);
	if (!v->borrowed)
		free(v->str);
	free(v);
}

static void value_reserve(struct value *v)
{
	if (v->n < v->cap)
		return;
	v->cap = v->cap ? v->cap * 2 : 8;
	v->items = xreallocarray(v->items, v->cap, sizeof(*v->items));
	if (v->type == VALUE_MAP) {
		v->keys = xreallocarray(v->keys, v->cap, sizeof(*v->keys));
		v->key_line = xreallocarray(v->key_line, v->cap, sizeof(*v->key_line));
		v->key_col = xreallocarray(v->key_col, v->cap, sizeof(*v->key_col));
	}
}

struct value *value_push(struct value *list, struct value *item)
{
	value_reserve(list);
	list->items[list->n++] = item;
	return item;
}

struct value *value_set(struct value *map, const char *key, struct value *item)
{
	size_t i;

	for (i = 0; i < map->n; i++) {
		if (strcmp(map->keys[i], key) == 0) {
			value_free(map->items[i]);
			map->items[i] = item;
			return item;
		}
	}
	value_reserve(map);
	map->keys[map->n] = xstrdup(key);
	map->key_line[map->n] = 0;
	map->key_col[map->n] = 0;
	map->items[map->n++] = item;
	return item;
}

struct value *value_set_str(struct value *map, const char *key, const char *s)
{
	return value_set(map, key, value_string(s ? s : ""));
}

struct value *value_set_bool(struct value *map, const char *key, int b)
{
	return value_set(map, key, value_bool(b));
}

struct value *value_set_int(struct value *map, const char *key, long long i)
{
	return value_set(map, key, value_int(i));
}

struct value *value_get(const struct value *map, const char *key)
{
	size_t i;

	if (!map || map->type != VALUE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0)
			return map->items[i];
	return NULL;
}

const char *value_get_str(const struct value *map, const char *key)
{
	const struct value *v = value_get(map, key);

	return v && v->type == VALUE_STRING ? v->str : NULL;
}

int value_truthy(const struct value *v)
{
	if (!v)
		return 0;
	switch (v->type) {
	case VALUE_NULL:
		return 0;
	case VALUE_BOOL:
		return v->boolean;
	case VALUE_LIST:
		return v->n > 0;
	default:
		return 1;
	}
}

struct value *value_copy(const struct value *v)
{
	struct value *c;
	size_t i;

	if (!v)
		return NULL;
	c = value_new(v->type);
	c->line = v->line;
	c->col = v->col;
	c->boolean = v->boolean;
	c->number = v->number;
	if (v->str) {
		c->str = xstrndup(v->str, v->len);
		c->len = v->len;
	}
	for (i = 0; i < v->n; i++) {
		if (v->type == VALUE_MAP) {
			value_set(c, v->keys[i], value_copy(v->items[i]));
			c->key_line[i] = v->key_line[i];
			c->key_col[i] = v->key_col[i];
		} else
			value_push(c, value_copy(v->items[i]));
	}
	return c;
}
