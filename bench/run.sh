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
hello="$build/bench/depot_bench_hello"
for f in "$depot" "$tool" "$hello"; do
  if [ ! -x "$f" ]; then
    echo "bench: $f is missing (make bench builds it)" >&2
    exit 1
  fi
done

# A short path: the cluster's unix socket lives inside it.
tmp=$(mktemp -d /tmp/dbench.XXXXXX)
chmod 755 "$tmp"
server_pid=
hello_pid=
cleanup() {
  for pid in $server_pid $hello_pid; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
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
# The bare libmicrohttpd "hello" with depot serve's thread model and
# limits (bench/bench_hello.c), for the auth/me figure.
DEPOT_HTTP_PER_IP=5000 "$hello" >"$tmp/hello.out" 2>"$tmp/hello.err" &
hello_pid=$!

# Waits for "<name>: serving http://127.0.0.1:PORT/" in FILE from PID;
# prints PORT.
wait_port() {
  local name=$1 file=$2 pid=$3 p=
  for _ in $(seq 1 600); do
    p=$(sed -n 's|.*serving http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$file" |
      head -n1)
    if [ -n "$p" ]; then
      echo "$p"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "bench: $name exited:" >&2
      cat "${file%.out}.err" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "bench: $name did not start" >&2
  return 1
}
port=$(wait_port "depot serve" "$tmp/serve.out" "$server_pid")
hello_port=$(wait_port depot_bench_hello "$tmp/hello.out" "$hello_pid")
echo "bench: depot serve pid $server_pid on 127.0.0.1:$port," \
  "hello pid $hello_pid on 127.0.0.1:$hello_port" >&2

quick_flag=
if [ "$mode" = quick ]; then
  quick_flag=--quick
fi
mkdir -p "$root/bench/results"
printf '%s\n' "$admin_pw" | "$tool" $quick_flag \
  --port "$port" --server-pid "$server_pid" --depot "$depot" \
  --hello-port "$hello_port" --hello-pid "$hello_pid" \
  --database-url "host=$sock port=5432 dbname=depot user=depot" \
  --admin bench-admin --out "$root/bench/results/latest.json" \
  --work-dir "$tmp"
