/* fuzz_cargo.c - libFuzzer target for the Cargo.lock analyzer and its Cargo.toml step
 * (lib/analyze/cargo.c): the input is parsed as Cargo.lock, then applied as the
 * Cargo.toml of a small real lock file (workspace members resolve to the input again). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/cargo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int glob_self(void *ud, const char *pattern,
	int (*fn)(void *fud, const struct ks_file *f), void *fud)
{
	const struct ks_file *self = ud;
	struct ks_file member = *self;

	member.path = pattern;
	return fn(fud, &member);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char lock[] = "[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
				   "dependencies = [\"dep\", \"x 1.0.0\"]\n\n"
				   "[[package]]\nname = \"dep\"\nversion = \"1.2.3\"\n";
	struct ks_file f = { .path = "Cargo.lock", .data = data, .size = size };
	struct ks_file l = { .path = "Cargo.lock", .data = (const uint8_t *)lock,
		.size = sizeof(lock) - 1 };
	struct ks_file t = { .path = "Cargo.toml", .data = data, .size = size };
	struct ks_cargo_tree tree = { glob_self, &t };
	struct ks_ares out = { 0 }, base = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_cargo.parse(&cx, &f, &out);
	if (ks_analyzer_cargo.parse(&cx, &l, &base) == 0)
		ks_cargo_manifest(&cx, &base, &t, &tree);
	ks_ctx_release(&cx);
	return 0;
}
