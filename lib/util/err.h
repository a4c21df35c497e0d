/*
 * err.h - error codes and the error record every fallible library call fills.
 *
 * Library functions return 0 on success or a negative KS_E* code; the human-readable
 * detail goes into a struct ks_err owned by the caller (usually the scan context).
 * Messages are one line, lower case, subject quoted, problem first:
 *   ks_seterr(e, KS_ECORRUPT, "dpkg: '%s': bad Version field", path);
 */
#ifndef KS_UTIL_ERR_H
#define KS_UTIL_ERR_H

#include <stddef.h>

enum {
	KS_OK = 0,
	KS_EINTERNAL = -1,    /* a bug in kensa */
	KS_ENOMEM = -2,       /* allocation failed */
	KS_EUSAGE = -3,       /* bad arguments or options from the user */
	KS_EIO = -4,          /* an OS-level read/write/open failure */
	KS_ECORRUPT = -5,     /* input is malformed */
	KS_ETRUNC = -6,       /* input ended early */
	KS_ENOTFOUND = -7,    /* a named thing (image, blob, file) does not exist */
	KS_ELIMIT = -8,       /* input exceeds a configured size/count limit */
	KS_EUNSUPPORTED = -9, /* valid input we do not handle (yet) */
	KS_EDIGEST = -10,     /* content does not match its digest */
	KS_EUNSAFE = -11,     /* input tries to escape its root (path traversal) */
	KS_ENET = -12,        /* network/protocol failure */
	KS_EAMBIGUOUS = -13,  /* a selector matches several things */
	KS_EAUTH = -14,       /* the server refused the credentials (or asked for some) */
};

#define KS_ERR_MSG_MAX 1024

struct ks_err {
	int code;
	char msg[KS_ERR_MSG_MAX];
};

/* Records code and a printf-style message in e (which may be NULL); returns code so callers
 * can write `return ks_seterr(e, KS_ECORRUPT, "...")`. */
int ks_seterr(struct ks_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefixes the message already in e with "prefix: " (used to add context on the way up). */
void ks_err_prefix(struct ks_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Clears e. */
void ks_err_clear(struct ks_err *e);

/* A short generic description of a KS_E* code ("corrupt input"). */
const char *ks_strerror(int code);

#endif
