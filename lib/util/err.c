/* err.c - error records; see err.h. */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ks_seterr(struct ks_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

void ks_err_prefix(struct ks_err *e, const char *fmt, ...)
{
	char pre[KS_ERR_MSG_MAX], old[KS_ERR_MSG_MAX];
	va_list ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	/* truncation of an over-long message is acceptable */
	if (snprintf(e->msg, sizeof(e->msg), "%.*s: %s", (int)(sizeof(pre) / 2), pre, old) < 0)
		e->msg[0] = '\0';
}

void ks_err_clear(struct ks_err *e)
{
	if (e == NULL)
		return;
	e->code = 0;
	e->msg[0] = '\0';
}

const char *ks_strerror(int code)
{
	switch (code) {
	case KS_OK:
		return "success";
	case KS_EINTERNAL:
		return "internal error";
	case KS_ENOMEM:
		return "out of memory";
	case KS_EUSAGE:
		return "invalid usage";
	case KS_EIO:
		return "i/o error";
	case KS_ECORRUPT:
		return "corrupt input";
	case KS_ETRUNC:
		return "truncated input";
	case KS_ENOTFOUND:
		return "not found";
	case KS_ELIMIT:
		return "limit exceeded";
	case KS_EUNSUPPORTED:
		return "unsupported input";
	case KS_EDIGEST:
		return "digest mismatch";
	case KS_EUNSAFE:
		return "unsafe path";
	case KS_ENET:
		return "network error";
	case KS_EAMBIGUOUS:
		return "ambiguous selection";
	case KS_EAUTH:
		return "authentication failed";
	}
	return "unknown error";
}
