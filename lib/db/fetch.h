/*
 * fetch.h - downloading feed files (http, https, file) with the shared client net/http.h:
 * conditional GET with the ETag/Last-Modified of the previous download, retries with
 * backoff on 429/5xx and transient network errors (honouring Retry-After), a stall
 * timeout, redirects, and an atomic write of the result (<dest>.part renamed over <dest>;
 * validators in <dest>.meta).
 */
#ifndef KS_DB_FETCH_H
#define KS_DB_FETCH_H

#include <stdbool.h>

#include "ctx.h"

struct ks_fetch_opts {
	long timeout_ms;    /* a transfer making no progress for this long fails; 0 = 60 s */
	int retries;        /* extra attempts after the first; < 0 = 3 */
	long retry_base_ms; /* first backoff delay, doubled each retry; 0 = 1000 */
};

enum ks_fetch_result {
	KS_FETCH_NEW = 1,      /* downloaded into dest */
	KS_FETCH_UNCHANGED = 2 /* the server said 304: dest is current */
};

/* Downloads url to dest. Returns 0 and sets *res, KS_ENOTFOUND for 404/410, KS_ENET for
 * any other failure (message in cx->err); dest is never left half-written. */
int ks_fetch(struct ks_ctx *cx, const struct ks_fetch_opts *o, const char *url,
	const char *dest, enum ks_fetch_result *res);

/* The validators saved next to dest by the last download (empty strings if none). */
void ks_fetch_validators(const char *dest, char *etag, size_t en, char *lastmod, size_t ln);

#endif
