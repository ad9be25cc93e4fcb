#!/usr/bin/env bash
# Smoke test of the stage benchmarks (no timing asserted): slipway_bench runs every benchmark once on a
# small workload, and each one reports a time without an error. A benchmark that breaks (a stage whose API
# changed, a write that fails) fails the suite instead of waiting for the next round of measurements.
#   stages_bench_smoke.sh SLIPWAY_BENCH_BINARY
set -euo pipefail
bench="$1"
out="$(mktemp "${TMPDIR:-/tmp}/slipway-bench-smoke.XXXXXX")"
trap 'rm -f "$out"' EXIT
env -u SLIPWAY_BENCH_SPEC SLIPWAY_BENCH_N=10 "$bench" --benchmark_min_time=0 --benchmark_format=json --benchmark_out="$out" >/dev/null
python3 - "$out" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
runs = {b["name"]: b for b in report["benchmarks"]}
expected = ["BM_Load", "BM_LowerCheck", "BM_EmitAll/real_time", "BM_SinkPlanEmptyFolder",
            "BM_SinkWriteFresh/real_time", "BM_SinkRebuildUnchanged/real_time"]
backends = [name for name in runs if name.startswith("BM_Backend/")]
problems = [name + ": missing" for name in expected if name not in runs]
if len(backends) < 5:
    problems.append("BM_Backend: %d backends measured, expected at least 5" % len(backends))
for name, b in runs.items():
    if b.get("error_occurred"):
        problems.append("%s: %s" % (name, b.get("error_message", "error")))
    elif b.get("iterations", 0) < 1 or b.get("real_time", 0) <= 0:
        problems.append("%s: no iteration measured" % name)
if runs.get("BM_SinkWriteFresh/real_time", {}).get("files", 0) < 100:
    problems.append("BM_SinkWriteFresh: wrote fewer than 100 files for N=10")
for p in problems:
    print("stages bench smoke: " + p)
if problems:
    sys.exit(1)
print("stages bench smoke: ok, %d benchmarks ran" % len(runs))
PY
