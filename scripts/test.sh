#!/usr/bin/env bash
# The whole test suite: installs and builds, then runs the unit tests and the validator scripts over the
# generated output of every spec, first on the Release build, then again on a build instrumented with
# AddressSanitizer and UndefinedBehaviorSanitizer, which also runs the fuzz targets for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
(cd tests/oracle && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
(cd build && ctest --output-on-failure -j"$(nproc)")
tests/sanitize/run.sh
