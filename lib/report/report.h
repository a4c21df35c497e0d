/*
 * report.h - report writers: one file per format, listed in writers.def.
 *
 * A writer renders a finished result to a FILE; it allocates scratch memory from a
 * private arena (released by the caller after the call) and never modifies the result.
 */
#ifndef KS_REPORT_REPORT_H
#define KS_REPORT_REPORT_H

#include <stdio.h>

#include "kensa/kensa.h"
#include "result.h"

struct ks_writer {
	const char *name;
	int (*write)(const struct kensa_result *r, const struct kensa_report_options *ro,
		struct ks_arena *scratch, FILE *f, struct ks_err *err);
};

#define KS_WRITER(id) extern const struct ks_writer ks_writer_##id;
#include "report/writers.def"
#undef KS_WRITER

/* Writes the image config the way Trivy (go-containerregistry's ConfigFile) re-encodes
 * it: a fixed field order, omitted empty fields, sorted map keys. */
struct ks_jw;
int ks_write_image_config(struct ks_jw *w, const char *raw, size_t len, struct ks_err *err);

/* A package's UID: a stable 64-bit hash of its identity and location, in hex. */
const char *ks_pkg_uid(struct ks_arena *a, const struct ks_pkg *p);

#endif
