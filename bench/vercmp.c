/*
 * vercmp.c - lib/version throughput: comparisons per second on pre-parsed versions, per
 * ecosystem, on one core. Built and run by bench/vercmp.sh.
 *
 * Versions: the real strings of ../shared/fixtures/versions/version-vectors.tsv for the
 * ecosystems it covers (deb, rpm, apk, npm, pypi, maven, gem), generated realistic ones for
 * the others. Each ecosystem's set is parsed once (parse rate reported), then a fixed
 * pseudo-random sequence of index pairs is compared in a timed loop long enough (about
 * 0.5 s) for the clock to be exact. Range tests are timed the same way for the ecosystems
 * with a native range syntax.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "version/version.h"

#define MAXV 4096
#define NPAIRS (1u << 16)

struct set {
	enum ks_eco eco;
	const char *tsv_name; /* ecosystem column in version-vectors.tsv, or NULL */
	const char *range;    /* a typical advisory range, or NULL */
	char *s[MAXV];
	size_t n;
};

static struct set sets[] = {
	{ KS_ECO_DEB, "deb", ">= 1:1.0-1, << 2.31-13+deb11u5", { 0 }, 0 },
	{ KS_ECO_RPM, "rpm", ">= 0:1.0-1.el8, < 0:2.28-151.el8", { 0 }, 0 },
	{ KS_ECO_APK, "apk", ">=1.2.3-r0 <1.35.0-r17", { 0 }, 0 },
	{ KS_ECO_NPM, "npm", ">=1.2.3 <2.0.0 || ^3.1.0", { 0 }, 0 },
	{ KS_ECO_PYPI, "pep440", ">=1.0,<2.3.1,!=1.5.*", { 0 }, 0 },
	{ KS_ECO_MAVEN, "maven", "[1.0,2.3.1),[3.0,3.2)", { 0 }, 0 },
	{ KS_ECO_GEM, "gem", "~> 2.2, >= 2.2.1", { 0 }, 0 },
	{ KS_ECO_GO, NULL, ">= 1.20.0, < 1.20.5", { 0 }, 0 },
	{ KS_ECO_CARGO, NULL, "^1.2.3, <1.9", { 0 }, 0 },
	{ KS_ECO_COMPOSER, NULL, "^1.2 || >=2.0,<2.3.1", { 0 }, 0 },
	{ KS_ECO_NUGET, NULL, "[1.0,2.0)", { 0 }, 0 },
	{ KS_ECO_HEX, NULL, "~> 1.2", { 0 }, 0 },
	{ KS_ECO_PUB, NULL, "^1.2.3", { 0 }, 0 },
	{ KS_ECO_SEMVER, NULL, ">= 1.0.0, < 2.0.0", { 0 }, 0 },
};

static uint64_t rng = 0x243f6a8885a308d3ull;
static volatile long sink_out; /* keeps the timed loops from being optimised away */

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add(struct set *st, const char *v)
{
	size_t i;

	if (st->n == MAXV || v[0] == '"')
		return;
	for (i = 0; i < st->n; i++)
		if (strcmp(st->s[i], v) == 0)
			return;
	st->s[st->n++] = strdup(v);
}

/* Versions from the vectors file (columns 2 and 4 of rows of the set's ecosystem). */
static void load_tsv(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];

	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *fld[4], *p = line;
		size_t k, i;

		if (line[0] == '#')
			continue;
		for (k = 0; k < 4 && p != NULL; k++) {
			fld[k] = p;
			p = strchr(p, '\t');
			if (p != NULL)
				*p++ = '\0';
		}
		if (k < 4)
			continue;
		for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
			if (sets[i].tsv_name != NULL && strcmp(sets[i].tsv_name, fld[0]) == 0) {
				add(&sets[i], fld[1]);
				add(&sets[i], fld[3]);
			}
	}
	fclose(f);
}

