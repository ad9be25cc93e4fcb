#!/usr/bin/env bash
# Bounded fuzzing run of the libFuzzer targets (tests/fuzz/*_fuzz.cc) built beside the given slipway binary
# by an instrumented clang build (cmake -DSLIPWAY_SANITIZE=ON with clang: ASan, UBSan and libFuzzer's
# coverage; scripts/test.sh makes it in build-asan). Seeds them from specs/ and tests/ and runs each for
# FUZZ_SECONDS (default 45; simple_yaml a third of that). Fails on any crash, hang (> 10 s per input),
# out-of-memory (> 2 GB) or sanitizer report; the input that did it is left in <build>/fuzz-artifacts/.
# Inputs that once failed are kept in tests/fuzz/regressions/<target>/ and replayed first.
# Usage: bash tests/oracle/fuzz.test.sh path/to/build/slipway   (from the source root)
set -euo pipefail
seconds="${FUZZ_SECONDS:-45}"
bin="$(cd "$(dirname "$1")" && pwd)"
targets="pipeline match simple_yaml"
for t in $targets; do
  [ -x "$bin/${t}_fuzz" ] || { echo "fuzz.test: $bin/${t}_fuzz is missing: build with clang and -DSLIPWAY_SANITIZE=ON"; exit 1; }
done
artifacts="$bin/fuzz-artifacts"
work="$(mktemp -d "${TMPDIR:-/tmp}/slipway-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
for t in $targets; do mkdir -p "$work/$t"; done
mkdir -p "$artifacts"
find specs tests/invalid tests/hostile tests/handlers -name '*.yaml' -exec cp {} "$work/pipeline/" \; 2>/dev/null || true
python3 tests/perf/synth.py 10 >"$work/pipeline/fanout10.yaml"
cp "$work/pipeline/"* "$work/simple_yaml/"
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
# Every input that once crashed a target (tests/fuzz/regressions/<target>/) runs first, on its own: a
# regression fails here whatever the random run below finds.
for t in $targets; do
  shopt -s nullglob
  inputs=(tests/fuzz/regressions/$t/*)
  shopt -u nullglob
  [ ${#inputs[@]} -eq 0 ] && continue
  if ! "$bin/${t}_fuzz" -runs=0 -timeout=10 -rss_limit_mb=2048 "${inputs[@]}" >"$work/$t.regressions.log" 2>&1; then
    status=1
    echo "fuzz.test: $t: a recorded regression input fails again:"
    grep -E "Running:|ERROR|SUMMARY|runtime error" "$work/$t.regressions.log" | head -20
  else
    echo "fuzz.test: $t: ${#inputs[@]} regression inputs pass"
  fi
done
for t in $targets; do
  dict="tests/fuzz/spec.dict"; [ $t = match ] && dict="tests/fuzz/match.dict"
  # The scanner's target runs some 5,000 inputs a second and is narrow: a third of the time is enough,
  # and keeps CI's fuzzing within 15 s of what it was with two targets.
  secs="$seconds"; [ $t = simple_yaml ] && secs=$(( (seconds + 2) / 3 ))
  if ! "$bin/${t}_fuzz" "$work/$t" -dict="$dict" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -artifact_prefix="$artifacts/${t}-" -print_final_stats=1 2>"$work/$t.log"; then
    status=1
    grep -E "ERROR|SUMMARY|Test unit written|==[0-9]+==" "$work/$t.log" | head -20
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$work/$t.log" | tail -3
done
exit $status
