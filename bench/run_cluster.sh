#!/usr/bin/env bash
# make bench CLUSTER=1 (issue 25 item 6): `depot cluster up` on a throwaway
# data dir (primary, streaming replica, two nodes, HAProxy), plus one more
# `depot serve` on the primary without a replica (the "primary" side of the
# read figures); then depot_bench --cluster-dir measures scans through
# HAProxy with one node and two, and reads from the replica and the
# primary, and writes latest.json's "cluster" object (bench/bench_cluster.c,
# docs/performance.md).
# Usage: bench/run_cluster.sh BUILD_DIR [quick|full]
set -euo pipefail

build=${1:-build}
mode=${2:-full}
root=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build="$root/$build" ;; esac
depot="$build/depot"
tool="$build/bench/depot_bench"
for f in "$depot" "$tool"; do
  if [ ! -x "$f" ]; then
    echo "bench: $f is missing (make bench builds it)" >&2
    exit 1
  fi
done
if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
  echo "bench: haproxy is not installed (scripts/deps.sh)" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/dbclu.XXXXXX)
chmod 755 "$tmp"
direct_pid=
cleanup() {
  if [ -n "$direct_pid" ]; then
    kill -TERM "$direct_pid" 2>/dev/null || true
    wait "$direct_pid" 2>/dev/null || true
  fi
  DEPOT_DATA_DIR="$tmp" "$depot" cluster down >/dev/null 2>&1 || true
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    echo "bench: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export DEPOT_DATA_DIR="$tmp"
export DEPOT_LOG_LEVEL=warn
unset DEPOT_DATABASE_URL DEPOT_REPLICA_URL DEPOT_SYNC_REPLICA

# HAProxy on PORT, the nodes on PORT+1 and +2, the direct server on +3.
port=
for _ in $(seq 1 50); do
  p=$((20000 + RANDOM % 30000))
  if ! (ss -ltn 2>/dev/null | grep -Eq ":($p|$((p + 1))|$((p + 2))|$((p + 3))) "); then
    port=$p
    break
  fi
done
if [ -z "$port" ]; then
  echo "bench: no four free ports in a row" >&2
  exit 1
fi

echo "bench: cluster in $tmp, HAProxy on 127.0.0.1:$port" >&2
admin_pw=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$admin_pw" |
  "$depot" user add --username bench-admin --role admin --password-stdin \
    >/dev/null
"$depot" cluster up --port "$port" >&2
status=$("$depot" cluster status || true)
both=$(printf '%s\n' "$status" | sed -n "s/^nodes' DEPOT_DATABASE_URL: //p")
replica=$(printf '%s\n' "$status" | sed -n "s/^nodes' DEPOT_REPLICA_URL: //p")
if [ -z "$both" ] || [ -z "$replica" ]; then
  echo "bench: cannot read the cluster's connection strings:" >&2
  printf '%s\n' "$status" >&2
  exit 1
fi
primary=$(printf '%s\n' "$replica" | sed 's/port=5433/port=5432/')

DEPOT_DATABASE_URL="$both" DEPOT_LISTEN="127.0.0.1:$((port + 3))" \
  DEPOT_NODE_ID=bench-direct "$depot" serve >"$tmp/direct.out" 2>"$tmp/direct.err" &
direct_pid=$!
for _ in $(seq 1 600); do
  if grep -q 'serving http' "$tmp/direct.out"; then
    break
  fi
  if ! kill -0 "$direct_pid" 2>/dev/null; then
    echo "bench: the direct depot serve exited:" >&2
    cat "$tmp/direct.err" >&2
    exit 1
  fi
  sleep 0.1
done

quick_flag=
if [ "$mode" = quick ]; then
  quick_flag=--quick
fi
mkdir -p "$root/bench/results"
printf '%s\n' "$admin_pw" | "$tool" $quick_flag \
  --port "$port" --server-pid "$(cat "$tmp/cluster/node-1.pid")" \
  --depot "$depot" --database-url "$primary" \
  --admin bench-admin --out "$root/bench/results/latest.json" \
  --work-dir "$tmp" --cluster-dir "$tmp/cluster" \
  --direct-port "$((port + 3))" --replica-url "$replica"
