/* record.c - framed files of binary-safe fields; see record.h. */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

#define END_LEN (4 + 2 * HASH_SIZE + 1) /* "end " hex "\n" */

size_t record_begin(struct buf *b, const char *magic, int format, const char *out,
		    const unsigned char *key)
{
	char hex[HASH_HEX_SIZE];
	size_t body;

	buf_reset(b);
	buf_printf(b, "%s %d %s\n", magic, format, HUIBIAN_VERSION);
	body = b->len;
	buf_printf(b, "out %s\n", out);
	if (key) {
		hash_hex(hex, key);
		buf_printf(b, "key %s\n", hex);
	}
	return body;
}

void record_end(struct buf *b, size_t body)
{
	unsigned char sum[HASH_SIZE];
	char hex[HASH_HEX_SIZE];

	hash_bytes(sum, b->ptr + body, b->len - body);
	hash_hex(hex, sum);
	buf_printf(b, "end %s\n", hex);
}

/* "<length>:<bytes>" and then end (' ', or '\0' for record_put_strz),
 * "- " for NULL. */
static void put_field(struct buf *b, const char *s, char end)
{
	size_t n;

	if (!s) {
		buf_puts(b, "- ");
		return;
	}
	n = strlen(s);
	buf_put_dec(b, n);
	buf_putc(b, ':');
	buf_put(b, s, n);
	buf_putc(b, end);
}

void record_put_str(struct buf *b, const char *s)
{
	put_field(b, s, ' ');
}

void record_put_strz(struct buf *b, const char *s)
{
	put_field(b, s, '\0');
}

void record_put_num(struct buf *b, long long n)
{
	if (n < 0)
		buf_putc(b, '-');
	buf_put_dec(b, n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n);
	buf_putc(b, ' ');
}

/* Make room for len more bytes in b, and map that memory in one system
 * call (MADV_POPULATE_WRITE, where the kernel has it) rather than a page
 * fault per page: the record of a site of 10,000 documents is some 17 MB,
 * 4,000 pages, and a fault costs 10-25 us on a virtual machine. */
static void prefault(struct buf *b, size_t len)
{
#ifdef MADV_POPULATE_WRITE
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t from, to;

	buf_grow(b, len);
	if (page <= 0 || len < (size_t)page * 16)
		return;
	from = ((uintptr_t)(b->ptr + b->len) + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	to = ((uintptr_t)(b->ptr + b->len + len)) & ~((uintptr_t)page - 1);
	if (to > from)
		madvise((void *)from, to - from, MADV_POPULATE_WRITE); /* a hint: errors ignored */
#else
	buf_grow(b, len);
#endif
}

int record_read_all(struct buf *out, const char *path, unsigned long long max)
{
	char chunk[65536];
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	buf_reset(out);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (unsigned long long)st.st_size > max)
		rc = -1;
	else if (st.st_size > 0)
		prefault(out, (size_t)st.st_size);
	while (rc == 0 && (n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno != EINTR)
			rc = -1;
		else if (n > 0)
			buf_put(out, chunk, (size_t)n);
		if (out->len > max)
			rc = -1;
	}
	close(fd);
	return rc;
}

int record_read_file(struct buf *out, const char *file)
{
	return record_read_all(out, file, RECORD_MAX);
}

int record_map_file(struct record_map *m, const char *path)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;

	*m = (struct record_map)RECORD_MAP_INIT;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > RECORD_MAX)
		goto out;
	rc = 0;
	if (st.st_size == 0)
		goto out;
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (p == MAP_FAILED) {
		rc = -1;
		goto out;
	}
	m->data = p;
	m->len = (size_t)st.st_size;
out:
	close(fd);
	return rc;
}

void record_unmap(struct record_map *m)
{
	if (m->data)
		munmap((void *)m->data, m->len);
	*m = (struct record_map)RECORD_MAP_INIT;
}

/* Skip the line at k that starts with prefix (and, when want is not NULL,
 * is exactly prefix + want). */
static void expect_line(struct record_cursor *k, const char *prefix, const char *want)
{
	size_t n = strlen(prefix);
	const char *nl = k->bad ? NULL : memchr(k->p, '\n', (size_t)(k->end - k->p));

	if (!nl || (size_t)(nl - k->p) < n || memcmp(k->p, prefix, n) ||
	    (want &&
	     ((size_t)(nl - k->p) != n + strlen(want) || memcmp(k->p + n, want, nl - k->p - n))))
		k->bad = 1;
	else
		k->p = nl + 1;
}

