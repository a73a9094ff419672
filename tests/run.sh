#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the browser tests need (Chromium, zbarimg; apt, once),
# starts what the tests need (PostgreSQL, Azurite), builds, checks the code style, runs every test, prints
# "N passed, N failed", and stops what it started. Exit code is non-zero if anything failed.
# Ports: NGUON_PG_PORT (default 55432), NGUON_AZURITE_PORT (default 10000).
set -euo pipefail
cd "$(dirname "$0")/.."

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
# Tests that report figures (the cluster fault test) write them here; they are printed after the run.
export NGUON_TEST_RESULTS="$PWD/$results"

echo "== browser test prerequisites" >&2
tests/browser-deps.sh

stop_services() {
  tests/azurite.sh stop >/dev/null 2>&1 || true
  tests/postgres.sh stop >/dev/null 2>&1 || true
}
trap stop_services EXIT

echo "== starting PostgreSQL" >&2
NGUON_TEST_POSTGRES="$(tests/postgres.sh start | tail -n 1)"
export NGUON_TEST_POSTGRES

echo "== starting Azurite (blob storage emulator)" >&2
NGUON_TEST_AZURITE="$(tests/azurite.sh start | tail -n 1)"
export NGUON_TEST_AZURITE

echo "== building" >&2
dotnet build Nguon.slnx -c Release -nologo -v quiet

# Style kept by tools (.editorconfig): whitespace, code style and analyzers, as `dotnet format` sees them (about
# 1.5 min on a quiet 2-core machine). Product lines stay within 140 characters (the .editorconfig's
# max_line_length, which no formatter enforces).
echo "== checking the code style (dotnet format --verify-no-changes)" >&2
format_failed=0
dotnet format Nguon.slnx --verify-no-changes --no-restore -v q || format_failed=1
# Characters, not bytes (mawk's length counts the bytes of Vietnamese and Japanese text).
long_lines=$(git ls-files 'silo/*.cs' 'grains/*.cs' 'grain-interfaces/*.cs' 'client/*.cs' \
  | xargs perl -CSD -ne 'chomp; print "$ARGV:$.\n" if length > 140; close ARGV if eof')
if [[ -n "$long_lines" ]]; then
  echo "$long_lines" | sed 's/$/: line longer than 140 characters/' >&2
  format_failed=1
fi
if (( format_failed )); then
  echo "FAILED: the code style check (run \`dotnet format Nguon.slnx\` to fix formatting; shorten the lines listed)" >&2
  exit 1
fi

echo "== testing" >&2
status=0
dotnet test tests/Nguon.Tests -c Release --no-build -nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" || status=$?

for summary in "$results"/*.txt; do
  if [[ -f "$summary" ]]; then cat "$summary"; fi
done

trx="$results/results.trx"
if [[ -f "$trx" ]]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total=$(count total); passed=$(count passed); failed=$(count failed)
  skipped=$(( total - passed - failed ))
  echo "${passed} passed, ${failed} failed, ${skipped} skipped"
  # A skipped test hides a gap: the suite counts it as a failure.
  if (( skipped > 0 )); then status=1; fi
else
  echo "0 passed, 1 failed (no test results were written)"
  status=1
fi
exit "$status"
