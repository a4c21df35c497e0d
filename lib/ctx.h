/*
 * ctx.h - the per-scan context every library function that can fail or warn receives.
 *
 * The context owns the scan arena (everything a result points to), the error record of
 * the last failure, the limits that bound memory on hostile input, the log callback
 * (the library never prints) and the warnings that end up in the report. It is not
 * shared between threads.
 */
#ifndef KS_CTX_H
#define KS_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

enum ks_loglevel { KS_LOG_DEBUG = 0, KS_LOG_INFO = 1, KS_LOG_WARN = 2, KS_LOG_ERROR = 3 };

typedef void (*ks_log_fn)(void *ud, int level, const char *msg);
/* Progress: bytes done of total (total 0 = unknown) for the named phase. */
typedef void (*ks_progress_fn)(void *ud, const char *phase, uint64_t done, uint64_t total);

struct ks_limits {
	uint64_t max_file;       /* largest single file handed to an analyzer */
	uint64_t max_json;       /* largest manifest/config/index document */
	uint64_t max_image;      /* total uncompressed layer bytes; 0 = unlimited */
	uint64_t max_entries;    /* tar entries per layer */
	uint64_t max_arena;      /* bytes the result arena may hold; 0 = unlimited */
};

struct ks_ctx {
	struct ks_err err;
	struct ks_arena arena;
	struct ks_limits lim;
	ks_log_fn log;
	void *log_ud;
	int log_level; /* messages below this level are dropped */
	ks_progress_fn progress;
	void *progress_ud;
	const char **warns; /* arena strings, in order of occurrence */
	size_t nwarns, capwarns;
	/* The scanned tree as the user named it ("." , "app/", "/srv/x"); NULL for images.
	 * Only for values Trivy derives from the paths it opened (hashed pom IDs). */
	const char *root;
};

/* Initialises cx with default limits and an empty arena. */
void ks_ctx_init(struct ks_ctx *cx);
/* Frees the arena and everything in it. */
void ks_ctx_release(struct ks_ctx *cx);

void ks_log(struct ks_ctx *cx, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Records a warning for the report and logs it at KS_LOG_WARN. Returns KS_ENOMEM only
 * if the warning itself could not be stored. */
int ks_warn(struct ks_ctx *cx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ks_progress(struct ks_ctx *cx, const char *phase, uint64_t done, uint64_t total);

#endif
