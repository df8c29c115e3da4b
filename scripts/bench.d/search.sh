#!/usr/bin/env bash
# Measures full-text search over HTTP under load: wrk with 32 connections sends
# GET /api/v1/books?q=WORD, cycling through words taken from the generated library's
# titles and authors, to estante-server on a SQLite file of ROWS imported books. The
# baseline is the same server's /healthz under the same load in the same run: it
# costs routing, middleware and HTTP alone, so the ratio is the share of the
# server's request rate that search keeps. GET /api/v1/me is timed as well: it reads
# only the caller's token row, so it is the most that any request with a bearer
# token can keep. Searches of one result show the cost of a search without its rows.
# The server keeps first pages while the library is unchanged, and the words repeat,
# so the searches are served from that cache after the warm-up. A second server on
# the same file, with the cache off, serves searches from its search index of the
# library, which it reads after the first search. A third, with both off, makes
# every page from the database.
#
# Usage: scripts/bench search [ROWS] [SECONDS]     (default 100000 books, 10 s each)
# wrk and the server share the machine's cores, so both figures are lower than on a
# machine where the load comes from elsewhere.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source scripts/lib/bench.sh

rows=${1:-100000}
seconds=${2:-10}
BENCH_PROFILE=${ESTANTE_BENCH_PROFILE:-release}
bench_build
bench_require wrk wrk

