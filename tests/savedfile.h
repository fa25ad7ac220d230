/* savedfile.h - helpers of the C unit tests of the cache's saved files
 * (record.h's frame): write and read a whole file, and make a file's "end
 * <hash>" line right for the body it now has, as a hostile file could.
 * Header-only (static functions, unused ones allowed). */
#ifndef HUIBIAN_SAVEDFILE_H
#define HUIBIAN_SAVEDFILE_H

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "hash.h"

/* 0, or -1 when path cannot be written in full. */
static __attribute__((unused)) int put_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	int rc = fp && fwrite(data, 1, len, fp) == len ? 0 : -1;

	if (fp && fclose(fp) != 0)
		rc = -1;
	return rc;
}

/* out = the bytes of path (emptied first).  0, or -1. */
static __attribute__((unused)) int get_file(struct buf *out, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	buf_reset(out);
	if (!fp)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(out, chunk, n);
	fclose(fp);
	return 0;
}

/* Where the hashed body of a saved file starts (after its first line) and
 * ends (its "end <hash>" line). */
static __attribute__((unused)) void saved_body(const struct buf *data, size_t *body, size_t *end)
{
	const char *nl = memchr(data->ptr, '\n', data->len);

	*body = (size_t)(nl - data->ptr) + 1;
	*end = data->len - (4 + 2 * HASH_SIZE + 1);
}

/* data with its "end <hash>" line made right for the body it now has. */
static __attribute__((unused)) void reframe(struct buf *data)
{
	unsigned char sum[HASH_SIZE];
	char hex[HASH_HEX_SIZE];
	size_t body, end;

	saved_body(data, &body, &end);
	hash_bytes(sum, data->ptr + body, end - body);
	hash_hex(hex, sum);
	memcpy(data->ptr + end + 4, hex, 2 * HASH_SIZE);
}

/* Every byte of the body of good changed to each of a few bytes, the
 * frame made right, written to file, then read by load(ctx): adds the
 * files tried to *tried, returns the sum of what load returned (what it
 * read back).  file holds good again at the end. */
static __attribute__((unused)) size_t mutate_saved(const char *file, const struct buf *good,
						   size_t (*load)(void *ctx), void *ctx,
						   size_t *tried)
{
	static const char repl[] = {'0', '9', ' ', '\n', ':', '-', 'A', '\0', (char)0xFF};
	struct buf data = BUF_INIT;
	size_t p, r, body, end, sum = 0;

	saved_body(good, &body, &end);
	for (p = body; p < end; p++)
		for (r = 0; r < sizeof(repl); r++) {
			if (good->ptr[p] == repl[r])
				continue;
			buf_reset(&data);
			buf_put(&data, good->ptr, good->len);
			data.ptr[p] = repl[r];
			reframe(&data);
			if (put_file(file, data.ptr, data.len) < 0)
				continue;
			(*tried)++;
			sum += load(ctx);
		}
	put_file(file, good->ptr, good->len);
	buf_release(&data);
	return sum;
}

#endif
