/* term.c - see term.h. */
#include "term.h"

#include <stdio.h>
#include <unistd.h>

void cli_log_cb(void *ud, int level, const char *msg)
{
	static const char *const names[] = { "debug", "info", "warning", "error" };

	(void)ud;
	if (level < 0 || level > 3)
		level = 3;
	if (isatty(2))
		fputs("\r\033[K", stderr);
	fprintf(stderr, "kensa: %s: %s\n", names[level], msg);
}

void cli_progress_cb(void *ud, const char *phase, uint64_t done, uint64_t total)
{
	(void)ud;
	if (total)
		fprintf(stderr, "\r\033[K%.60s %llu/%llu", phase, (unsigned long long)done,
			(unsigned long long)total);
	else
		fprintf(stderr, "\r\033[K%.60s %llu", phase, (unsigned long long)done);
}

bool cli_want_progress(bool quiet, bool no_progress)
{
	return !quiet && !no_progress && isatty(2);
}

void cli_progress_done(bool drawn)
{
	if (drawn)
		fputs("\r\033[K", stderr);
}
