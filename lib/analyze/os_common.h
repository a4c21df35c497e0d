/*
 * os_common.h - helpers shared by the OS identification analyzers (os_*.c) and the rule
 * the scanner uses to choose one OS when several files name one.
 *
 * Each OS analyzer fills struct ks_os (lib/pkg.h) with Trivy's family string, the release
 * exactly as Trivy reports it, and a precedence (prio). Strings are in the scan arena.
 *
 * How Trivy decides, and how prio reproduces it
 * ---------------------------------------------
 * Trivy runs its OS analyzers concurrently and folds their results, layer by layer from
 * the bottom, with one rule (OS.Merge): a result whose family is "redhat" or "debian" is
 * replaced by any later result; any other family, once set, stays (a later result only
 * fills an empty release name). Within one layer the order is whatever the goroutines
 * produce, in practice the order of the files in the layer tar. kensa makes that order
 * fixed with prio:
 *
 *   prio < KS_OS_PRIO_STRONG ("weak": Trivy overwrites these)
 *     10 KS_OS_PRIO_DEBIAN     etc/debian_version; also present on Ubuntu ("buster/sid")
 *     11 KS_OS_PRIO_RHEL_OSREL os-release with ID=rhel
 *     12 KS_OS_PRIO_RHEL       redhat-release naming Red Hat; Oracle, CentOS, Fedora,
 *                              Rocky and Alma images carry one too
 *   prio >= KS_OS_PRIO_STRONG ("strong": the first one seen wins in Trivy)
 *     20 KS_OS_PRIO_MARINER    etc/mariner-release ("1.0.20220122"); Trivy's goldens report
 *                              os-release's VERSION_ID ("1.0") when both exist
 *     25 KS_OS_PRIO_OSRELEASE  os-release for the IDs Trivy's release analyzer knows
 *     30 KS_OS_PRIO_RELEASE    distribution release files: alpine-release, lsb-release
 *                              (Ubuntu), system-release (Amazon), centos-, rocky-,
 *                              almalinux-, fedora-, oracle-release, and redhat-release when
 *                              it names one of those; they carry the full release
 *                              ("7.6.1810" where os-release says "7")
 *
 * The OS of an image is then: the strong result with the highest prio (the earliest one,
 * i.e. from the lowest layer, among equals); if there is none, the weak result with the
 * highest prio (the latest one among equals, as Trivy lets a later weak result replace
 * an earlier one). ks_os_pick() implements exactly this.
 */
#ifndef KS_ANALYZE_OS_COMMON_H
#define KS_ANALYZE_OS_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "analyze/analyzer.h"
#include "util/str.h"

enum {
	KS_OS_PRIO_DEBIAN = 10,
	KS_OS_PRIO_RHEL_OSREL = 11,
	KS_OS_PRIO_RHEL = 12,
	KS_OS_PRIO_STRONG = 20,
	KS_OS_PRIO_MARINER = 20,
	KS_OS_PRIO_OSRELEASE = 25,
	KS_OS_PRIO_RELEASE = 30,
};

/* Go's bufio.Scanner gives up on a line of 64 KiB or more; Trivy then stops reading. */
#define KS_OS_MAXLINE 65535

/* Largest OS identification file the OS analyzers accept (ks_analyzer.max_size). */
#define KS_OS_MAXFILE (1u << 20)

/*
 * Chooses the OS of an image from the OS results of its files. cands[0..n) are in layer
 * order, bottom layer first (any order within a layer); entries that are NULL or have no
 * family are ignored. Returns the chosen candidate (see the rule above) or NULL when none
 * names an OS. Trivy would also take a release name from a later result when the chosen
 * one has an empty name and OR the "extended" flags; callers that need that do it on the
 * returned result.
 */
const struct ks_os *ks_os_pick(const struct ks_os *const *cands, size_t n);

/* True if p[0..n) is one of the NULL-terminated paths. */
bool ks_os_path_in(const char *p, size_t n, const char *const *paths);

/*
 * Records an OS result in out: family (a static string), name copied into the arena and
 * prio. Fails with KS_ECORRUPT if name contains a NUL byte (it cannot be reported) and
 * with KS_ENOMEM. what names the analyzer and path the file, for the message.
 */
int ks_os_set(struct ks_ctx *cx, const struct ks_file *f, const char *what, struct ks_ares *out,
	const char *family, struct ks_str name, int prio);

/* Fails with KS_ECORRUPT and a message naming line lineno of f as over-long (see
 * KS_OS_MAXLINE). */
int ks_os_toolong(struct ks_ctx *cx, const struct ks_file *f, const char *what, size_t lineno);

#endif
