/*
 * detect.h - joining a scan's package inventory with the vulnerability database.
 *
 * For every target of a result, each package is looked up under the ecosystem and name
 * its distribution's (or language's) advisories use, its installed version is tested
 * against each advisory's ranges with that ecosystem's version rules, and every match
 * becomes a struct ks_finding (result.h) carrying the advisory's status and fixed
 * versions and the vulnerability's details, with the severity chosen as Trivy chooses
 * it. Findings live in the result's arena.
 */
#ifndef KS_DETECT_DETECT_H
#define KS_DETECT_DETECT_H

#include "db/db.h"
#include "result.h"
#include "version/version.h"

/* Fills every target's vulns from db. Unsupported OS releases and unparsable installed
 * versions become warnings; errors are only database failures and KS_ENOMEM. */
int ks_detect_vulns(struct kensa_result *res, struct ks_db *db);

/* The report filters (kensa_options' fields of the same names). */
struct ks_vfilter {
	unsigned severities;      /* mask of 1u << enum ks_sev; 0 = all */
	bool ignore_unfixed;
	unsigned ignore_statuses; /* mask of 1u << enum ks_status */
	unsigned pkg_types;       /* KENSA_PKG_*; 0 = all */
	const char *ignorefile;   /* NULL = none */
	const char *sort_by;      /* NULL/"package", "severity", "epss", "kev" */
};

/* True if sort_by names an order ks_filter_findings() knows. */
bool ks_sort_known(const char *sort_by);

/* Drops the findings the filters exclude, then orders them as sort_by asks (the
 * package order is kept among equals). Fails only on an unreadable or malformed
 * ignore file (KS_ENOTFOUND, KS_ECORRUPT) or KS_ENOMEM. */
int ks_filter_findings(struct kensa_result *res, const struct ks_vfilter *f);

/* True if a version satisfies an advisory's ranges JSON (db.h). scratch holds the parsed
 * ranges (release it as often as convenient); *err gets a message when the ranges cannot
 * be evaluated, in which case false is returned. */
bool ks_ranges_affect(struct ks_arena *scratch, const struct ks_ver *v, const char *ranges,
	struct ks_err *err);

#endif
