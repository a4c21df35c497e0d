/* fuzz_os.c - libFuzzer target for the OS identification analyzers (lib/analyze/os_*.c):
 * the input is parsed as every OS release file each analyzer wants, and whatever results
 * they give go through ks_os_pick(). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/os_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		const struct ks_analyzer *an;
		const char *path;
	} files[] = {
		{ &ks_analyzer_os_release, "etc/os-release" },
		{ &ks_analyzer_os_alpine, "etc/alpine-release" },
		{ &ks_analyzer_os_debian, "etc/debian_version" },
		{ &ks_analyzer_os_ubuntu, "etc/lsb-release" },
		{ &ks_analyzer_os_redhat, "etc/redhat-release" },
		{ &ks_analyzer_os_redhat, "etc/centos-release" },
		{ &ks_analyzer_os_redhat, "etc/oracle-release" },
		{ &ks_analyzer_os_amazon, "etc/system-release" },
		{ &ks_analyzer_os_mariner, "etc/mariner-release" },
	};
	enum { N = sizeof(files) / sizeof(files[0]) };
	struct ks_ares out[N];
	const struct ks_os *cands[N];
	struct ks_ctx cx;
	size_t i;

	ks_ctx_init(&cx);
	for (i = 0; i < N; i++) {
		struct ks_file f = { .path = files[i].path, .data = data, .size = size };

		memset(&out[i], 0, sizeof(out[i]));
		if (files[i].an->parse(&cx, &f, &out[i]) != 0)
			memset(&out[i], 0, sizeof(out[i]));
		cands[i] = &out[i].os;
	}
	ks_os_pick(cands, N);
	ks_ctx_release(&cx);
	return 0;
}
