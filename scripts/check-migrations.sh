#!/usr/bin/env bash
# Migrations are append-only: a migration that has landed never changes.
# sql/migrations/CHECKSUMS lists the sha256 of every landed migration; this
# fails (label lint, test lint_migrations) when a listed file's text differs
# or it is gone, and when a migration is not listed yet.
# Usage: scripts/check-migrations.sh [--add]
#   --add  appends the migrations not listed yet (do it when one lands);
#          it never changes a listed line.
set -euo pipefail
cd "$(dirname "$0")/../sql/migrations"
list=CHECKSUMS
declare -A want
while read -r sum name; do
  case "$sum" in '' | '#'*) continue ;; esac
  want[$name]=$sum
done <"$list"
if [ "${1:-}" = --add ]; then
  for f in *.sql; do
    [ -n "${want[$f]:-}" ] || sha256sum "$f" >>"$list"
  done
  exit 0
fi
bad=0
for name in $(printf '%s\n' "${!want[@]}" | sort); do
  if [ ! -f "$name" ]; then
    echo "migrations: sql/migrations/$name is listed in sql/migrations/CHECKSUMS but gone: migrations never change once landed"
    bad=1
  elif [ "$(sha256sum "$name" | cut -d' ' -f1)" != "${want[$name]}" ]; then
    echo "migrations: sql/migrations/$name changed after it landed (sha256 in sql/migrations/CHECKSUMS): migrations never change once landed; undo the edit and add a new migration instead"
    bad=1
  fi
done
for f in *.sql; do
  if [ -z "${want[$f]:-}" ]; then
    echo "migrations: sql/migrations/$f is not in sql/migrations/CHECKSUMS: when a migration lands, list it (scripts/check-migrations.sh --add)"
    bad=1
  fi
done
exit $bad
