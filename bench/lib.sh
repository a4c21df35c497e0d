# lib.sh - what the bench scripts share; sourced (not run) from the repository root.
#
# Sets WORK (bench/work, gitignored: built images, tools, scratch) and SHARED (../shared
# or $KENSA_SHARED). Functions: need_debs (install missing Debian packages), debian_big
# (the large Debian image, built once), prepare_floor/floor (the decompression floor of
# an image), median, measure (wall time, peak RSS and CPU time of one run, GNU time).

WORK=bench/work
SHARED=${KENSA_SHARED:-../shared}
mkdir -p "$WORK"

need_debs() { # the Debian packages named, installed only when missing
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			{ echo "installing $p" >&2; apt-get install -y -qq "$p" >/dev/null; }
	done
}

# The large image at path $1 (kept between runs): a Debian bookworm root filesystem with a
# few hundred packages, as a two-layer OCI archive (base system, then more packages), gzip
# layers.
debian_big() {
	local big=$1
	[ -f "$big" ] && return
	echo "building $big (mmdebstrap, a few minutes)" >&2
	rm -rf "$WORK/root1" "$WORK/root2"
	mmdebstrap --variant=standard --quiet bookworm "$WORK/root1" >&2
	mmdebstrap --variant=standard --quiet \
		--include=python3,perl,git,curl,openssh-client,gcc,make,libssl-dev \
		bookworm "$WORK/root2" >&2
	python3 bench/make-oci.py "$big" "$WORK/root1" "$WORK/root2"
	rm -rf "$WORK/root1" "$WORK/root2"
}

# The floor: decompressing every compressed byte of the image once, nothing else. The
# layer blobs are copied out of the archive beforehand (not timed), so the floor is pure
# zcat/zstdcat; an archive that is itself gzip-compressed is its own floor.
prepare_floor() { # img -> prints what floor takes
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

measure() { # prints "seconds rss_kib cpu_seconds" (wall, peak RSS, user + system) of a run
	/usr/bin/time -f "%e %M %U %S" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" ||
		{ cat "$WORK/stderr.txt" >&2; return 1; }
	awk '{print $1, $2, $3 + $4}' "$WORK/time.txt"
}
