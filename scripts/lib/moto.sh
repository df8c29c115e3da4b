# Starts a moto server (an AWS emulator) on 127.0.0.1 for the estante-ops tests,
# and stops it. Sourced by scripts/test. Sets ESTANTE_TEST_MOTO_URL, fake static
# credentials and AWS_EC2_METADATA_DISABLED, so no test can reach real AWS or the
# instance metadata service; `moto_stop` stops the server.

# Prints the virtualenv that runs moto, creating it and installing moto[server]
# into it when moto.server is not importable there. The venv includes the
# system site-packages, so a machine-wide moto is used without a download.
moto_venv() {
  local venv="${CARGO_TARGET_DIR:-${root:-$PWD}/target}/moto-venv"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv --system-site-packages "$venv" >&2
  fi
  if ! "$venv/bin/python" -c 'import moto.server' >/dev/null 2>&1; then
    echo "Installing moto[server] into $venv..." >&2
    "$venv/bin/pip" install --quiet 'moto[server]' >&2
  fi
  echo "$venv"
}

moto_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

moto_start() {
  local venv port
  venv=$(moto_venv)
  port=$(moto_free_port)
  MOTO_LOG=$(mktemp /tmp/estante-moto.XXXXXX.log)

  # Default AMIs are off: loading them costs seconds per region and the tests
  # register their own.
  # moto_server.py adds the one SSM operation moto lacks that restores need.
  MOTO_EC2_LOAD_DEFAULT_AMIS=false "$venv/bin/python" \
    "$(dirname "${BASH_SOURCE[0]}")/moto_server.py" \
    -H 127.0.0.1 -p "$port" >"$MOTO_LOG" 2>&1 &
  MOTO_PID=$!

  local url="http://127.0.0.1:$port"
  local attempt ready=false
  for attempt in $(seq 1 100); do
    if curl --silent --fail --max-time 1 --noproxy '*' "$url/moto-api/" >/dev/null 2>&1; then
      ready=true
      break
    fi
    if ! kill -0 "$MOTO_PID" 2>/dev/null; then
      echo "moto server exited during start-up; its log follows:" >&2
      cat "$MOTO_LOG" >&2
      return 1
    fi
    sleep 0.1
  done

  if [ "$ready" != true ]; then
    echo "moto server did not respond on $url within 10 s; its log is $MOTO_LOG" >&2
    return 1
  fi

  export ESTANTE_TEST_MOTO_URL="$url"
  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing
  export AWS_EC2_METADATA_DISABLED=true
  echo "moto $("$venv/bin/python" -c 'import moto; print(moto.__version__)') is running on $url"
}

moto_stop() {
  if [ -n "${MOTO_PID:-}" ]; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
    MOTO_PID=
  fi
  if [ -n "${MOTO_LOG:-}" ]; then
    rm -f "$MOTO_LOG"
  fi
}
