/*
 * sha256.h - streaming SHA-256 (OpenSSL libcrypto EVP, which uses SHA-NI when present)
 * and OCI digest strings ("sha256:<64 hex>").
 */
#ifndef KS_UTIL_SHA256_H
#define KS_UTIL_SHA256_H

#include <stdbool.h>
#include <stddef.h>

#define KS_DIGEST_STRLEN (7 + 64) /* "sha256:" + hex, without NUL */

struct ks_sha256 {
	void *md; /* EVP_MD_CTX */
};

int ks_sha256_init(struct ks_sha256 *h);
void ks_sha256_update(struct ks_sha256 *h, const void *p, size_t n);
/* Writes "sha256:<hex>" and a NUL into out (KS_DIGEST_STRLEN + 1 bytes); frees h. */
int ks_sha256_final(struct ks_sha256 *h, char out[KS_DIGEST_STRLEN + 1]);
void ks_sha256_release(struct ks_sha256 *h);
/* One-shot digest of a buffer. */
int ks_sha256_digest(const void *p, size_t n, char out[KS_DIGEST_STRLEN + 1]);
/* True if s is "sha256:" followed by exactly 64 lower-case hex digits. */
bool ks_digest_valid(const char *s);

#endif
