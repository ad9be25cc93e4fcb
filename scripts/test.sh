#!/usr/bin/env bash
# The whole test suite: installs and builds, then runs the unit tests and the validator scripts over the
# generated output of every spec, first on the Release build, then again on a build instrumented with
# AddressSanitizer and UndefinedBehaviorSanitizer, which also runs the fuzz targets for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
(cd tests/oracle && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# The instrumented tree compiles while the Release suite runs, which leaves a core idle much of the time.
log="$(mktemp)"
tests/sanitize/run.sh --build-only >"$log" 2>&1 &
asan_build=$!
trap 'kill "$asan_build" 2>/dev/null || true; rm -f "$log"' EXIT
status=0
(cd build && ctest --output-on-failure -j"$(nproc)") || status=$?
if ! wait "$asan_build"; then
  tail -50 "$log"
  echo "test.sh: the instrumented build failed"
  exit 1
fi
[ $status -eq 0 ] || exit $status
tests/sanitize/run.sh --test-only