int record_open(struct record_cursor *k, const char *data, size_t len, const char *magic,
		int format, const unsigned char *key)
{
	char head[128], hex[HASH_HEX_SIZE];
	unsigned char sum[HASH_SIZE];
	size_t h;

	k->bad = 1;
	h = (size_t)snprintf(head, sizeof(head), "%s %d %s\n", magic, format, HUIBIAN_VERSION);
	if (h >= sizeof(head) || len < h + END_LEN || memcmp(data, head, h) ||
	    data[len - 1] != '\n' || memcmp(data + len - END_LEN, "end ", 4))
		return -1;
	hash_bytes(sum, data + h, len - END_LEN - h);
	hash_hex(hex, sum);
	if (memcmp(data + len - END_LEN + 4, hex, 2 * HASH_SIZE))
		return -1;
	k->p = data + h;
	k->end = data + len - END_LEN;
	k->bad = 0;
	expect_line(k, "out /", NULL);
	if (key) {
		hash_hex(hex, key);
		expect_line(k, "key ", hex);
	}
	return k->bad ? -1 : 0;
}

long long record_get_num(struct record_cursor *k)
{
	long long n = 0;
	int neg = 0, digits = 0;

	if (k->bad)
		return 0;
	if (k->p < k->end && *k->p == '-') {
		neg = 1;
		k->p++;
	}
	while (k->p < k->end && *k->p >= '0' && *k->p <= '9' && digits < 18) {
		n = n * 10 + (*k->p++ - '0');
		digits++;
	}
	if (!digits || k->p >= k->end || (*k->p != ' ' && *k->p != '\n')) {
		k->bad = 1;
		return 0;
	}
	k->p++;
	return neg ? -n : n;
}

/* The string field at k ending in byte end (' ' or '\0'): its bytes
 * (*n of them; no NUL among them), k moved past it.  NULL for "- " and
 * when bad (then k is bad). */
static const char *get_field(struct record_cursor *k, size_t *n, char end)
{
	size_t left, digits = 0;
	const char *s;

	*n = 0;
	if (k->bad)
		return NULL;
	if (k->end - k->p >= 2 && k->p[0] == '-' && k->p[1] == ' ') {
		k->p += 2;
		return NULL;
	}
	left = (size_t)(k->end - k->p);
	while (k->p < k->end && *k->p >= '0' && *k->p <= '9' && *n <= left) {
		*n = *n * 10 + (size_t)(*k->p++ - '0');
		digits++;
	}
	left = (size_t)(k->end - k->p);
	if (!digits || !left || *k->p != ':' || left - 1 < *n + 1 || k->p[1 + *n] != end ||
	    memchr(k->p + 1, '\0', *n)) {
		k->bad = 1;
		return NULL;
	}
	s = k->p + 1;
	k->p += *n + 2;
	return s;
}

char *record_get_str(struct record_cursor *k)
{
	size_t n;
	const char *s = get_field(k, &n, ' ');

	return s ? xstrndup(s, n) : NULL;
}

const char *record_get_strz(struct record_cursor *k, size_t *len)
{
	return get_field(k, len, '\0');
}

void record_get_fixed(struct record_cursor *k, char *out, size_t cap)
{
	char *s = record_get_str(k);

	if (!s || strlen(s) >= cap)
		k->bad = 1;
	else
		strcpy(out, s);
	free(s);
}

char **record_get_strs(struct record_cursor *k, size_t n, int nulls)
{
	char **v = xcalloc(n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n && !k->bad; i++)
		if (!(v[i] = record_get_str(k)) && !nulls)
			k->bad = 1;
	return v;
}

size_t record_get_count(struct record_cursor *k)
{
	long long n = record_get_num(k);

	if (n < 0 || n > (k->end - k->p) / 2)
		k->bad = 1;
	return k->bad ? 0 : (size_t)n;
}

void record_get_eol(struct record_cursor *k)
{
	if (!k->bad && k->p < k->end && *k->p == '\n')
		k->p++;
	else
		k->bad = 1;
}
