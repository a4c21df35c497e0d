/* registry.c - the analyzer table built from analyzers.def; see analyzer.h. */
#include "analyze/analyzer.h"

const struct ks_analyzer *const ks_analyzers[] = {
#define KS_ANALYZER(id) &ks_analyzer_##id,
#include "analyze/analyzers.def"
#undef KS_ANALYZER
	NULL,
};

size_t ks_analyzers_count(void)
{
	return sizeof(ks_analyzers) / sizeof(ks_analyzers[0]) - 1;
}
