#!/bin/sh
# run-fuzz.sh BINARY NAME SECONDS
# Runs one fuzz target over its seed corpus: tests/fuzz/corpus/NAME (committed, small,
# written here) plus the paths listed in tests/fuzz/corpus/NAME.shared (relative to
# ../shared, used when it exists). SECONDS=0 only replays the seeds (non-libFuzzer builds);
# otherwise libFuzzer mutates for SECONDS in a scratch corpus under the build tree.
set -eu
bin=$1 name=$2 secs=$3
src=${KENSA_SRC:-$(pwd)}
shared=${KENSA_SHARED:-$src/../shared}
seeds=$src/tests/fuzz/corpus/$name
set --
[ -d "$seeds" ] && set -- "$seeds"
if [ -f "$seeds.shared" ] && [ -d "$shared" ]; then
	while IFS= read -r rel; do
		case $rel in ''|'#'*) continue ;; esac
		[ -e "$shared/$rel" ] && set -- "$@" "$shared/$rel"
	done < "$seeds.shared"
fi
if [ "$secs" = 0 ]; then
	exec "$bin" "$@"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/kensa-fuzz-$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
for s in "$@"; do
	if [ -d "$s" ]; then
		find "$s" -maxdepth 1 -type f -size -2M -exec cp {} "$work/corpus/" \;
	else
		cp "$s" "$work/corpus/"
	fi
done
"$bin" -max_total_time="$secs" -rss_limit_mb=2048 -max_len=1048576 -timeout=20 \
	-print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" 2>"$work/log" || {
	tail -n 60 "$work/log"
	for a in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
		[ -e "$a" ] && { echo "reproducer: $a"; od -c "$a" | head -n 20; }
	done
	exit 1
}
grep -E 'stat::number_of_executed_runs|Done' "$work/log" | tail -n 2
