#!/usr/bin/env bash
# Measures importing a generated Goodreads export into estante, each figure beside a
# baseline measured in the same run on the same file:
#   SQLite:      `sqlite3 .import` of the file into one table
#   PostgreSQL:  `COPY` of the file into one table
# Absolute times on a shared machine are noisy; the ratio is the figure that counts.
#
# Usage: scripts/bench import [ROWS]        (default 100000)
# ESTANTE_BENCH_PROFILE=dev uses the debug build, as the test command does for its
# quick run on a small file.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source scripts/lib/postgres.sh
source scripts/lib/bench.sh

rows=${1:-100000}
BENCH_PROFILE=${ESTANTE_BENCH_PROFILE:-release}
profile=$BENCH_PROFILE
bench_build
bin=$BENCH_BIN
bench_require sqlite3 sqlite3

work=$(mktemp -d /tmp/estante-bench.XXXXXX)
cleanup() {
  postgres_stop
  rm -rf "$work"
}
trap cleanup EXIT
if [ -z "${ESTANTE_TEST_DATABASE_URL:-}" ]; then
  postgres_start >/dev/null
fi
chmod 755 "$work"

"$bin/gen-goodreads" "$rows" 42 >"$work/books.csv"
chmod 644 "$work/books.csv"

now() { bench_now; }
elapsed() { bench_elapsed "$@"; }

# Each import checks its own count, so a fast run that dropped rows cannot pass.
import_into() {
  local url=$1 start end
  "$bin/estante-server" --database "$url" user add bench >/dev/null 2>&1
  start=$(now)
  "$bin/estante-server" --database "$url" import --user bench --output json "$work/books.csv" \
    >"$work/report.json"
  end=$(now)
  python3 - "$work/report.json" "$rows" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
total = report["imported"] + report["merged"] + report["flagged"] + report["rejected"]
assert total == int(sys.argv[2]), f"{total} rows accounted for, expected {sys.argv[2]}"
assert report["rejected"] == 0, "rows were rejected"
PY
  elapsed "$start" "$end"
}

start=$(now)
sqlite3 "$work/baseline.db" ".import --csv $work/books.csv books"
sqlite_baseline=$(elapsed "$start" "$(now)")
sqlite_ours=$(import_into "sqlite://$work/estante.db")

admin=$ESTANTE_TEST_DATABASE_URL
base=${admin%/*}
columns=$(head -1 "$work/books.csv" | python3 -c 'import sys; print(", ".join(f"c{i} text" for i, _ in enumerate(sys.stdin.readline().split(","))))')
psql -q "$admin" -c "DROP DATABASE IF EXISTS estante_bench" -c "CREATE DATABASE estante_bench"
psql -q "$base/estante_bench" -c "CREATE TABLE books ($columns)"
start=$(now)
psql -q "$base/estante_bench" -c "\\copy books FROM '$work/books.csv' WITH (FORMAT csv, HEADER true)"
pg_baseline=$(elapsed "$start" "$(now)")
psql -q "$admin" -c "DROP DATABASE IF EXISTS estante_import" -c "CREATE DATABASE estante_import"
pg_ours=$(import_into "$base/estante_import")

ratio() { bench_ratio "$@"; }
echo
echo "Import of $rows generated Goodreads rows ($profile build), $(date -u +%Y-%m-%d), $(nproc) cores"
echo "| database | estante import (s) | baseline (s) | baseline | ratio |"
echo "|---|---|---|---|---|"
echo "| SQLite | $sqlite_ours | $sqlite_baseline | sqlite3 .import into one table | $(ratio "$sqlite_ours" "$sqlite_baseline")x |"
echo "| PostgreSQL | $pg_ours | $pg_baseline | COPY into one table | $(ratio "$pg_ours" "$pg_baseline")x |"
