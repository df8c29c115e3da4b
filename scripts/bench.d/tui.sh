#!/usr/bin/env bash
# Measures the terminal app's Library screen over a generated library of ROWS books.
# It reports filter keystroke to the first frame after the key and to the frame with
# the final matches (p50 and p99, beside the 16.7 ms of one frame at 60 Hz). The two
# differ for keystrokes whose match ran on worker threads. It also reports start to first frame and to the whole list
# loaded, and the peak resident memory of the app with its embedded server. The harness,
# tui/examples/library_bench.rs, is the app's own run loop with ratatui's
# TestBackend in place of the terminal.
#
# Usage: scripts/bench tui [ROWS]        (default 100000)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source scripts/lib/bench.sh

rows=${1:-100000}
BENCH_PROFILE=${ESTANTE_BENCH_PROFILE:-release}
bench_build
bench_require /usr/bin/time time

work=$(mktemp -d /tmp/estante-bench-tui.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data" "$work/config"
# The embedded server serves the `local` user, so the books are imported for it.
bench_library "$work/data" "$rows" local

run_harness() {
  /usr/bin/time -v -o "$work/time.txt" "$BENCH_BIN/examples/library_bench" \
    --data-dir "$work/data" --config-dir "$work/config" "$@" >"$work/figures.txt"
}
# The first run warms the operating system's file cache, as a second start would.
run_harness --queries 2
run_harness
field() { sed -n "s/^$1=//p" "$work/figures.txt"; }
peak_kib=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$work/time.txt")
peak_mib=$(python3 -c "print(f'{$peak_kib / 1024:.1f}')")

echo
echo "Library screen over $(field books) generated books ($BENCH_PROFILE build), $(date -u +%Y-%m-%d), $(nproc) cores, TestBackend $(field terminal)"
echo "| figure | value | baseline or target |"
echo "|---|---|---|"
echo "| filter keystroke to frame, p50 (ms) | $(field keystroke_p50_ms) | one frame at 60 Hz: 16.7 |"
echo "| filter keystroke to frame, p99 (ms) | $(field keystroke_p99_ms) | target 8 |"
echo "| filter keystroke to frame, max (ms) | $(field keystroke_max_ms) | |"
echo "| filter keystroke to final matches, p50 (ms) | $(field matched_p50_ms) | |"
echo "| filter keystroke to final matches, p99 (ms) | $(field matched_p99_ms) | |"
echo "| filter keystroke to final matches, max (ms) | $(field matched_max_ms) | |"
echo "| first keystroke of a filter, p50 (ms) | $(field first_keystroke_p50_ms) | |"
echo "| first keystroke of a filter, max (ms) | $(field first_keystroke_max_ms) | |"
echo "| Esc clearing the filter, max (ms) | $(field clear_max_ms) | |"
echo "| start to first frame (ms) | $(field first_frame_ms) | |"
echo "| start to first frame with rows (ms) | $(field first_rows_ms) | target 300 |"
echo "| start to whole list loaded (ms) | $(field loaded_ms) | |"
echo "| peak RSS, app and embedded server (MiB) | $peak_mib | target 150 |"
echo "$(field keystrokes) keystrokes, $(field filter_jobs) of them matched on worker threads, over the filters: $(field queries)"
