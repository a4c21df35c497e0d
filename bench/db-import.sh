#!/bin/bash
# db-import.sh - the vulnerability database: a full import of ../shared/feeds (wall time,
# peak RSS, database size) and the latency of package lookups against the result.
#
# Usage: bench/db-import.sh     (prints Markdown to stdout; release build)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${KENSA_SHARED:-../shared}
WORK=bench/work
mkdir -p "$WORK"
dpkg-query -W -f='${Status}' time 2>/dev/null | grep -q "ok installed" || apt-get install -y -qq time
cmake --workflow --preset release >/dev/null
KENSA=$PWD/build/release/kensa
rm -rf "$WORK/dbcache"

/usr/bin/time -f "%e %U %S %M" -o "$WORK/import.time" \
	bench/vuln-db.sh "$KENSA" "$WORK/dbcache"
read -r wall user sys rss < "$WORK/import.time"
db=$WORK/dbcache/db/kensa.db
echo "| feeds | wall s | user s | sys s | peak RSS MiB | DB MiB | vulnerabilities | advisories |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '| all of ../shared/feeds | %s | %s | %s | %.0f | %.0f | %s | %s |\n' "$wall" "$user" "$sys" \
	"$(echo "$rss / 1024" | bc -l)" "$(echo "$(stat -c %s "$db") / 1048576" | bc -l)" \
	"$(sqlite3 "$db" 'select count(*) from vulns')" "$(sqlite3 "$db" 'select count(*) from advisories')"
echo
# lookup latency: a small C program against the release libkensa
bench/cc-bench.sh "$WORK/dblookup" bench/dblookup.c
"$WORK/dblookup" "$db"
