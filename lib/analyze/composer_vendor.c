/*
 * composer_vendor.c - PHP packages installed by Composer ("composer-vendor"): every
 * installed.json (vendor/composer/installed.json in practice; Trivy takes the file by its
 * name alone) in an image or root filesystem (post-build only).
 *
 * Composer 2 writes {"packages": [...], "dev": ..., "dev-package-names": [...]},
 * Composer 1 a top-level array of the same package objects; both are read with the
 * composer.lock rules (composer.c: name, version, licences, dependencies, locations).
 * "dev-package-names" is not used: Trivy reports every installed package.
 */
#include "analyze/analyzer.h"
#include "analyze/lang_extra.h"

#include "util/banned.h"

static bool wants(const char *path, size_t len)
{
	struct ks_str p = { path, len };

	return ks_str_eq(p, "installed.json") || ks_str_hassuffix(p, "/installed.json");
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	return ks_lang_composer_parse(cx, "composer-vendor", f, true, out);
}

const struct ks_analyzer ks_analyzer_composer_vendor = {
	.name = "composer-vendor",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_POST,
	.version = 1,
	.parse = parse,
	.wants = wants,
};
