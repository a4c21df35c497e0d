/* fuzz_report_load.c - `kensa convert`'s reader: a JSON report (kensa's or Trivy's,
 * untrusted: it comes from another tool or machine) loaded into a result, which is then
 * written back as JSON and SARIF. Loading may fail; it must never crash or leak. */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kensa/kensa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kensa_report_options ro = { 0 };
	kensa_result *r = NULL;
	char path[64], err[256];
	FILE *out;
	int fd = memfd_create("report", 0);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (kensa_report_load(path, &r, err, sizeof(err)) == 0 &&
		(out = fopen("/dev/null", "w")) != NULL) {
		ro.list_all_pkgs = true;
		(void)kensa_report_write(r, "json", &ro, out, err, sizeof(err));
		(void)kensa_report_write(r, "sarif", &ro, out, err, sizeof(err));
		fclose(out);
	}
	kensa_result_free(r);
	close(fd);
	return 0;
}
