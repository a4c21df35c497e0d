#!/bin/sh
# vercmp.sh - lib/version comparison throughput (bench/vercmp.c) on one core.
# Builds the bench with the system compiler at -O2 against lib/version and the util files it
# needs (no CMake), then runs it on ../shared/fixtures/versions/version-vectors.tsv when
# present. Prints the machine first so the figures can go into bench/RESULTS.md as is.
# Usage: bench/vercmp.sh [CC]
set -eu
cd "$(dirname "$0")/.."
cc=${1:-${CC:-cc}}
out=$(mktemp -d "${TMPDIR:-/tmp}/kensa-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
$cc -std=gnu11 -O2 -DNDEBUG -D_GNU_SOURCE -Ilib -o "$out/vercmp" bench/vercmp.c lib/version/*.c \
	lib/util/arena.c lib/util/err.c lib/util/str.c lib/util/buf.c
echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores; $($cc --version | head -n 1)"
echo "command: bench/vercmp.sh $cc (one thread; pre-parsed versions; random pairs)"
vec=${KENSA_SHARED:-../shared}/fixtures/versions/version-vectors.tsv
if command -v taskset >/dev/null 2>&1; then
	taskset -c 0 "$out/vercmp" "$vec"
else
	"$out/vercmp" "$vec"
fi
