#!/usr/bin/env bash
# The benchmark of issue #10: a throwaway PostgreSQL cluster and a
# `depot serve` of its own (never the developer's var/), then the load
# generator (bench/bench_main.c) drives every phase and writes the JSON.
# Usage: bench/run.sh BUILD_DIR [quick|full] [cluster]
set -euo pipefail

build=${1:-build}
mode=${2:-full}
root=$(cd "$(dirname "$0")/.." && pwd)
# make bench CLUSTER=1: the cluster's figures (bench/run_cluster.sh).
if [ "${3:-}" = cluster ]; then
  exec "$root/bench/run_cluster.sh" "$build" "$mode"
fi
case "$build" in /*) ;; *) build="$root/$build" ;; esac
depot="$build/depot"
tool="$build/bench/depot_bench"
for f in "$depot" "$tool"; do
  if [ ! -x "$f" ]; then
    echo "bench: $f is missing (make bench builds it)" >&2
    exit 1
  fi
done

# A short path: the cluster's unix socket lives inside it.
tmp=$(mktemp -d /tmp/dbench.XXXXXX)
chmod 755 "$tmp"
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  DEPOT_DATA_DIR="$tmp" "$depot" db stop >/dev/null 2>&1 || true
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
unset DEPOT_DATABASE_URL

echo "bench: cluster in $tmp" >&2
# The socket's directory as depot says it (a state dir if the cluster's
# user could not reach $tmp).
sock=$("$depot" db start | sed -n 's/.*socket in \(.*\))$/\1/p')
"$depot" migrate >/dev/null

admin_pw=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$admin_pw" |
  "$depot" user add --username bench-admin --role admin --password-stdin \
    >/dev/null

# The memory phase holds 2,000 connections from this one address; the
# flood limit per address (1,000 by default) would refuse half of them.
DEPOT_HTTP_PER_IP=5000 DEPOT_LISTEN=127.0.0.1:0 "$depot" serve >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!
port=
for _ in $(seq 1 600); do
  port=$(sed -n 's|.*serving http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' \
    "$tmp/serve.out" | head -n1)
  if [ -n "$port" ]; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "bench: depot serve exited:" >&2
    cat "$tmp/serve.err" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "bench: depot serve did not start" >&2
  exit 1
fi
echo "bench: depot serve pid $server_pid on 127.0.0.1:$port" >&2

quick_flag=
if [ "$mode" = quick ]; then
  quick_flag=--quick
fi
mkdir -p "$root/bench/results"
printf '%s\n' "$admin_pw" | "$tool" $quick_flag \
  --port "$port" --server-pid "$server_pid" --depot "$depot" \
  --database-url "host=$sock port=5432 dbname=depot user=depot" \
  --admin bench-admin --out "$root/bench/results/latest.json" \
  --work-dir "$tmp"
