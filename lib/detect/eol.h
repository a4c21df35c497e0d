/* eol.h - distribution end-of-support dates; see eol.c. */
#ifndef KS_DETECT_EOL_H
#define KS_DETECT_EOL_H

/* Today as "YYYY-MM-DD" in UTC; KENSA_NOW ("YYYY-MM-DD...") fixes it (tests, replays). */
void ks_today(char out[11]);
/* 1 if the release (Trivy's OS name, e.g. "3.9.4", "7.6.1810") is past its end of
 * support on `today`, 0 if not, -1 if kensa does not know its date. */
int ks_os_eol(const char *family, const char *release, const char *today);

#endif
