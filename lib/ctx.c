/* ctx.c - scan context; see ctx.h. */
#include "ctx.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ks_ctx_init(struct ks_ctx *cx)
{
	memset(cx, 0, sizeof(*cx));
	ks_arena_init(&cx->arena);
	cx->lim.max_file = 512ull << 20;
	cx->lim.max_json = 16ull << 20;
	cx->lim.max_image = 0;
	cx->lim.max_entries = 10000000;
	cx->log_level = KS_LOG_WARN;
}

void ks_ctx_release(struct ks_ctx *cx)
{
	ks_arena_release(&cx->arena);
	cx->warns = NULL;
	cx->nwarns = cx->capwarns = 0;
}

__attribute__((format(printf, 3, 0))) static void vlog(struct ks_ctx *cx, int level,
	const char *fmt, va_list ap)
{
	char msg[2048];

	if (cx->log == NULL || level < cx->log_level)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	cx->log(cx->log_ud, level, msg);
}

void ks_log(struct ks_ctx *cx, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(cx, level, fmt, ap);
	va_end(ap);
}

int ks_warn(struct ks_ctx *cx, const char *fmt, ...)
{
	va_list ap;
	char *s;
	const char **nw;

	va_start(ap, fmt);
	s = ks_arena_vprintf(&cx->arena, fmt, ap);
	va_end(ap);
	if (s == NULL)
		return KS_ENOMEM;
	nw = ks_arena_grow(&cx->arena, cx->warns, cx->nwarns, &cx->capwarns, cx->nwarns + 1,
		sizeof(*nw));
	if (nw == NULL)
		return KS_ENOMEM;
	cx->warns = nw;
	cx->warns[cx->nwarns++] = s;
	ks_log(cx, KS_LOG_WARN, "%s", s);
	return 0;
}

void ks_progress(struct ks_ctx *cx, const char *phase, uint64_t done, uint64_t total)
{
	if (cx->progress != NULL)
		cx->progress(cx->progress_ud, phase, done, total);
}
