#!/usr/bin/env bash
# The whole test suite: builds, runs the unit tests, checks that out/ is fresh, and runs the external
# validators over the generated output.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
(cd build && ctest --output-on-failure -j"$(nproc)")
