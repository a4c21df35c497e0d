/* fuzz_registry_manifest.c - a manifest or index as a registry serves it (untrusted)
 * through the registry source's parser and platform choice. */
#include <stddef.h>
#include <stdint.h>

#include "source/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const platforms[] = { NULL, "linux/arm/v7", "*/s390x" };
	struct ks_regman m;
	struct ks_ctx cx;
	size_t i, k;

	ks_ctx_init(&cx);
	if (ks_registry_parse_manifest(&cx, "fuzz", (const char *)data, size, NULL, &m) == 0 &&
		m.index) {
		for (i = 0; i < 3; i++)
			if (ks_registry_pick(&cx, "fuzz", &m, platforms[i], &k) == 0 &&
				k >= m.nmanifests)
				__builtin_trap();
	}
	ks_ctx_release(&cx);
	return 0;
}
