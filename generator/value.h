/* value.h - a small tree of typed values: what YAML loads into and what
 * templates render from.
 *
 * Ownership: a container owns its children.  value_free frees a value and
 * everything below it; value_free(NULL) is a no-op.  Strings are copied in
 * (except by value_string_take and value_string_borrow).
 */
#ifndef HUIBIAN_VALUE_H
#define HUIBIAN_VALUE_H

#include <stddef.h>

enum value_type {
	VALUE_NULL,
	VALUE_BOOL,
	VALUE_NUMBER,
	VALUE_STRING,
	VALUE_LIST,
	VALUE_MAP,
};

struct value {
	enum value_type type;
	int line, col; /* 1-based source position, 0 when built in code */
	int boolean;   /* VALUE_BOOL */
	double number; /* VALUE_NUMBER */
	char *str;     /* STRING, NUMBER (as written), BOOL: text; else NULL */
	size_t len;    /* length of str */
	size_t n;      /* LIST and MAP: number of items */
	size_t cap;
	struct value **items;	 /* LIST items, MAP values */
	char **keys;		 /* MAP keys (NUL-terminated, owned) */
	int *key_line, *key_col; /* MAP: where each key was written (0 if built) */
	int borrowed;		 /* str is not the value's (value_string_borrow) */
};

struct value *value_new(enum value_type type);
struct value *value_null(void);
struct value *value_bool(int b);
struct value *value_number(double d);
struct value *value_int(long long i);
struct value *value_string(const char *s);
struct value *value_stringn(const char *s, size_t len);
/* A string value that takes s (len bytes, malloc'ed, NUL-terminated)
 * instead of copying it: value_free frees it. */
struct value *value_string_take(char *s, size_t len);
/* A string value that uses s (len bytes, NUL-terminated) without copying
 * or ever freeing it: s must outlive the value (a copy of the value owns
 * a copy of s). */
struct value *value_string_borrow(const char *s, size_t len);
struct value *value_list(void);
struct value *value_map(void);
void value_free(struct value *v);

/* Append item to list (takes ownership); returns item. */
struct value *value_push(struct value *list, struct value *item);
/* Set key in map to item (takes ownership, replaces and frees an existing
 * value under the same key); returns item. */
struct value *value_set(struct value *map, const char *key, struct value *item);
/* Shorthands: set key to a new string / bool / integer; return the value. */
struct value *value_set_str(struct value *map, const char *key, const char *s);
struct value *value_set_bool(struct value *map, const char *key, int b);
struct value *value_set_int(struct value *map, const char *key, long long i);
/* Borrowed lookup; NULL when map is not a map or has no such key. */
struct value *value_get(const struct value *map, const char *key);
/* Borrowed string of a STRING value under key, or NULL. */
const char *value_get_str(const struct value *map, const char *key);
/* Mustache truthiness: false for NULL, false, empty list, empty string is
 * truthy (per the spec, only false/null/empty list are falsey). */
int value_truthy(const struct value *v);
/* Deep copy. */
struct value *value_copy(const struct value *v);

#endif
