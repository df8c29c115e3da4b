#!/usr/bin/env bash
# Measures the Ops tab's three fleet listings, instances, alarms and snapshots, on a
# moto server seeded with INSTANCES instances, 50 alarms and 50 snapshots. The
# baseline is the aws CLI making the same three listings against the same server in
# the same run, concurrently as well. estante also builds the snapshot report from
# the instances' block device mappings. It reads the instance status checks and SSM
# agent state after the instance pages, and the time until those are joined is
# printed on its own row. The volume listing of the Snapshots & volumes view is not
# part of connecting, so it is timed alone.
#
# Usage: scripts/bench fleet [INSTANCES]        (default 5000)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source scripts/lib/bench.sh
source scripts/lib/moto.sh

instances=${1:-5000}
alarms=50
snapshots=50
region=eu-west-1
[ "$instances" -lt "$alarms" ] && alarms=$instances && snapshots=$instances
BENCH_PROFILE=${ESTANTE_BENCH_PROFILE:-release}
bench_build

work=$(mktemp -d /tmp/estante-bench-fleet.XXXXXX)
trap 'if [ -n "${proxy_pid:-}" ]; then kill "$proxy_pid" 2>/dev/null || true; fi; moto_stop; rm -rf "$work"' EXIT
moto_start >/dev/null
venv=$(moto_venv)
# The CLI is awscli from PyPI, in the venv that runs moto. `python -m awscli` works
# whether pip put it in the venv or found it among the system's packages.
if ! "$venv/bin/python" -c 'import awscli' >/dev/null 2>&1; then
  echo "Installing awscli into $venv..." >&2
  "$venv/bin/pip" install --quiet awscli >&2
fi
"$venv/bin/python" "$root/scripts/bench.d/fleet_seed.py" "$ESTANTE_TEST_MOTO_URL" \
  "$instances" "$alarms" "$snapshots" "$region"

export AWS_DEFAULT_REGION=$region AWS_PAGER=""
aws_cli() { "$venv/bin/python" -m awscli --endpoint-url "$ESTANTE_TEST_MOTO_URL" --output json "$@"; }
account=$(aws_cli sts get-caller-identity --query Account --output text)

# Runs the three CLI listings at once. The CLI follows every page itself and prints
# the merged result. The function waits for its own three processes by id, because
# moto is a child of this shell too.
cli_listings() {
  local pids=()
  aws_cli ec2 describe-instances >"$work/cli-instances.json" &
  pids+=($!)
  aws_cli cloudwatch describe-alarms >"$work/cli-alarms.json" &
  pids+=($!)
  aws_cli ec2 describe-snapshots --filters "Name=owner-id,Values=$account" \
    >"$work/cli-snapshots.json" &
  pids+=($!)
  wait "${pids[@]}"
}
start=$(bench_now)
cli_listings
cli_ms=$(python3 -c "print(f'{($(bench_now) - $start) * 1000:.0f}')")
python3 - "$work" "$instances" "$alarms" "$snapshots" <<'PY'
import json, sys
work, instances, alarms, snapshots = sys.argv[1], *map(int, sys.argv[2:])
rows = sum(len(r["Instances"]) for r in json.load(open(f"{work}/cli-instances.json"))["Reservations"])
assert rows == instances, f"the CLI listed {rows} instances, expected {instances}"
rows = len(json.load(open(f"{work}/cli-alarms.json"))["MetricAlarms"])
assert rows == alarms, f"the CLI listed {rows} alarms, expected {alarms}"
rows = len(json.load(open(f"{work}/cli-snapshots.json"))["Snapshots"])
assert rows == snapshots, f"the CLI listed {rows} snapshots, expected {snapshots}"
PY

# moto's own time for the first page that estante requests (5 reservations), through
# botocore, which the CLI is built on. First rows cannot appear sooner than this.
first_page_ms=$("$venv/bin/python" - "$ESTANTE_TEST_MOTO_URL" "$region" <<'PY'
import statistics, sys, time
import boto3
url, region = sys.argv[1:3]
ec2 = boto3.Session(
    aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region
).client("ec2", endpoint_url=url)
ec2.describe_regions()
times = []
for _ in range(3):
    start = time.perf_counter()
    ec2.describe_instances(MaxResults=5)
    times.append((time.perf_counter() - start) * 1000)
print(f"{statistics.median(times):.0f}")
PY
)

"$BENCH_BIN/examples/fleet_bench" "$ESTANTE_TEST_MOTO_URL" "$region" >"$work/figures.txt"
field() { sed -n "s/^$1=//p" "$work/figures.txt"; }
for name in instances alarms snapshots; do
  expected=${!name}
  if [ "$(field "$name")" != "$expected" ]; then
    echo "estante listed $(field "$name") $name, expected $expected" >&2
    exit 1
  fi
