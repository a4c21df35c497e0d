#!/bin/bash
# cc-bench.sh - compiles a benchmark program against the release build's libkensa (its
# internal headers under lib/ included), shared by the bench scripts that time library
# calls directly.
#
# Usage: bench/cc-bench.sh OUT SOURCE.c     (after `cmake --workflow --preset release`)
set -euo pipefail
exec cc -std=gnu11 -O2 -D_GNU_SOURCE -Ilib -Iinclude -o "$1" "$2" build/release/libkensa.a \
	$(pkg-config --libs libarchive libcurl sqlite3 jansson yaml-0.1 libpcre2-8 libcrypto \
	zlib libxml-2.0) -lm -lpthread
