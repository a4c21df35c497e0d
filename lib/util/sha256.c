/* sha256.c - SHA-256 over libcrypto; see sha256.h. */
#include "util/sha256.h"
#include "util/err.h"

#include <openssl/evp.h>
#include <string.h>

int ks_sha256_init(struct ks_sha256 *h)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	h->md = NULL;
	if (c == NULL)
		return KS_ENOMEM;
	if (EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(c);
		return KS_EINTERNAL;
	}
	h->md = c;
	return 0;
}

void ks_sha256_update(struct ks_sha256 *h, const void *p, size_t n)
{
	if (h->md != NULL && n > 0)
		EVP_DigestUpdate(h->md, p, n);
}

int ks_sha256_final(struct ks_sha256 *h, char out[KS_DIGEST_STRLEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned int len = 0, i;

	if (h->md == NULL)
		return KS_EINTERNAL;
	if (EVP_DigestFinal_ex(h->md, md, &len) != 1 || len != 32) {
		ks_sha256_release(h);
		return KS_EINTERNAL;
	}
	ks_sha256_release(h);
	memcpy(out, "sha256:", 7);
	for (i = 0; i < 32; i++) {
		out[7 + 2 * i] = hex[md[i] >> 4];
		out[8 + 2 * i] = hex[md[i] & 15];
	}
	out[KS_DIGEST_STRLEN] = '\0';
	return 0;
}

void ks_sha256_release(struct ks_sha256 *h)
{
	EVP_MD_CTX_free(h->md);
	h->md = NULL;
}

int ks_sha256_digest(const void *p, size_t n, char out[KS_DIGEST_STRLEN + 1])
{
	struct ks_sha256 h;
	int r;

	if ((r = ks_sha256_init(&h)) != 0)
		return r;
	ks_sha256_update(&h, p, n);
	return ks_sha256_final(&h, out);
}

bool ks_digest_valid(const char *s)
{
	size_t i;

	if (s == NULL || strncmp(s, "sha256:", 7) != 0 || strlen(s) != KS_DIGEST_STRLEN)
		return false;
	for (i = 7; i < KS_DIGEST_STRLEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}
