/* blobid.c - git blob ids with libcrypto; see blobid.h. */
#include "blobid.h"

#include <git2.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

/* The SHA-1 of "blob <len>\0" and data with libcrypto.  0, or -1 when
 * libcrypto fails (out is then unset). */
static int crypto_sha1(unsigned char out[20], const void *data, size_t len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	char head[32];
	unsigned int n = 0;
	int hlen = snprintf(head, sizeof head, "blob %zu", len), rc = -1;

	if (!ctx)
		return -1;
	if (EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, head, (size_t)hlen + 1) == 1 && /* with its NUL */
	    EVP_DigestUpdate(ctx, data, len) == 1 && EVP_DigestFinal_ex(ctx, out, &n) == 1 &&
	    n == 20)
		rc = 0;
	EVP_MD_CTX_free(ctx);
	return rc;
}

void blobid_compute(unsigned char out[20], const void *data, size_t len)
{
	git_oid id;

	if (crypto_sha1(out, data, len) == 0)
		return;
	if (git_odb_hash(&id, data, len, GIT_OBJECT_BLOB) == 0)
		memcpy(out, id.id, 20);
	else
		memset(out, 0, 20);
}
