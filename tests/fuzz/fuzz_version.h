/*
 * fuzz_version.h - the body shared by the lib/version fuzz targets (fuzz_version_<eco>.c):
 * the input is split at newlines into three versions and a range expression. Every part
 * is parsed (default and strict flags), the parsed versions are compared, and the range,
 * parsed with flags taken from the input length, is tested against them. Comparisons
 * must be reflexive and antisymmetric; anything else (a crash, a leak, a hang, a
 * sanitizer report) is a finding.
 */
#ifndef KS_FUZZ_VERSION_H
#define KS_FUZZ_VERSION_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "version/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The n-th newline-separated part of data (empty past the end). */
static inline struct ks_str fuzz_part(const uint8_t *data, size_t size, int n)
{
	size_t i = 0, start = 0;
	int k = 0;

	for (i = 0; i <= size; i++) {
		if (i == size || data[i] == '\n') {
			if (k++ == n)
				return (struct ks_str){ (const char *)data + start, i - start };
			start = i + 1;
		}
	}
	return (struct ks_str){ (const char *)data + size, 0 };
}

static inline int fuzz_version(enum ks_eco eco, const uint8_t *data, size_t size)
{
	const struct ks_ver *v[3] = { NULL, NULL, NULL }, *s;
	const struct ks_range *r;
	struct ks_err e = { 0 };
	struct ks_arena a;
	int i, j;

	ks_arena_init(&a);
	for (i = 0; i < 3; i++) {
		struct ks_str p = fuzz_part(data, size, i);

		if (ks_ver_parse(&a, &e, eco, p, &v[i]) != 0)
			v[i] = NULL;
		(void)ks_ver_parse_flags(&a, &e, eco, p, KS_VER_STRICT, &s);
	}
	for (i = 0; i < 3; i++) {
		if (v[i] == NULL)
			continue;
		if (ks_ver_cmp(v[i], v[i]) != 0)
			abort(); /* not reflexive */
		for (j = 0; j < 3; j++)
			if (v[j] != NULL && ks_ver_cmp(v[i], v[j]) != -ks_ver_cmp(v[j], v[i]))
				abort(); /* not antisymmetric */
	}
	if (ks_range_parse(&a, &e, eco, fuzz_part(data, size, 3), (unsigned)size & 3u, &r) == 0)
		for (i = 0; i < 3; i++)
			if (v[i] != NULL)
				(void)ks_range_test(r, v[i]);
	ks_arena_release(&a);
	return 0;
}

#endif
