/*
 * testutil.h - helpers shared by the cmocka unit tests.
 *
 * Real fixtures live in ../shared (KENSA_SHARED); tu_shared() returns the absolute path
 * of a file there or calls cmocka's skip() with a message when ../shared is absent.
 */
#ifndef KS_TESTUTIL_H
#define KS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ctx.h"

/* Path of rel under the shared data directory (static buffer, valid until next call);
 * skips the current test if the directory or the file is missing. */
const char *tu_shared(const char *rel);
/* True if the shared data directory exists. */
int tu_have_shared(void);
/* Path of rel under the source tree (static buffer). */
const char *tu_src(const char *rel);
/* Reads a whole file (malloc'd, NUL-terminated); fails the test when unreadable. */
uint8_t *tu_read(const char *path, size_t *len);
/* A fresh context with default limits; release with ks_ctx_release(). */
void tu_ctx(struct ks_ctx *cx);

#endif
