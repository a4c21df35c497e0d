/*
 * kensa.h - the public API of libkensa, the container-image security scanner library.
 *
 * A scan turns a target (an image archive or layout, a root filesystem, a project tree)
 * into a result: the operating system, the packages found, with the layer that introduced
 * each, and any warnings. A report writer renders a result in one of the supported
 * formats. The library never prints and never exits: errors come back as KENSA_E* codes
 * with a one-line message in the caller's buffer; diagnostics go to the log callback.
 *
 * Ownership: a kensa_result owns all memory it points to; kensa_result_free() releases it.
 */
#ifndef KENSA_KENSA_H
#define KENSA_KENSA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes (negative); the same values as the library's internal codes. */
enum kensa_error {
	KENSA_OK = 0,
	KENSA_EINTERNAL = -1,
	KENSA_ENOMEM = -2,
	KENSA_EUSAGE = -3,
	KENSA_EIO = -4,
	KENSA_ECORRUPT = -5,
	KENSA_ETRUNC = -6,
	KENSA_ENOTFOUND = -7,
	KENSA_ELIMIT = -8,
	KENSA_EUNSUPPORTED = -9,
	KENSA_EDIGEST = -10,
	KENSA_EUNSAFE = -11,
	KENSA_ENET = -12,
	KENSA_EAMBIGUOUS = -13,
	KENSA_EAUTH = -14,
};

enum kensa_target {
	KENSA_TARGET_IMAGE = 1,  /* docker-archive / OCI archive file, or OCI layout dir */
	KENSA_TARGET_ROOTFS = 2, /* an unpacked root filesystem */
	KENSA_TARGET_FS = 3,     /* a project tree (lock files; OS packages are not reported) */
	KENSA_TARGET_REPO = 4,   /* a local source repository: scanned as FS, reported as one */
	KENSA_TARGET_IMAGE_REF = 5, /* an image by name: from the daemons or a registry */
};

enum kensa_loglevel {
	KENSA_LOG_DEBUG = 0,
	KENSA_LOG_INFO = 1,
	KENSA_LOG_WARN = 2,
	KENSA_LOG_ERROR = 3,
};

enum kensa_severity {
	KENSA_SEV_UNKNOWN = 0,
	KENSA_SEV_LOW = 1,
	KENSA_SEV_MEDIUM = 2,
	KENSA_SEV_HIGH = 3,
	KENSA_SEV_CRITICAL = 4,
};

enum kensa_status {
	KENSA_STATUS_UNKNOWN = 0,
	KENSA_STATUS_NOT_AFFECTED = 1,
	KENSA_STATUS_AFFECTED = 2,
	KENSA_STATUS_FIXED = 3,
	KENSA_STATUS_UNDER_INVESTIGATION = 4,
	KENSA_STATUS_WILL_NOT_FIX = 5,
	KENSA_STATUS_FIX_DEFERRED = 6,
	KENSA_STATUS_END_OF_LIFE = 7,
};

enum { KENSA_PKG_OS = 1, KENSA_PKG_LIBRARY = 2 };

/* "HIGH" -> KENSA_SEV_HIGH, -1 if unknown; "will_not_fix" -> KENSA_STATUS_..., -1. */
int kensa_severity_parse(const char *s);
int kensa_status_parse(const char *s);

struct kensa_options {
	uint64_t max_image_size; /* total uncompressed bytes of an image; 0 = unlimited */
	uint64_t max_file_size;  /* largest package database read into memory; 0 = default */
	const char *const *skip_files; /* glob patterns of files to ignore */
	size_t nskip_files;
	const char *const *skip_dirs;  /* glob patterns of directories to ignore */
	size_t nskip_dirs;
	const char *platform;          /* "os/arch[/variant]" to pick from a multi-platform index */
	const char *db_path;           /* vulnerability database to match against; NULL = none */
	/* Which findings are reported (Trivy's --severity, --ignore-unfixed, --ignore-status,
	 * --pkg-types, --ignorefile). */
	unsigned severities;           /* mask of 1u << KENSA_SEV_*; 0 = all */
	bool ignore_unfixed;           /* drop findings without a fixed version */
	unsigned ignore_statuses;      /* mask of 1u << KENSA_STATUS_* to drop */
	unsigned pkg_types;            /* KENSA_PKG_OS | KENSA_PKG_LIBRARY; 0 = both */
	const char *ignorefile;        /* .trivyignore or .trivyignore.yaml; NULL = none */
	bool include_dev_deps;         /* keep lock files' development dependencies */
	bool comprehensive;            /* --detection-priority comprehensive: also report
					* language packages an OS package installed */
	const char *sort_by;           /* "package" (default, Trivy's order), "severity",
					* "epss", "kev" */
	/* Images by name (KENSA_TARGET_IMAGE_REF): where to look, how to pull. */
	const char *image_src;         /* sources to try in order, comma-separated: docker,
					* containerd, podman, remote (NULL: all, that order) */
	const char *docker_host;       /* daemon socket (unix:///path, tcp://host:port);
					* NULL: $DOCKER_HOST, else /var/run/docker.sock */
	const char *username;          /* registry credentials (with password) */
	const char *password;
	const char *registry_token;    /* a bearer token sent as is */
	const char *cacert;            /* PEM bundle trusted for registries instead of the system's */
	bool insecure;                 /* registries: no TLS verification, plain http allowed */
	long timeout_ms;               /* the scan's network work fails past this; 0 = none */
	/* Layer cache: each analysed layer's results, keyed by DiffID, kept across scans. */
	const char *cache_dir;         /* NULL: the default cache directory */
	bool no_layer_cache;           /* --cache-backend memory: neither read nor write it */
	uint64_t cache_max_size;       /* least recently used layers go past this; 0 = no bound */
	unsigned parallel;             /* layers fetched and analysed at once; 0 = one per core */
	void (*log)(void *ud, int level, const char *msg);
	void *log_ud;
	int log_level;                 /* messages below this kensa_loglevel are dropped */
	/* Progress of long phases; total is 0 when unknown. */
	void (*progress)(void *ud, const char *phase, uint64_t done, uint64_t total);
	void *progress_ud;
};