done
# Each seeded snapshot is of a volume attached to its own instance, so the report
# must find the instance of every snapshot and flag all the other instances.
if [ "$(field snapshots_with_instance)" != "$snapshots" ]; then
  echo "the report found the instance of $(field snapshots_with_instance) snapshots, expected $snapshots" >&2
  exit 1
fi
if [ "$(field stale_instances)" != "$((instances - snapshots))" ]; then
  echo "the report flagged $(field stale_instances) instances, expected $((instances - snapshots))" >&2
  exit 1
fi

# Client cost: the same listings against a proxy that first records moto's responses,
# then serves them again at once, so moto's serving time drops out of both sides.
recording="$work/recording.jsonl"
moto_url=$ESTANTE_TEST_MOTO_URL
# Starts replay_proxy.py with the given mode and arguments on a free port, and sets
# proxy_pid and proxy_url once it accepts connections.
start_proxy() {
  local mode=$1 port
  shift
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 "$root/scripts/bench.d/replay_proxy.py" "$mode" "$port" "$@" 2>"$work/proxy.log" &
  proxy_pid=$!
  proxy_url="http://127.0.0.1:$port"
  python3 - "$port" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit("the replay proxy did not start")
PY
}
stop_proxy() {
  kill "$proxy_pid"
  wait "$proxy_pid" 2>/dev/null || true
}
start_proxy record "$moto_url" "$recording"
ESTANTE_TEST_MOTO_URL=$proxy_url
cli_listings
"$BENCH_BIN/examples/fleet_bench" "$proxy_url" "$region" >/dev/null
stop_proxy

start_proxy replay "$recording"
ESTANTE_TEST_MOTO_URL=$proxy_url
start=$(bench_now)
cli_listings
replay_cli_ms=$(python3 -c "print(f'{($(bench_now) - $start) * 1000:.0f}')")
"$BENCH_BIN/examples/fleet_bench" "$proxy_url" "$region" >"$work/replay.txt"
stop_proxy
ESTANTE_TEST_MOTO_URL=$moto_url
if grep -q 'no recording' "$work/proxy.log"; then
  echo "the replay missed requests that were not recorded:" >&2
  cat "$work/proxy.log" >&2
  exit 1
fi
replay_ms=$(sed -n 's/^concurrent_ms=//p' "$work/replay.txt")

echo
echo "Fleet listings on moto, $instances instances, $alarms alarms, $snapshots snapshots ($BENCH_PROFILE build), $(date -u +%Y-%m-%d), $(nproc) cores"
echo "| listing | estante (ms) | aws CLI (ms) | ratio |"
echo "|---|---|---|---|"
echo "| all three with the snapshot report, concurrently | $(field concurrent_ms) | $cli_ms | $(bench_ratio "$(field concurrent_ms)" "$cli_ms")x |"
echo "| first instance rows, in the concurrent run | $(field concurrent_instances_first_page_ms) | | |"
echo "| first page alone, 5 reservations, served by moto to botocore (median of 3) | | $first_page_ms | |"
echo "| instances done, in the concurrent run | $(field concurrent_instances_done_ms) | | |"
echo "| alarms done, in the concurrent run | $(field concurrent_alarms_done_ms) | | |"
echo "| snapshots done, in the concurrent run | $(field concurrent_snapshots_done_ms) | | |"
echo "| snapshot report built, in the concurrent run | $(field concurrent_report_done_ms) | | |"
echo "| status checks and SSM state joined, after the listings | $(field concurrent_health_done_ms) | | |"
echo "| instances alone | $(field instances_ms) | | |"
echo "| status checks and SSM state alone | $(field health_ms) | | |"
echo "| alarms alone | $(field alarms_ms) | | |"
echo "| snapshots and report alone | $(field snapshots_ms) | | |"
echo "| volumes alone, when the Snapshots & volumes view opens | $(field volumes_ms) | | |"
echo "| all three, concurrently, replayed (client cost) | $replay_ms | $replay_cli_ms | $(python3 -c "print(f'{$replay_ms / $replay_cli_ms:.2f}')")x |"
echo "| first instance rows, replayed (client cost) | $(sed -n 's/^concurrent_instances_first_page_ms=//p' "$work/replay.txt") | | |"
grep '_partial=' "$work/figures.txt" | sed 's/^/incomplete listing: /' || true
grep '_failed=' "$work/figures.txt" | sed 's/^/failed listing: /' || true
