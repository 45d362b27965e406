#!/usr/bin/env bash
# Installs the Debian packages Depot needs to build, run and test, and only
# those that are missing, so a second run costs a few dpkg look-ups.
# Usage: scripts/deps.sh [run|test]   (test adds the test-only tools)
set -euo pipefail

want_run=(
  gcc g++ make cmake pkg-config
  libmicrohttpd-dev libpq-dev libjansson-dev libserialport-dev libzxing-dev
  libssl-dev libargon2-dev libpng-dev libjpeg-dev libcurl4-openssl-dev
  libhpdf-dev libxlsxwriter-dev libsodium-dev
  postgresql-15 postgresql-client-15
  haproxy  # the load balancer of `depot cluster` (issue 25)
)
want_test=(
  libcmocka-dev libcurl4-openssl-dev socat clang-format openssl clang
  poppler-utils poppler-data unzip python3-openpyxl
  chromium fonts-wqy-microhei
)

mode=${1:-run}
pkgs=("${want_run[@]}")
if [ "$mode" = test ]; then
  pkgs+=("${want_test[@]}")
  # Node runs the UI lint and the browser tests: Debian's, unless a node
  # and npm are on the machine already (another package may provide them).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    pkgs+=(nodejs npm)
  fi
fi

# The browser tests drive Debian's chromium (never a downloaded browser)
# with playwright-core, and the OpenAPI test checks the document with
# @seriousme/openapi-schema-validator and the replies with ajv: all pinned in
# tests/e2e/package-lock.json and installed into tests/e2e/node_modules;
# nothing happens when every locked package is there at its version.
e2e_modules() {
  local dir stale
  dir="$(cd "$(dirname "$0")/.." && pwd)/tests/e2e"
  stale=$(DIR="$dir" node -e '
    const dir = process.env.DIR;
    const lock = require(dir + "/package-lock.json");
    for (const [p, v] of Object.entries(lock.packages)) {
      if (!p.startsWith("node_modules/")) continue;
      let have = "";
      try { have = require(dir + "/" + p + "/package.json").version; } catch (e) {}
      if (have !== v.version) { console.log(p); break; }
    }')
  if [ -n "$stale" ]; then
    echo "deps: installing tests/e2e/package-lock.json into tests/e2e/node_modules ($stale)"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  if [ "$mode" = test ]; then
    e2e_modules
  fi
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
# A fresh machine's unattended upgrades (or a second make) may hold dpkg's
# lock for a while: wait for it rather than fail.
apt_wait=(-o DPkg::Lock::Timeout=600)
apt-get "${apt_wait[@]}" update -qq
apt-get "${apt_wait[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if [ "$mode" = test ]; then
  e2e_modules
fi
echo "deps: done"
