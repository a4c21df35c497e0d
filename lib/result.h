/*
 * result.h - the scan result behind the public kensa_result handle.
 *
 * A result owns its context (and so the arena holding every string and array it points
 * to). Writers read it; nothing modifies it after kensa_scan() returns.
 */
#ifndef KS_RESULT_H
#define KS_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctx.h"
#include "db/db.h"
#include "pkg.h"

struct ks_rlayer {
	const char *digest; /* NULL when not reported (uncompressed docker-archive layers) */
	const char *diffid;
	const char *created_by;
	uint64_t size; /* uncompressed bytes */
};

/* One vulnerable package: a vulnerability matched to an installed package. */
struct ks_finding {
	const char *vuln_id;
	struct ks_strv vendor_ids;  /* DSA-..., RHSA-... from the advisory */
	const struct ks_pkg *pkg;   /* in the target's pkgs */
	const char *installed;      /* InstalledVersion as Trivy prints it */
	const char *fixed;          /* FixedVersion ("" = none) */
	int status;                 /* enum ks_status */
	const char *data_source;    /* the advisory's {"ID","Name","URL"} JSON, or NULL */
	int severity;               /* the chosen severity (enum ks_sev) */
	const char *severity_source; /* where it came from ("nvd", "alpine", ...; "" = the
				      * record's own) */
	const char *primary_url;
	struct ks_vuln v;           /* details, per-source severities, KEV, EPSS */
};

struct ks_target {
	const char *name;   /* "alpine.tar (alpine 3.9.4)" */
	const char *klass;  /* "os-pkgs" */
	const char *type;   /* "alpine" */
	struct ks_pkg *pkgs; /* sorted as Trivy sorts */
	size_t npkgs;
	struct ks_finding *vulns; /* sorted as Trivy sorts */
	size_t nvulns;
};

struct kensa_result {
	struct ks_ctx cx;
	const char *artifact_name;
	const char *artifact_type; /* "container_image", "filesystem" */
	bool has_os;
	struct ks_os os;
	bool eosl;
	/* container images only */
	const char *image_id;
	const char *config_raw;
	size_t config_len;
	struct ks_rlayer *layers;
	size_t nlayers;
	struct ks_strv diffids, repo_tags, repo_digests;
	uint64_t size;
	struct ks_target *targets;
	size_t ntargets;
};

/* A package's identity: p->id when the analyzer set one, otherwise Trivy's dependency ID
 * by p->analyzed_by: "name@version" (dpkg: with epoch and revision, apk: as is), rpm
 * "name@version-release.arch", jar/pom/gradle/sbt "name:version", gomod/gobinary
 * "name@v<version>", conan/dotnet-core "name/version", the bare name when there is no
 * version. Never NULL but on out-of-memory: DependsOn lists, CycloneDX/SPDX references and
 * the report loader rely on every package having one. */
const char *ks_pkg_id(struct ks_arena *a, const struct ks_pkg *p);
/* The ID the JSON report writes ("ID" of a package, "PkgID" of a finding) into *id:
 * ks_pkg_id(), or NULL where Trivy's parser sets none, so the field is left out: pip,
 * pipenv, python-pkg, conda-pkg, jar and gemspec packages, and nuget packages read from a
 * packages.config. file is the file the package was read from, which p->file_path does
 * not say for lock files (the target name of a lock-file target), or NULL. OS packages
 * always get one. Returns 0, or KS_ENOMEM (*id NULL). */
int ks_pkg_report_id(struct ks_arena *a, const struct ks_pkg *p, const char *file,
	const char **id);
/* The package URL for an OS package of the result's OS (NULL when there is no OS). */
const char *ks_pkg_purl(struct ks_arena *a, const struct kensa_result *r,
	const struct ks_pkg *p);
/* The installed version as Trivy prints it: "[epoch:]version[-release]". */
const char *ks_pkg_version_string(struct ks_arena *a, const struct ks_pkg *p);

#endif
