#!/bin/bash
# image-scan.sh - times `kensa image --input` against the decompression floor.
#
# For each image: kensa's wall time and peak RSS (median of RUNS runs) and the time to
# merely decompress the same compressed bytes once (zcat/zstdcat of every compressed
# layer or of a gzip-compressed archive), which no scanner can beat. Images: the
# fixture images under ../shared and a large Debian image this script builds itself
# with mmdebstrap into an OCI archive under bench/work/ (kept between runs).
#
# Usage: bench/image-scan.sh [RUNS]      (prints a Markdown table to stdout)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
. bench/lib.sh

# the tools this script needs, from Debian (installed only when missing)
need_debs mmdebstrap time zstd python3 bc

cmake --workflow --preset release >/dev/null
KENSA=build/release/kensa

big=$WORK/debian-big.oci.tar
debian_big "$big"

printf '| image | size | kensa s | floor s | ratio | kensa peak RSS MiB |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: |\n'
for img in "$SHARED"/fixtures/images/docker-save/trivy-alpine-3.10.tar.gz \
	"$SHARED"/fixtures/images/dive/test-kaniko-image.tar \
	"$SHARED"/fixtures/images/dive/test-oci-zstd-image.tar "$big"; do
	[ -f "$img" ] || continue
	ks=() fl=() rss=()
	fspec=$(prepare_floor "$img")
	for _ in $(seq "$RUNS"); do
		read -r s m _ < <(measure "$KENSA" image --input "$img" -q -f json --list-all-pkgs)
		ks+=("$s"); rss+=("$m")
		t0=$(date +%s.%N); floor "$fspec"; t1=$(date +%s.%N)
		fl+=("$(echo "$t1 - $t0" | bc -l)")
	done
	k=$(printf '%s\n' "${ks[@]}" | median)
	f=$(printf '%s\n' "${fl[@]}" | median)
	r=$(printf '%s\n' "${rss[@]}" | median)
	printf '| %s | %s | %.3f | %.3f | %.2f | %.1f |\n' "$(basename "$img")" \
		"$(du -h "$img" | cut -f1)" "$k" "$f" "$(echo "$k / $f" | bc -l)" \
		"$(echo "$r / 1024" | bc -l)"
done
