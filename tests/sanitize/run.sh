#!/usr/bin/env bash
# The instrumented pass of the test suite. Builds slipway, its unit tests and the libFuzzer targets with
# clang, AddressSanitizer and UndefinedBehaviorSanitizer in build-asan (-O1, line tables for the reports),
# then runs the whole ctest suite there: the unit tests, every oracle script against the instrumented
# binary, and the bounded fuzzing run (tests/oracle/fuzz.test.sh). Any sanitizer report aborts the process
# (-fno-sanitize-recover=all, halt_on_error), so it fails the test that hit it; leaks are reported too.
#   tests/sanitize/run.sh [--build-only | --test-only] [extra ctest args]
set -euo pipefail
cd "$(dirname "$0")/../.."
step=all
case "${1:-}" in
  --build-only) step=build; shift ;;
  --test-only) step=test; shift ;;
esac
if [ $step != test ]; then
  cmake -B build-asan -S . -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DSLIPWAY_SANITIZE=ON >/dev/null
  cmake --build build-asan -j"$(nproc)"
fi
[ $step = build ] && exit 0
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd build-asan
ctest --output-on-failure -j"$(nproc)" "$@"