/* Realistic generated versions for ecosystems without vectors. */
static void generate(struct set *st)
{
	static const char *const pre[] = { "alpha", "beta.2", "rc.1", "0" };
	char buf[128];

	while (st->n < 1500) {
		unsigned M = (unsigned)(next() % 12), m = (unsigned)(next() % 30),
			 p = (unsigned)(next() % 40);
		bool has_pre = next() % 5 == 0;

		switch (st->eco) {
		case KS_ECO_GO:
			if (next() % 6 == 0)
				snprintf(buf, sizeof(buf), "v0.0.0-2023%02u%02u%06u-%012llx",
					(unsigned)(1 + next() % 12), (unsigned)(1 + next() % 28),
					(unsigned)(next() % 240000),
					(unsigned long long)(next() & 0xffffffffffffull));
			else
				snprintf(buf, sizeof(buf), "v%u.%u.%u%s%s", M, m, p,
					has_pre ? "-" : "", has_pre ? pre[next() % 4] : "");
			break;
		case KS_ECO_NUGET:
			snprintf(buf, sizeof(buf), "%u.%u.%u%s%s", M, m, p, has_pre ? "-" : "",
				has_pre ? pre[next() % 4] : "");
			break;
		case KS_ECO_COMPOSER:
			snprintf(buf, sizeof(buf), "%u.%u.%u%s", M, m, p,
				has_pre ? (next() % 2 ? "-beta2" : "-RC1") : "");
			break;
		default:
			snprintf(buf, sizeof(buf), "%u.%u.%u%s%s", M, m, p, has_pre ? "-" : "",
				has_pre ? pre[next() % 4] : "");
			break;
		}
		add(st, buf);
	}
}

static void bench(struct set *st)
{
	static const struct ks_ver *v[MAXV];
	static uint16_t ia[NPAIRS], ib[NPAIRS];
	const struct ks_range *r = NULL;
	struct ks_err e = { 0 };
	struct ks_arena a;
	double t0, t, cmps = 0, tests = 0;
	size_t i, n = 0, rounds;
	long sink = 0;

	ks_arena_init(&a);
	t0 = now();
	for (i = 0; i < st->n; i++)
		if (ks_ver_parse(&a, &e, st->eco, ks_str_c(st->s[i]), &v[n]) == 0)
			n++;
	t = now() - t0;
	printf("%-9s %5zu versions  parse %6.2f M/s", ks_eco_name(st->eco), n, n / t / 1e6);
	for (i = 0; i < NPAIRS; i++) {
		ia[i] = (uint16_t)(next() % n);
		ib[i] = (uint16_t)(next() % n);
	}
	rounds = 0;
	t0 = now();
	do {
		for (i = 0; i < NPAIRS; i++)
			sink += ks_ver_cmp(v[ia[i]], v[ib[i]]);
		rounds++;
		t = now() - t0;
	} while (t < 0.5);
	cmps = (double)rounds * NPAIRS / t;
	printf("  compare %6.2f M/s (%5.1f ns)", cmps / 1e6, 1e9 / cmps);
	if (st->range != NULL &&
		ks_range_parse(&a, &e, st->eco, ks_str_c(st->range), KS_VER_PRERELEASE, &r) == 0) {
		rounds = 0;
		t0 = now();
		do {
			for (i = 0; i < NPAIRS; i++)
				sink += ks_range_test(r, v[ia[i]]);
			rounds++;
			t = now() - t0;
		} while (t < 0.5);
		tests = (double)rounds * NPAIRS / t;
		printf("  range test %6.2f M/s", tests / 1e6);
	}
	printf("\n");
	sink_out = sink;
	ks_arena_release(&a);
}

int main(int argc, char **argv)
{
	size_t i;

	load_tsv(argc > 1 ? argv[1] : "../shared/fixtures/versions/version-vectors.tsv");
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		if (sets[i].n < 100)
			generate(&sets[i]);
		bench(&sets[i]);
	}
	return 0;
}
