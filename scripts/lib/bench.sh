# Helpers shared by the benchmarks in scripts/bench.d. Sourced with `root` set to
# the checkout and BENCH_PROFILE set to `release` or `dev`.

bench_now() { date +%s.%N; }

# Prints the seconds between two bench_now readings, to the millisecond.
bench_elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }

# Prints A / B to one decimal.
bench_ratio() { python3 -c "print(f'{$1 / $2:.1f}')"; }

# Builds the workspace's binaries and examples with the bench profile and sets
# BENCH_BIN to the folder that contains them. Every benchmark builds the same set: the
# dev profile builds every target, the set `cargo test --workspace` has just built
# with the same features, so the test command's smoke runs rebuild nothing.
bench_build() {
  local target=${CARGO_TARGET_DIR:-$root/target}
  if [ "$BENCH_PROFILE" = release ]; then
    # One selection for every benchmark: a narrower `-p` list unifies features
    # differently and rebuilds the AWS SDK crates in release for each benchmark.
    cargo build --release --locked --workspace --bins --examples
    BENCH_BIN=$target/release
  else
    cargo build --locked --workspace --all-targets
    BENCH_BIN=$target/debug
  fi
}

# Installs a Debian package when its command is missing and this is root, else
# prints how to install it.
bench_require() {
  local command=$1 package=$2
  command -v "$command" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  else
    echo "$command is missing; install it with: sudo apt-get install -y $package" >&2
    return 1
  fi
}

bench_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to 10 s for an HTTP URL on 127.0.0.1 to return 200.
bench_wait_http() {
  local url=$1 attempt
  for attempt in $(seq 1 100); do
    if curl --silent --fail --max-time 1 --noproxy '*' "$url" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  echo "$url did not respond within 10 s" >&2
  return 1
}

# Generates ROWS Goodreads rows with seed 42 into DIR/books.csv and imports them
# into a new SQLite file DIR/estante.db for a new user USER (default `bench`).
# Sets BENCH_TOKEN to that user's bearer token. Needs BENCH_BIN.
bench_library() {
  local dir=$1 rows=$2 user=${3:-bench}
  "$BENCH_BIN/gen-goodreads" "$rows" 42 >"$dir/books.csv"
  BENCH_TOKEN=$("$BENCH_BIN/estante-server" --database "sqlite://$dir/estante.db" \
    --blob-store "$dir/blobs" user add "$user" 2>/dev/null | tail -1)
  "$BENCH_BIN/estante-server" --database "sqlite://$dir/estante.db" --blob-store "$dir/blobs" \
    import --user "$user" "$dir/books.csv" >/dev/null
}
