/* hash.c - see hash.h: XXH3's 128-bit variant from libxxhash, stored
 * big-endian (the canonical form, the same bytes on every host). */
#include "hash.h"

#include <string.h>

#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>

void hash_bytes(unsigned char out[HASH_SIZE], const void *data, size_t len)
{
	XXH128_canonical_t c;

	XXH128_canonicalFromHash(&c, XXH3_128bits(data, len));
	memcpy(out, c.digest, HASH_SIZE);
}

void hash_pieces(unsigned char out[HASH_SIZE], const struct iovec *iov, size_t n)
{
	XXH3_state_t st; /* on the stack: XXH_STATIC_LINKING_ONLY */
	XXH128_canonical_t c;
	size_t i;

	if (n == 1) { /* the same value, without the state */
		hash_bytes(out, iov[0].iov_base, iov[0].iov_len);
		return;
	}
	XXH3_INITSTATE(&st);
	XXH3_128bits_reset(&st);
	for (i = 0; i < n; i++)
		XXH3_128bits_update(&st, iov[i].iov_base, iov[i].iov_len);
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(&st));
	memcpy(out, c.digest, HASH_SIZE);
}

void hash_hex(char out[HASH_HEX_SIZE], const unsigned char h[HASH_SIZE])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < HASH_SIZE; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[2 * HASH_SIZE] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int hash_parse_bytes(unsigned char *out, size_t n, const char *s)
{
	int hi, lo;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((hi = hexval(s[2 * i])) < 0 || (lo = hexval(s[2 * i + 1])) < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

int hash_parse(unsigned char out[HASH_SIZE], const char *s)
{
	return hash_parse_bytes(out, HASH_SIZE, s);
}
