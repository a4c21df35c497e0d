#!/bin/bash
# scan-vulns.sh - end-to-end `kensa image --input` with vulnerability detection against the
# full database, and the share of the time that detection (the database lookups) takes.
#
# For each image: wall time, CPU time (user + sys) and peak RSS (median of RUNS runs) of
#   kensa image --input IMG --cache-dir DB --skip-db-update -q -f json
# and of the same with --scanners none (the package inventory only, no database opened),
# the two run alternately so both see the same machine load; lookup share = (vuln - none)
# / vuln. The counts of packages and findings and an in-process measurement of the
# detection step alone (bench/scan-detect.c: opening the database, matching every package,
# the report filters) come from the same images. On the large image, the table and SARIF
# writers against JSON. The database is built once from ../shared/feeds into
# bench/work/db-cache (bench/vuln-db.sh) and the large Debian image once into
# bench/work/debian-big.oci.tar (debian_big of bench/lib.sh); both are kept between runs
# (delete them to rebuild).
#
# Usage: bench/scan-vulns.sh [RUNS]      (prints Markdown to stdout; release build)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
. bench/lib.sh
DB=$WORK/db-cache

need_debs mmdebstrap time python3 bc

cmake --workflow --preset release >/dev/null
KENSA=build/release/kensa
big=$WORK/debian-big.oci.tar
debian_big "$big"
if ! "$KENSA" db status --cache-dir "$DB" >/dev/null 2>&1; then
	echo "building the vulnerability database in $DB (kensa db import, about 40 s)" >&2
	rm -rf "$DB"
	bench/vuln-db.sh "$KENSA" "$DB"
fi
bench/cc-bench.sh "$WORK/scan-detect" bench/scan-detect.c

# One run of a command with its report written to $WORK/sv-out: prints "wall_s cpu_s
# rss_kib" (bash's time for wall and CPU to the millisecond, where lib.sh's measure has
# GNU time's hundredths; GNU time for the peak RSS). Its own files, so another bench
# running at the same time does not overwrite them.
measure_ms() {
	local t w u s
	TIMEFORMAT='%3R %3U %3S'
	t=$( { time /usr/bin/time -f %M -o "$WORK/sv-rss" "$@" >"$WORK/sv-out" \
		2>"$WORK/sv-stderr"; } 2>&1 ) || { cat "$WORK/sv-stderr" >&2; return 1; }
	read -r w u s <<<"$t"
	echo "$w $(echo "$u + $s" | bc -l) $(cat "$WORK/sv-rss")"
}

# findings in the JSON report $WORK/sv-out
findings() {
	python3 -c 'import json, sys
print(sum(len(r.get("Vulnerabilities") or []) for r in json.load(open(sys.argv[1]))
	.get("Results") or []))' "$WORK/sv-out"
}

# kensa image IMG against the database, quiet, with more flags
scan() {
	local img=$1
	shift
	measure_ms "$KENSA" image --input "$img" --cache-dir "$DB" --skip-db-update -q "$@"
}

pct() { printf '%.0f%%' "$(echo "100 * $1" | bc -l)"; }
mib() { printf '%.1f' "$(echo "$1 / 1024" | bc -l)"; }

echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores," \
	"$(free -g | awk '/^Mem:/ {print $2}') GiB RAM; load average at start:" \
	"$(cut -d' ' -f1-3 /proc/loadavg)"
echo "database: $(du -m "$DB/db/kensa.db" | cut -f1) MiB, $("$KENSA" db status \
	--cache-dir "$DB" | sed -n 's/^Built: *//p')"
echo "runs: $RUNS per command, medians; vuln and none alternate"
echo

main='| image | packages | findings | kensa vuln s | inventory s | lookup share | peak RSS MiB (vuln / none) |'
main+=$'\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |'
detail='| image | vuln CPU s | inventory CPU s | lookup share (CPU) | db open ms | detect ms | filter ms | detect share of vuln wall |'
detail+=$'\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
for img in "$SHARED"/fixtures/images/docker-save/trivy-alpine-3.9.tar.gz \
	"$SHARED"/fixtures/images/docker-save/trivy-alpine-3.10.tar.gz \
	"$SHARED"/fixtures/images/docker-save/fanal-alpine-2019-10.tar.gz \
	"$SHARED"/fixtures/images/dive/test-kaniko-image.tar "$big"; do
	[ -f "$img" ] || continue
	echo "scanning $(basename "$img")" >&2
	vw=() vc=() vr=() nw=() nc=() nr=()
	scan "$img" -f json >/dev/null # warm-up (page cache: image and database), not counted
	for i in $(seq "$RUNS"); do
		# alternate which variant goes first
		for v in $([ $((i % 2)) = 1 ] && echo "vuln none" || echo "none vuln"); do
			if [ "$v" = vuln ]; then
				t=$(scan "$img" -f json)
				read -r w c m <<<"$t"
				vw+=("$w") vc+=("$c") vr+=("$m")
				nf=$(findings)
			else
				t=$(scan "$img" -f json --scanners none)
				read -r w c m <<<"$t"
				nw+=("$w") nc+=("$c") nr+=("$m")
			fi
		done
	done
	t=$("$WORK/scan-detect" "$img" "$DB/db/kensa.db" "$RUNS")
	read -r _ np _ nd _ to _ td _ tf <<<"$t"
	[ "$nd" = "$nf" ] || echo "warning: $(basename "$img"): $nf findings in the report," \
		"$nd in-process" >&2
	w1=$(printf '%s\n' "${vw[@]}" | median) w0=$(printf '%s\n' "${nw[@]}" | median)
	c1=$(printf '%s\n' "${vc[@]}" | median) c0=$(printf '%s\n' "${nc[@]}" | median)
	r1=$(printf '%s\n' "${vr[@]}" | median) r0=$(printf '%s\n' "${nr[@]}" | median)
	main+=$(printf '\n| %s | %s | %s | %.3f | %.3f | %s | %s / %s |' "$(basename "$img")" \
		"$np" "$nf" "$w1" "$w0" "$(pct "($w1 - $w0) / $w1")" "$(mib "$r1")" "$(mib "$r0")")
	detail+=$(printf '\n| %s | %.3f | %.3f | %s | %.2f | %.2f | %.2f | %s |' \
		"$(basename "$img")" "$c1" "$c0" "$(pct "($c1 - $c0) / $c1")" "$to" "$td" "$tf" \
		"$(pct "($to + $td + $tf) / 1000 / $w1")")
done
echo "$main"
echo
echo "$detail"
echo

# Report writers on the large image: the same scan, one format each, alternating.
echo "writers on $(basename "$big") (the same scan with -f FORMAT, to a file):" >&2
echo "| format | wall s | CPU s | report KiB | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: |"
fmts=(json table sarif)
declare -A fw fc fr fs
scan "$big" -f json >/dev/null # warm-up
for i in $(seq "$RUNS"); do
	for f in "${fmts[@]:i%3}" "${fmts[@]:0:i%3}"; do # a different order each round
		t=$(scan "$big" -f "$f")
		read -r w c m <<<"$t"
		fw[$f]+="$w " fc[$f]+="$c " fr[$f]+="$m "
		fs[$f]=$(stat -c %s "$WORK/sv-out")
	done
done
for f in "${fmts[@]}"; do
	printf '| %s | %.3f | %.3f | %.0f | %s |\n' "$f" \
		"$(printf '%s\n' ${fw[$f]} | median)" "$(printf '%s\n' ${fc[$f]} | median)" \
		"$(echo "${fs[$f]} / 1024" | bc -l)" "$(mib "$(printf '%s\n' ${fr[$f]} | median)")"
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
