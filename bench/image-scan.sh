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
WORK=bench/work
SHARED=${KENSA_SHARED:-../shared}
mkdir -p "$WORK"

# the tools this script needs, from Debian (installed only when missing)
for p in mmdebstrap time zstd python3 bc; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		{ echo "installing $p" >&2; apt-get install -y -qq "$p" >/dev/null; }
done

cmake --workflow --preset release >/dev/null
KENSA=build/release/kensa

# The large image: a Debian bookworm root filesystem with a few hundred packages, as a
# two-layer OCI archive (base system, then more packages), gzip layers.
big=$WORK/debian-big.oci.tar
if [ ! -f "$big" ]; then
	echo "building $big (mmdebstrap, a few minutes)" >&2
	rm -rf "$WORK/root1" "$WORK/root2"
	mmdebstrap --variant=standard --quiet bookworm "$WORK/root1" >&2
	mmdebstrap --variant=standard --quiet \
		--include=python3,perl,git,curl,openssh-client,gcc,make,libssl-dev \
		bookworm "$WORK/root2" >&2
	python3 bench/make-oci.py "$big" "$WORK/root1" "$WORK/root2"
	rm -rf "$WORK/root1" "$WORK/root2"
fi

# The floor: decompressing every compressed byte of the image once, nothing else. The
# layer blobs are copied out of the archive beforehand (not timed), so the floor is pure
# zcat/zstdcat; an archive that is itself gzip-compressed is its own floor.
prepare_floor() { # img -> prints the command line to time
	local img=$1 dir
	dir=$WORK/blobs/$(basename "$img")
	case "$img" in
	*.tar.gz) echo "zcat $img" ; return ;;
	esac
	rm -rf "$dir"; mkdir -p "$dir"
	python3 bench/blobs.py "$img" | while IFS=$'\t' read -r kind member; do
		tar -xOf "$img" "$member" > "$dir/$(basename "$member").$kind"
	done
	echo "$dir"
}

floor() { # the directory or command from prepare_floor
	local f
	case "$1" in
	zcat\ *) $1 >/dev/null; return ;;
	esac
	for f in "$1"/*; do
		case "$f" in
		*.gzip) zcat "$f" >/dev/null ;;
		*.zstd) zstdcat "$f" >/dev/null ;;
		*) cat "$f" >/dev/null ;;
		esac
	done
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() { # prints "seconds rss_kib" of one run of the command
	/usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" ||
		{ cat "$WORK/stderr.txt" >&2; return 1; }
	cat "$WORK/time.txt"
}

printf '| image | size | kensa s | floor s | ratio | kensa peak RSS MiB |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: |\n'
for img in "$SHARED"/fixtures/images/docker-save/trivy-alpine-3.10.tar.gz \
	"$SHARED"/fixtures/images/dive/test-kaniko-image.tar \
	"$SHARED"/fixtures/images/dive/test-oci-zstd-image.tar "$big"; do
	[ -f "$img" ] || continue
	ks=() fl=() rss=()
	fspec=$(prepare_floor "$img")
	for _ in $(seq "$RUNS"); do
		read -r s m < <(measure "$KENSA" image --input "$img" -q -f json --list-all-pkgs)
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
