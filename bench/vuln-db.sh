#!/bin/bash
# vuln-db.sh - builds the full vulnerability database from every feed of ../shared/feeds
# into CACHE_DIR (CACHE_DIR/db/kensa.db) with `kensa db import`; about 35 s. Shared by
# db-import.sh, which times it, and scan-vulns.sh, which scans against the result.
#
# Usage: bench/vuln-db.sh KENSA CACHE_DIR
set -euo pipefail
exec "$1" db import "${KENSA_SHARED:-../shared}/feeds" --cache-dir "$2" -q
