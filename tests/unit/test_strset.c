/* Unit tests for strset.c: the string hash map. */
#include <stdio.h>
#include <string.h>

#include "strset.h"
#include "tap.h"

int main(void)
{
	struct strset s = STRSET_INIT;
	int a = 1, b = 2, bad = 0, i;
	void *v = NULL;
	char key[32];

	ok(!strset_get(&s, "x", &v), "get on an empty set finds nothing");
	is_int(strset_add(&s, "政策", &a), 1, "add a new key returns 1");
	ok(strset_get(&s, "政策", &v) && v == &a, "get returns the stored value");
	is_int(strset_add(&s, "政策", &b), 0, "adding a duplicate returns 0");
	ok(strset_get(&s, "政策", &v) && v == &a, "a duplicate leaves the value unchanged");
	is_int(s.n, 1, "a duplicate is not counted");
	ok(strset_get(&s, "政策", NULL), "get with val NULL only tests presence");
	ok(!strset_get(&s, "政", NULL), "a prefix of a key is not the key");
	strcpy(key, "");
	is_int(strset_add(&s, key, &b), 1, "the empty string is a key");
	ok(strset_get(&s, "", &v) && v == &b, "and can be found");
	strcpy(key, "copied");
	strset_add(&s, key, NULL);
	strcpy(key, "changed");
	ok(strset_get(&s, "copied", NULL) && !strset_get(&s, "changed", NULL),
	   "keys are copied in");
	strset_release(&s);
	ok(s.n == 0 && s.cap == 0 && s.keys == NULL, "release empties the set");
	ok(!strset_get(&s, "政策", NULL), "a released set finds nothing");

	for (i = 0; i < 100000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		if (strset_add(&s, key, (void *)(size_t)(i + 1)) != 1)
			bad++;
	}
	is_int(bad, 0, "100000 distinct keys are all added");
	is_int(s.n, 100000, "n counts them");
	ok(s.cap >= 2 * s.n, "the table grew to keep the load at most 1/2 (cap %zu)", s.cap);
	for (i = 0, bad = 0; i < 100000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		if (!strset_get(&s, key, &v) || v != (void *)(size_t)(i + 1))
			bad++;
		if (strset_add(&s, key, NULL) != 0)
			bad++;
	}
	is_int(bad, 0, "after growth every key keeps its value and stays a duplicate");
	ok(!strset_get(&s, "k100000", NULL), "a key never added is absent");
	strset_release(&s);
	strset_release(&s);
	ok(s.keys == NULL, "release twice is harmless");
	return tap_done();
}