work=$(mktemp -d /tmp/estante-bench-search.XXXXXX)
server_pid=
uncached_pid=
database_pid=
cleanup() {
  for pid in $server_pid $uncached_pid $database_pid; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

bench_library "$work" "$rows"

# Single words of three letters or more from titles and author names, URL-encoded,
# in a fixed order so runs are comparable.
python3 - "$work/books.csv" >"$work/words.txt" <<'PY'
import csv, random, re, sys, urllib.parse
words = set()
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        for text in (row["Title"], row["Author"]):
            words.update(w.lower() for w in re.findall(r"\w{3,}", text) if not w.isdigit())
chosen = sorted(words)
random.Random(42).shuffle(chosen)
for word in chosen[:500]:
    print(urllib.parse.quote(word))
PY

port=$(bench_free_port)
RUST_LOG=warn "$BENCH_BIN/estante-server" --database "sqlite://$work/estante.db" \
  --blob-store "$work/blobs" serve --listen "127.0.0.1:$port" 2>"$work/server.log" &
server_pid=$!
uncached_port=$(bench_free_port)
RUST_LOG=warn ESTANTE_LIST_CACHE_MIB=0 "$BENCH_BIN/estante-server" \
  --database "sqlite://$work/estante.db" --blob-store "$work/blobs" \
  serve --listen "127.0.0.1:$uncached_port" 2>"$work/uncached.log" &
uncached_pid=$!
database_port=$(bench_free_port)
RUST_LOG=warn ESTANTE_LIST_CACHE_MIB=0 ESTANTE_SEARCH_INDEX_MIB=0 "$BENCH_BIN/estante-server" \
  --database "sqlite://$work/estante.db" --blob-store "$work/blobs" \
  serve --listen "127.0.0.1:$database_port" 2>"$work/database.log" &
database_pid=$!
bench_wait_http "http://127.0.0.1:$port/healthz"
bench_wait_http "http://127.0.0.1:$uncached_port/healthz"
bench_wait_http "http://127.0.0.1:$database_port/healthz"

# Checks one search by hand, so a benchmark of error responses cannot pass.
first_word=$(head -1 "$work/words.txt")
curl --silent --fail --noproxy '*' -H "Authorization: Bearer $BENCH_TOKEN" \
  "http://127.0.0.1:$port/api/v1/books?q=$first_word" >/dev/null

# The same words with `limit=1`: the search without the cost of its page's rows.
sed 's/$/\&limit=1/' "$work/words.txt" >"$work/words-one.txt"

# Runs wrk in MODE (search, healthz or me) for SECONDS and keeps its figures in
# NAME.txt. WORDS is the file of search queries, TARGET the server's port.
run_wrk() {
  local mode=$1 duration=$2 name=${3:-$1} words=${4:-$work/words.txt} target=${5:-$port}
  ESTANTE_BENCH_PATH=$mode ESTANTE_BENCH_TOKEN=$BENCH_TOKEN ESTANTE_BENCH_WORDS=$words \
    wrk --threads 2 --connections 32 --duration "${duration}s" --timeout 5s \
    --script "$root/scripts/bench.d/search.lua" "http://127.0.0.1:$target" |
    grep -E '^[a-z_0-9]+=' >"$work/$name.txt"
  if [ "$(sed -n 's/^errors=//p' "$work/$name.txt")" != 0 ]; then
    echo "wrk saw errors on $name:" >&2
    cat "$work/$name.txt" >&2
    exit 1
  fi
}
field() { sed -n "s/^$2=//p" "$work/$1.txt"; }

# A short warm-up fills SQLite's page cache, the connection pool and the list cache.
warm=$(( seconds < 2 ? seconds : 2 ))
run_wrk search "$warm"
run_wrk search "$warm" warm-one "$work/words-one.txt"
run_wrk search "$warm" warm-uncached "$work/words.txt" "$uncached_port"
run_wrk search "$warm" warm-database "$work/words.txt" "$database_port"
# The first search asked for the library to be read into the search index; the
# runs below measure the searches that it serves.
for _ in $(seq 1 600); do
  if curl --silent --noproxy '*' "http://127.0.0.1:$uncached_port/metrics" |
    grep -q '^estante_search_index_builds_total{result="kept"} [1-9]'; then
    break
  fi
  sleep 0.1
done
index_bytes=$(curl --silent --noproxy '*' "http://127.0.0.1:$uncached_port/metrics" |
  sed -n 's/^estante_search_index_bytes //p')
if [ "${index_bytes:-0}" = 0 ]; then
  echo "the search index was not built within a minute" >&2
  exit 1
fi
run_wrk healthz "$seconds"
run_wrk me "$seconds"
run_wrk search "$seconds" search-one "$work/words-one.txt"
run_wrk search "$seconds"
run_wrk search "$seconds" search-uncached "$work/words.txt" "$uncached_port"
run_wrk search "$seconds" search-one-uncached "$work/words-one.txt" "$uncached_port"
run_wrk search "$seconds" search-database "$work/words.txt" "$database_port"
run_wrk search "$seconds" search-one-database "$work/words-one.txt" "$database_port"

# The server's peak resident memory over the runs, from the kernel's high-water mark.
server_peak_kib=$(sed -n 's/^VmHWM:\s*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status")
uncached_peak_kib=$(sed -n 's/^VmHWM:\s*\([0-9]*\) kB/\1/p' "/proc/$uncached_pid/status")
database_peak_kib=$(sed -n 's/^VmHWM:\s*\([0-9]*\) kB/\1/p' "/proc/$database_pid/status")

search_rps=$(field search requests_per_sec)
health_rps=$(field healthz requests_per_sec)
echo
echo "Search over $rows generated books ($BENCH_PROFILE build), $(date -u +%Y-%m-%d), $(nproc) cores, wrk 2 threads, 32 connections, ${seconds} s"
# Prints the table row of the run kept in NAME.txt, with its share of /healthz.
row() {
  local label=$1 name=$2 rps
  rps=$(field "$name" requests_per_sec)
  echo "| $label | $rps | $(python3 -c "print(f'{100 * $rps / $health_rps:.1f}')")% | $(field "$name" p50_ms) | $(field "$name" p99_ms) |"
}
echo "| request | requests/s | share of /healthz | p50 (ms) | p99 (ms) |"
echo "|---|---|---|---|---|"
row "GET /healthz (baseline)" healthz
row "GET /api/v1/me (token lookup only)" me
row "GET /api/v1/books?q=WORD&limit=1, cached" search-one
row "GET /api/v1/books?q=WORD (100 a page), cached" search
row "GET /api/v1/books?q=WORD&limit=1, cache off, search index" search-one-uncached
row "GET /api/v1/books?q=WORD (100 a page), cache off, search index" search-uncached
row "GET /api/v1/books?q=WORD&limit=1, database only" search-one-database
row "GET /api/v1/books?q=WORD (100 a page), database only" search-database
mib() { python3 -c "print(f'{$1 / 1024:.0f}')"; }
echo "peak RSS: $(mib "$server_peak_kib") MiB with the cache and index, $(mib "$uncached_peak_kib") MiB with the index alone, $(mib "$database_peak_kib") MiB with neither; search index $(mib "$index_bytes / 1024") MiB"
uncached_rps=$(field search-uncached requests_per_sec)
database_rps=$(field search-database requests_per_sec)
share() { python3 -c "print(f'{100 * $1 / $health_rps:.0f}')"; }
echo "search keeps $(share "$search_rps")% of the /healthz request rate from the cache, $(share "$uncached_rps")% from the search index, $(share "$database_rps")% from the database"
