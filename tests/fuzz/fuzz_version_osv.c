/* fuzz_version_osv.c - libFuzzer target for OSV range evaluation (lib/version/osv.c).
 * Input lines: an ecosystem name, then events "i:VER", "f:VER", "l:VER" or "m:VER"
 * (introduced, fixed, last_affected, limit) and, last, the version to test; the event
 * versions also serve as an OSV `versions` list. */
#include "fuzz_version.h"

#define MAXEV 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char kinds[] = "iflm";
	struct ks_osv_event ev[MAXEV];
	struct ks_str list[MAXEV];
	const struct ks_osv_range *r;
	const struct ks_ver *v;
	struct ks_err e = { 0 };
	struct ks_arena a;
	enum ks_eco eco = ks_eco_lookup(fuzz_part(data, size, 0));
	size_t n = 0;
	int i;
	bool hit;

	if (eco == KS_ECO_NONE)
		eco = KS_ECO_SEMVER;
	for (i = 1; n < MAXEV; i++) {
		struct ks_str p = fuzz_part(data, size, i);
		const char *k;

		if (p.p == (const char *)data + size)
			break;
		if (p.n < 2 || p.p[1] != ':' || (k = memchr(kinds, p.p[0], 4)) == NULL)
			continue;
		ev[n].kind = (enum ks_osv_kind)(k - kinds);
		ev[n].version = (struct ks_str){ p.p + 2, p.n - 2 };
		list[n] = ev[n].version;
		n++;
	}
	ks_arena_init(&a);
	if (ks_ver_parse(&a, &e, eco, fuzz_part(data, size, i - 1), &v) == 0) {
		if (ks_osv_range_parse(&a, &e, eco, ev, n, &r) == 0)
			(void)ks_osv_range_test(r, v);
		(void)ks_osv_versions_test(&a, &e, v, list, n, &hit);
	}
	ks_arena_release(&a);
	return 0;
}
