#!/usr/bin/env bash
# Installs what slipway needs on a fresh Debian 12 machine and builds it into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
need=(cmake ninja-build g++ libyaml-dev pkg-config nlohmann-json3-dev libcli11-dev libgtest-dev libgmock-dev
      libkainjow-mustache-dev libcurl4-openssl-dev libssl-dev libbenchmark-dev libxxhash-dev libmimalloc-dev zip clang libclang-rt-14-dev)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
# Node.js may come from elsewhere than Debian's packages; install those only when the commands are missing.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The stage benchmarks (tests/perf/stages_bench.cc) are built too: the suite runs them once as a smoke test.
cmake -B build -S . -G Ninja -DCMAKE_BUILD_TYPE=Release -DSLIPWAY_BENCHMARKS=ON >/dev/null
cmake --build build -j"$(nproc)"
