#!/usr/bin/env bash
# Installs the Debian packages Depot needs to build, run and test, and only
# those that are missing, so a second run costs a few dpkg look-ups.
# Usage: scripts/deps.sh [run|test]   (test adds the test-only tools)
set -euo pipefail

want_run=(
  gcc g++ make cmake pkg-config
  libmicrohttpd-dev libpq-dev libjansson-dev libserialport-dev libzxing-dev
  libssl-dev libargon2-dev libpng-dev libjpeg-dev libcurl4-openssl-dev
  libhpdf-dev
  postgresql-15 postgresql-client-15
)
want_test=(
  libcmocka-dev libcurl4-openssl-dev socat clang-format openssl clang
  poppler-utils poppler-data
)

mode=${1:-run}
pkgs=("${want_run[@]}")
if [ "$mode" = test ]; then
  pkgs+=("${want_test[@]}")
fi

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing packages: ${missing[*]}" >&2
  echo "deps: run as root (or install them) and try again" >&2
  exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# The Debian postgresql packages start a system cluster on port 5432 when
# installed; Depot runs its own cluster, so keep the packages from creating one.
mkdir -p /etc/postgresql-common/createcluster.d
echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/depot.conf
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
