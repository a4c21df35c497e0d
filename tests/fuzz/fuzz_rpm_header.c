/* fuzz_rpm_header.c - libFuzzer target for the rpm header blob decoder
 * (lib/analyze/rpm/header.c): decodes the input as one header and walks its string arrays. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/rpm/rpm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ks_rpm_arr *arrs[3];
	struct ks_rpm_strit it;
	struct ks_rpm_hdr h;
	struct ks_str s;
	struct ks_ctx cx;
	size_t i, total = 0;

	ks_ctx_init(&cx);
	if (ks_rpm_header_decode(&cx, data, size, &h) == 0) {
		arrs[0] = &h.basenames;
		arrs[1] = &h.dirnames;
		arrs[2] = &h.oldfilenames;
		for (i = 0; i < 3; i++) {
			ks_rpm_strit_init(&it, arrs[i]);
			while (ks_rpm_strit_next(&it, &s))
				total += s.n;
		}
		total += h.name.n + h.version.n + h.release.n + h.arch.n + h.sourcerpm.n;
	}
	ks_ctx_release(&cx);
	return total == SIZE_MAX ? 1 : 0;
}
