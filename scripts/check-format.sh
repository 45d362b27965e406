#!/usr/bin/env bash
# Fails (and lists the files) when any C source differs from .clang-format.
# Usage: scripts/check-format.sh [clang-format] [--fix]
set -euo pipefail
cf=${1:-clang-format}
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.c' '*.h' '*.cc' | grep -v '^build')
if [ "${2:-}" = --fix ]; then
  "$cf" -i "${files[@]}"
  exit 0
fi
bad=0
for f in "${files[@]}"; do
  if ! "$cf" --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "format: $f differs from .clang-format (fix: scripts/check-format.sh clang-format --fix)"
    bad=1
  fi
done
exit $bad
