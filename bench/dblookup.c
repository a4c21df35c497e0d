/*
 * dblookup.c - latency of the matcher's database lookups: ks_db_advisories() for (eco,
 * package) pairs that exist in the database (sampled from it) and for names that do not,
 * plus ks_db_vuln() for vulnerability details. Prints a Markdown table.
 * Usage: dblookup DB
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"

#define N 20000

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int count(void *ud, const struct ks_adv *a)
{
	(void)a;
	(*(size_t *)ud)++;
	return 0;
}

int main(int argc, char **argv)
{
	static char eco[N][64], pkg[N][128], vid[N][64];
	struct ks_ctx cx;
	struct ks_db *db;
	sqlite3 *raw;
	sqlite3_stmt *s;
	size_t n = 0, i, rows = 0;
	double t0, hit, miss, det;

	if (argc != 2)
		return 2;
	sqlite3_open_v2(argv[1], &raw, SQLITE_OPEN_READONLY, NULL);
	/* distinct packages, uniformly (sampling advisory rows would favour the kernel) */
	sqlite3_prepare_v2(raw, "SELECT eco, pkg, min(vuln_id) FROM advisories GROUP BY eco, pkg "
		"ORDER BY random() LIMIT 20000", -1, &s, NULL);
	while (n < N && sqlite3_step(s) == SQLITE_ROW) {
		snprintf(eco[n], sizeof(eco[n]), "%s", sqlite3_column_text(s, 0));
		snprintf(pkg[n], sizeof(pkg[n]), "%s", sqlite3_column_text(s, 1));
		snprintf(vid[n], sizeof(vid[n]), "%s", sqlite3_column_text(s, 2));
		n++;
	}
	sqlite3_finalize(s);
	sqlite3_close(raw);
	ks_ctx_init(&cx);
	if (n == 0 || ks_db_open(&cx, argv[1], &db) != 0) {
		fprintf(stderr, "cannot open %s: %s\n", argv[1], cx.err.msg);
		return 1;
	}
	t0 = now();
	for (i = 0; i < n; i++)
		ks_db_advisories(db, eco[i], pkg[i], count, &rows);
	hit = (now() - t0) / (double)n;
	t0 = now();
	for (i = 0; i < n; i++)
		ks_db_advisories(db, eco[i], "no-such-package-kensa", count, &rows);
	miss = (now() - t0) / (double)n;
	t0 = now();
	for (i = 0; i < n; i++) {
		struct ks_vuln v;

		ks_db_vuln(db, &cx, vid[i], &v);
		if (cx.arena.used > (64u << 20)) {
			ks_arena_release(&cx.arena);
			ks_arena_init(&cx.arena);
		}
	}
	det = (now() - t0) / (double)n;
	printf("| lookup (%zu random packages) | mean latency |\n| --- | ---: |\n", n);
	printf("| advisories of an existing (ecosystem, package) (%.1f rows each) | %.1f µs |\n",
		(double)rows / (double)n, hit * 1e6);
	printf("| advisories of an absent package | %.1f µs |\n", miss * 1e6);
	printf("| vulnerability details (ks_db_vuln: text, severities, aliases, KEV, EPSS) | %.1f µs |\n",
		det * 1e6);
	ks_db_close(db);
	ks_ctx_release(&cx);
	return 0;
}
