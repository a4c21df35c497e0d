/*
 * scan-detect.c - the vulnerability detection step of an image scan, timed in-process:
 * the image is scanned without a database (kensa_scan, as --scanners none), then what
 * kensa_scan does with one is timed in its parts: opening the database (ks_db_open),
 * matching every package against it (ks_detect_vulns: the advisory lookups, range tests
 * and vulnerability details) and the report filters (ks_filter_findings, no filter set).
 * Each of RUNS rounds scans afresh; prints one line of medians in milliseconds:
 *   packages N findings N open_ms X detect_ms X filter_ms X
 * Usage: scan-detect IMAGE DB RUNS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "detect/detect.h"
#include "kensa/kensa.h"
#include "result.h"

#define MAXRUNS 50

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[(n - 1) / 2];
}

/* One round: scan, then time the three detection steps into t[0..2]; the counts of
 * packages and findings into *npkgs and *nvulns. Returns 0 or 1 with a message. */
static int round_once(const char *image, const char *dbpath, double t[3], size_t *npkgs,
	size_t *nvulns)
{
	struct kensa_options o;
	struct kensa_result *res = NULL;
	struct ks_vfilter vf;
	struct ks_db *db = NULL;
	char err[1024];
	double t0;
	size_t i;
	int r;

	memset(&o, 0, sizeof(o));
	o.no_layer_cache = true;
	if (kensa_scan(&o, KENSA_TARGET_IMAGE, image, &res, err, sizeof(err)) != 0) {
		fprintf(stderr, "scan-detect: %s: %s\n", image, err);
		return 1;
	}
	memset(&vf, 0, sizeof(vf));
	t0 = now_ms();
	r = ks_db_open(&res->cx, dbpath, &db);
	t[0] = now_ms() - t0;
	if (r == 0) {
		t0 = now_ms();
		r = ks_detect_vulns(res, db);
		t[1] = now_ms() - t0;
		ks_db_close(db);
	}
	if (r == 0) {
		t0 = now_ms();
		r = ks_filter_findings(res, &vf);
		t[2] = now_ms() - t0;
	}
	if (r != 0) {
		fprintf(stderr, "scan-detect: %s: %s\n", image, res->cx.err.msg);
		kensa_result_free(res);
		return 1;
	}
	*npkgs = *nvulns = 0;
	for (i = 0; i < res->ntargets; i++) {
		*npkgs += res->targets[i].npkgs;
		*nvulns += res->targets[i].nvulns;
	}
	kensa_result_free(res);
	return 0;
}

int main(int argc, char **argv)
{
	static double open_ms[MAXRUNS], detect_ms[MAXRUNS], filter_ms[MAXRUNS];
	size_t npkgs = 0, nvulns = 0;
	int runs, i;

	if (argc != 4 || (runs = (int)strtol(argv[3], NULL, 10)) < 1 || runs > MAXRUNS) {
		fprintf(stderr, "usage: scan-detect IMAGE DB RUNS (1-%d)\n", MAXRUNS);
		return 2;
	}
	for (i = 0; i < runs; i++) {
		double t[3];

		if (round_once(argv[1], argv[2], t, &npkgs, &nvulns) != 0)
			return 1;
		open_ms[i] = t[0];
		detect_ms[i] = t[1];
		filter_ms[i] = t[2];
	}
	printf("packages %zu findings %zu open_ms %.2f detect_ms %.2f filter_ms %.2f\n", npkgs,
		nvulns, median(open_ms, runs), median(detect_ms, runs), median(filter_ms, runs));
	return 0;
}
