# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the tests, and stops it.
# Sourced by scripts/test. Sets ESTANTE_TEST_DATABASE_URL; `postgres_stop` removes
# the cluster.

postgres_bin_dir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && latest=$dir
  done
  if [ -n "${latest:-}" ]; then
    echo "$latest"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

postgres_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL server binaries (initdb, pg_ctl) are missing." >&2
    echo "Install them with: sudo apt-get install -y postgresql" >&2
    return 1
  fi
  echo "Installing the PostgreSQL server from Debian's packages..."
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Runs a PostgreSQL command as the user that owns the cluster. initdb refuses to run
# as root, so root runs it as the `postgres` system user.
as_cluster_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

postgres_start() {
  local bin
  bin=$(postgres_bin_dir)
  if [ -z "$bin" ]; then
    postgres_install
    bin=$(postgres_bin_dir)
  fi
  PG_DIR=$(mktemp -d /tmp/estante-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_DIR"
  fi
  local port
  port=$(free_port)
  as_cluster_owner "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 \
    --no-locale >"$PG_DIR/initdb.log" 2>&1 || {
    cat "$PG_DIR/initdb.log" >&2
    return 1
  }
  # fsync is off because the cluster is thrown away; it makes the suite faster.
  as_cluster_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c max_connections=300" \
    start >/dev/null || {
    cat "$PG_DIR/server.log" >&2
    return 1
  }
  PG_BIN=$bin
  export ESTANTE_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') is running on 127.0.0.1:$port"
}

postgres_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    as_cluster_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
