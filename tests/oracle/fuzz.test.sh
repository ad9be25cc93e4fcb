#!/usr/bin/env bash
# Bounded fuzzing run: builds the libFuzzer targets (tests/fuzz/*_fuzz.cc) with clang, ASan and UBSan in
# build-fuzz (kept between runs, so only the first run compiles everything), seeds them from specs/ and
# tests/, and runs each for FUZZ_SECONDS (default 45). Fails on any crash, hang (> 10 s per input),
# out-of-memory (> 2 GB) or sanitizer report; the input that did it is left in build-fuzz/artifacts/.
set -euo pipefail
seconds="${FUZZ_SECONDS:-45}"
root="$(pwd)"
command -v clang++ >/dev/null || { echo "clang++ is not installed"; exit 1; }
cmake -B build-fuzz -S . -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DSLIPWAY_FUZZ=ON -DSLIPWAY_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target pipeline_fuzz match_fuzz
work="$(mktemp -d "${TMPDIR:-/tmp}/slipway-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pipeline" "$work/match" build-fuzz/artifacts
find specs tests/invalid tests/hostile tests/handlers -name '*.yaml' -exec cp {} "$work/pipeline/" \; 2>/dev/null || true
python3 tests/perf/synth.py 10 >"$work/pipeline/fanout10.yaml"
python3 - "$work/match" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1]); n = 0
for f in sorted(pathlib.Path("tests/match").glob("*.json")):
    try:
        cases = json.loads(f.read_text())
    except ValueError:
        continue
    for c in cases if isinstance(cases, list) else []:
        if isinstance(c, dict) and "pattern" in c:
            (out / ("seed%d" % n)).write_text(json.dumps(c["pattern"]) + "\n" + json.dumps(c.get("event", {})))
            n += 1
PY
status=0
for t in pipeline match; do
  dict="tests/fuzz/spec.dict"; [ $t = match ] && dict="tests/fuzz/match.dict"
  if ! "build-fuzz/${t}_fuzz" "$work/$t" -dict="$dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -artifact_prefix="$root/build-fuzz/artifacts/${t}-" -print_final_stats=1 2>"$work/$t.log"; then
    status=1
    grep -E "ERROR|SUMMARY|Test unit written|==[0-9]+==" "$work/$t.log" | head -20
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$work/$t.log" | tail -3
done
exit $status
