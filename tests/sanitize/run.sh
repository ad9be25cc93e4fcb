#!/usr/bin/env bash
# Builds slipway and its unit tests with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan and runs
# the whole ctest suite there (unit tests and oracle scripts run against the instrumented binary).
# Any sanitizer report aborts the process (-fno-sanitize-recover=all), so it fails the test that hit it.
#   tests/sanitize/run.sh [extra ctest args]
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake -B build-asan -S . -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSLIPWAY_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$(nproc)" --target slipway slipway_tests
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd build-asan
ctest --output-on-failure -j"$(nproc)" -E 'oracle_(fuzz|perf_smoke)' "$@"
