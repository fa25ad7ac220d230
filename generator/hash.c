/* hash.c - see hash.h.  Four independent 64-bit lanes each absorb one
 * 8-byte word per 32-byte block (add the word times an odd constant, rotate,
 * multiply by another: for a fixed lane value a bijection of the word);
 * the tail is zero-padded and the length mixed in at the end, then two
 * different combinations of the lanes go through a 64-bit finaliser. */
#include "hash.h"

#include <stdint.h>
#include <string.h>

#define K1 0x9e3779b97f4a7c15ULL
#define K2 0xc2b2ae3d27d4eb4fULL
#define K3 0x165667b19e3779f9ULL
#define K4 0xd6e8feb86659fd93ULL
#define K5 0xff51afd7ed558ccdULL
#define K6 0xc4ceb9fe1a85ec53ULL

static inline uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t load64(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w); /* the same value on every host */
#endif
	return w;
}

static inline uint64_t absorb(uint64_t lane, uint64_t w)
{
	return rotl(lane + w * K2, 31) * K1;
}

static uint64_t finish(uint64_t x)
{
	x ^= x >> 33;
	x *= K5;
	x ^= x >> 33;
	x *= K6;
	x ^= x >> 33;
	return x;
}

static void store64(unsigned char *p, uint64_t x)
{
	int i;

	for (i = 0; i < 8; i++, x >>= 8)
		p[i] = (unsigned char)x;
}

/* Absorb one 32-byte block into the four lanes v. */
static inline void block(uint64_t v[4], const unsigned char *p)
{
	v[0] = absorb(v[0], load64(p));
	v[1] = absorb(v[1], load64(p + 8));
	v[2] = absorb(v[2], load64(p + 16));
	v[3] = absorb(v[3], load64(p + 24));
}

void hash_bytes(unsigned char out[HASH_SIZE], const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t v[4] = {K1 ^ K3, K2, K3 + K4, K4 ^ K1}, n = (uint64_t)len, h1, h2;
	unsigned char tail[32];
	size_t rest = len % 32, i;

	for (i = 0; i + 32 <= len; i += 32)
		block(v, p + i);
	if (rest) {
		memset(tail, 0, sizeof(tail));
		memcpy(tail, p + len - rest, rest);
		block(v, tail);
	}
	h1 = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18) + n * K3;
	h2 = (v[0] * K4) ^ rotl(v[1], 29) ^ (rotl(v[2], 43) * K2) ^ v[3] ^ rotl(n * K5, 17);
	h1 = finish(h1);
	h2 = finish(h2 + h1);
	h1 = finish(h1 ^ rotl(h2, 23));
	store64(out, h1);
	store64(out + 8, h2);
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

int hash_parse(unsigned char out[HASH_SIZE], const char *s)
{
	int i, hi, lo;

	for (i = 0; i < HASH_SIZE; i++) {
		if ((hi = hexval(s[2 * i])) < 0 || (lo = hexval(s[2 * i + 1])) < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}
