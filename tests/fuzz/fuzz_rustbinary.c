/* fuzz_rustbinary.c - libFuzzer target for the cargo-auditable analyzer
 * (lib/analyze/rustbinary.c): the input is parsed as an executable, and also wrapped as
 * the zlib-compressed .dep-v0 section of a minimal ELF file so the JSON side is reached. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put(uint8_t *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* An ELF64 whose third section is .dep-v0 holding z (zn bytes); returns its size. */
static size_t wrap(uint8_t *out, const uint8_t *z, size_t zn)
{
	static const char names[] = "\0.shstrtab\0.dep-v0";
	size_t body = 64 + sizeof(names), shoff = (body + zn + 7) & ~(size_t)7;

	memset(out, 0, shoff + 3 * 64);
	memcpy(out, "\x7f" "ELF\x02\x01\x01", 7);
	put(out + 40, shoff, 8);
	put(out + 58, 64, 2);
	put(out + 60, 3, 2);
	put(out + 62, 1, 2);
	memcpy(out + 64, names, sizeof(names));
	memcpy(out + body, z, zn);
	put(out + shoff + 64, 1, 4);
	put(out + shoff + 64 + 4, 3, 4);
	put(out + shoff + 64 + 24, 64, 8);
	put(out + shoff + 64 + 32, sizeof(names), 8);
	put(out + shoff + 128, 11, 4);
	put(out + shoff + 128 + 4, 1, 4);
	put(out + shoff + 128 + 24, body, 8);
	put(out + shoff + 128 + 32, zn, 8);
	return shoff + 3 * 64;
}

static void run(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "usr/bin/tool", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_rustbinary.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uLongf zn = compressBound(size);
	uint8_t *z = malloc(zn), *elf;

	run(data, size);
	if (z != NULL && compress(z, &zn, data, size) == Z_OK &&
		(elf = malloc(zn + 512)) != NULL) {
		run(elf, wrap(elf, z, zn));
		free(elf);
	}
	free(z);
	return 0;
}