typedef struct kensa_result kensa_result;

/* Scans `target` and returns the result in *out. On error returns a KENSA_E* code and
 * writes a one-line message to errbuf. */
int kensa_scan(const struct kensa_options *opts, enum kensa_target kind, const char *target,
	kensa_result **out, char *errbuf, size_t errlen);
void kensa_result_free(kensa_result *r);

/* The platforms ("os/arch[/variant]") of the image `ref` names on its registry, in the
 * order of its index (one for a single-platform image), for `--platform all`: *out is a
 * malloc'd NULL-terminated array of strings in one allocation (free(*out) frees all).
 * Returns 0 or a KENSA_E* code with a one-line message in errbuf. */
int kensa_image_platforms(const struct kensa_options *opts, const char *ref, char ***out,
	char *errbuf, size_t errlen);

/* Findings reported (after the filters) at or above min_severity (a KENSA_SEV_*),
 * counting only those with a fixed version when only_fixed. */
size_t kensa_result_findings(const kensa_result *r, int min_severity, bool only_fixed);
/* True if the scanned OS release is past its end of support. */
bool kensa_result_eosl(const kensa_result *r);

/* Number of warnings (corrupt package databases, skipped files) and the i-th one. */
size_t kensa_result_nwarnings(const kensa_result *r);
const char *kensa_result_warning(const kensa_result *r, size_t i);

struct kensa_report_options {
	bool list_all_pkgs; /* include the package inventory (Trivy --list-all-pkgs) */
	const char *created_at; /* RFC 3339 time for formats that need one; NULL = now */
	unsigned severities;    /* the severities asked for (summary lines); 0 = all */
	bool color;             /* ANSI colours (table, on a terminal) */
	/* The CI gate (--fail-on): findings below gate_severity (a KENSA_SEV_*), or without a
	 * fixed version when gate_only_fixed, do not fail it, and the junit report lists them
	 * as skipped instead of failed. 0/false: every finding fails (Trivy's behaviour). */
	int gate_severity;
	bool gate_only_fixed;
};

/* Reads a JSON report (kensa's or Trivy's SchemaVersion 2) back into a result, to render
 * it in another format (`kensa convert`). */
int kensa_report_load(const char *path, kensa_result **out, char *errbuf, size_t errlen);

/* Applies the report filters of o (severities, ignore_unfixed, ignore_statuses, pkg_types,
 * ignorefile, sort_by) to a loaded result. */
int kensa_result_filter(kensa_result *r, const struct kensa_options *o, char *errbuf,
	size_t errlen);

/* True if `format` names a report writer ("json", "table", ...). */
bool kensa_format_known(const char *format);
/* The writer names, NULL-terminated. */
const char *const *kensa_formats(void);
/* Renders r as `format` to f. */
int kensa_report_write(const kensa_result *r, const char *format,
	const struct kensa_report_options *ro, FILE *f, char *errbuf, size_t errlen);

/* ------------------------------------------------------ vulnerability database */

struct kensa_db_options {
	const char *cache_dir;    /* NULL: $XDG_CACHE_HOME/kensa or ~/.cache/kensa */
	const char *feeds_mirror; /* base URL (http, https, file) of a feeds mirror; NULL: upstream */
	const char *const *feeds; /* only these feeds (importer names), NULL = all */
	size_t nfeeds;
	long timeout_ms;          /* a download stalled this long fails; 0 = 60 s */
	int retries;              /* extra attempts on 429/5xx/network errors; < 0 = 3 */
	long retry_base_ms;       /* first backoff delay; 0 = 1000 */
	void (*log)(void *ud, int level, const char *msg);
	void *log_ud;
	int log_level;
	void (*progress)(void *ud, const char *phase, uint64_t done, uint64_t total);
	void *progress_ud;
};

/* Downloads every feed (conditionally) and builds a new database atomically. */
int kensa_db_update(const struct kensa_db_options *o, char *errbuf, size_t errlen);
/* Builds a new database from local directories, archives and files. */
int kensa_db_import(const struct kensa_db_options *o, const char *const *paths, size_t n,
	char *errbuf, size_t errlen);
/* Writes the database's age, feeds and counts ("table" or "json"). */
int kensa_db_status(const struct kensa_db_options *o, const char *format, FILE *f,
	char *errbuf, size_t errlen);
/* Writes what the database says about a vulnerability ID or a package name. */
int kensa_db_search(const struct kensa_db_options *o, const char *query, const char *format,
	FILE *f, char *errbuf, size_t errlen);
/* The database file path for these options. */
int kensa_db_path(const struct kensa_db_options *o, char *buf, size_t len);

const char *kensa_version(void);
const char *kensa_strerror(int code);

#ifdef __cplusplus
}
#endif

#endif
