/* Unit tests for blobid.c: libcrypto's blob ids are git's. */
#include <git2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blobid.h"
#include "tap.h"

/* Is blobid_compute of data[0..len) the id libgit2 computes? */
static int same_as_git(const void *data, size_t len)
{
	unsigned char got[20];
	git_oid want;

	blobid_compute(got, data, len);
	return git_odb_hash(&want, data, len, GIT_OBJECT_BLOB) == 0 && !memcmp(got, want.id, 20);
}

int main(void)
{
	unsigned char id[20];
	char hex[41];
	size_t i, n = 3 << 20;
	unsigned char *big = malloc(n);
	uint32_t x = 2463534242u;

	git_libgit2_init();
	blobid_compute(id, "hello\n", 6);
	for (i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", id[i]);
	is_str(hex, "ce013625030ba8dba906f756967f9e9ca394464a",
	       "the id of \"hello\\n\" is the one `git hash-object` prints");
	ok(same_as_git("", 0), "the empty blob");
	ok(same_as_git("a\0b\r\n", 5), "NUL bytes and CR LF count as they are");
	ok(same_as_git("关于加快推动航空港区四港联动发展的通知\n",
		       strlen("关于加快推动航空港区四港联动发展的通知\n")),
	   "UTF-8 text");
	for (i = 0; big && i < n; i++) { /* xorshift: deterministic bytes */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		big[i] = (unsigned char)x;
	}
	ok(big && same_as_git(big, n), "3 MB of arbitrary bytes");
	ok(big && same_as_git(big, 64) && same_as_git(big, 55) && same_as_git(big, 56),
	   "lengths around a SHA-1 block");
	free(big);
	git_libgit2_shutdown();
	return tap_done();
}
