/*
 * eol.c - end-of-support dates of distribution releases (the vendors' published dates:
 * end of standard/security support, without paid extended support), so a report can flag
 * an image whose OS no longer receives fixes (Metadata.OS.EOSL, --exit-on-eol).
 */
#include "detect/eol.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct eol {
	const char *family, *release, *date; /* release: the leading components that name it */
};

static const struct eol eols[] = {
	{ "alpine", "3.0", "2016-05-01" }, { "alpine", "3.1", "2016-11-01" },
	{ "alpine", "3.2", "2017-05-01" }, { "alpine", "3.3", "2017-11-01" },
	{ "alpine", "3.4", "2018-05-01" }, { "alpine", "3.5", "2018-11-01" },
	{ "alpine", "3.6", "2019-05-01" }, { "alpine", "3.7", "2019-11-01" },
	{ "alpine", "3.8", "2020-05-01" }, { "alpine", "3.9", "2020-11-01" },
	{ "alpine", "3.10", "2021-05-01" }, { "alpine", "3.11", "2021-11-01" },
	{ "alpine", "3.12", "2022-05-01" }, { "alpine", "3.13", "2022-11-01" },
	{ "alpine", "3.14", "2023-05-01" }, { "alpine", "3.15", "2023-11-01" },
	{ "alpine", "3.16", "2024-05-23" }, { "alpine", "3.17", "2024-11-22" },
	{ "alpine", "3.18", "2025-05-09" }, { "alpine", "3.19", "2025-11-01" },
	{ "alpine", "3.20", "2026-04-01" }, { "alpine", "3.21", "2026-11-01" },
	{ "alpine", "3.22", "2027-05-01" },
	{ "debian", "7", "2018-05-31" }, { "debian", "8", "2020-06-30" },
	{ "debian", "9", "2022-06-30" }, { "debian", "10", "2024-06-30" },
	{ "debian", "11", "2026-08-31" }, { "debian", "12", "2028-06-30" },
	{ "debian", "13", "2030-06-30" },
	{ "ubuntu", "14.04", "2019-04-25" }, { "ubuntu", "16.04", "2021-04-30" },
	{ "ubuntu", "18.04", "2023-05-31" }, { "ubuntu", "20.04", "2025-05-31" },
	{ "ubuntu", "22.04", "2027-06-01" }, { "ubuntu", "24.04", "2029-05-31" },
	{ "ubuntu", "23.04", "2024-01-25" }, { "ubuntu", "23.10", "2024-07-11" },
	{ "ubuntu", "24.10", "2025-07-10" }, { "ubuntu", "25.04", "2026-01-15" },
	{ "centos", "6", "2020-11-30" }, { "centos", "7", "2024-06-30" },
	{ "centos", "8", "2021-12-31" },
	{ "redhat", "6", "2020-11-30" }, { "redhat", "7", "2024-06-30" },
	{ "redhat", "8", "2029-05-31" }, { "redhat", "9", "2032-05-31" },
	{ "alma", "8", "2029-03-01" }, { "alma", "9", "2032-05-31" },
	{ "rocky", "8", "2029-05-31" }, { "rocky", "9", "2032-05-31" },
	{ "oracle", "6", "2021-03-01" }, { "oracle", "7", "2024-12-31" },
	{ "oracle", "8", "2029-07-01" }, { "oracle", "9", "2032-06-01" },
	{ "amazon", "AMI", "2023-12-31" }, { "amazon", "2", "2026-06-30" },
	{ "amazon", "2023", "2028-03-15" },
	{ "photon", "1.0", "2022-02-28" }, { "photon", "2.0", "2022-12-31" },
	{ "photon", "3.0", "2024-03-01" }, { "photon", "4.0", "2026-03-01" },
	{ "cbl-mariner", "1.0", "2023-07-31" }, { "cbl-mariner", "2.0", "2025-07-31" },
	{ "opensuse-leap", "15.1", "2021-01-31" }, { "opensuse-leap", "15.2", "2021-12-31" },
	{ "opensuse-leap", "15.3", "2022-12-31" }, { "opensuse-leap", "15.4", "2023-12-31" },
	{ "opensuse-leap", "15.5", "2024-12-31" }, { "opensuse-leap", "15.6", "2025-12-31" },
};

/* True if release names the table's release: equal, or followed by "." or " ". */
static bool names(const char *release, const char *r)
{
	size_t n = strlen(r);

	return strncmp(release, r, n) == 0 && (release[n] == '\0' || release[n] == '.' ||
						      release[n] == ' ');
}

void ks_today(char out[11])
{
	const char *fixed = getenv("KENSA_NOW");
	time_t t = time(NULL);
	struct tm tm;

	if (fixed != NULL && strlen(fixed) >= 10) {
		memcpy(out, fixed, 10);
		out[10] = '\0';
		return;
	}
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int ks_os_eol(const char *family, const char *release, const char *today)
{
	size_t i, best = SIZE_MAX, bestlen = 0;

	if (family == NULL || release == NULL)
		return -1;
	for (i = 0; i < sizeof(eols) / sizeof(eols[0]); i++)
		if (strcmp(eols[i].family, family) == 0 && names(release, eols[i].release) &&
			strlen(eols[i].release) > bestlen) {
			best = i;
			bestlen = strlen(eols[i].release);
		}
	if (best == SIZE_MAX)
		return -1;
	return strcmp(today, eols[best].date) > 0;
}
