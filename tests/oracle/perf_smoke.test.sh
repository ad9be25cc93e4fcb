#!/usr/bin/env bash
# Smoke test of the benchmark (no timing asserted): the workload synthesizer's spec builds at small N, an
# unchanged rebuild rewrites no file, a broken spec reports one error per handler, and the paired
# comparison of two binaries (tests/perf/pair.py) runs.
set -euo pipefail
bin="$1"
spec="$(mktemp "${TMPDIR:-/tmp}/slipway-smoke.XXXXXX")"
trap 'rm -f "$spec" "$spec.table"' EXIT
bash tests/perf/bench.sh -b "$bin" -r 1 10 100 >"$spec.table" || { cat "$spec.table"; exit 1; }
cat "$spec.table"
for what in "build (fresh)" "build, new folders" "rebuild unchanged" "rebuild 1 changed" "validate broken" \
  "cp -r of output"; do
  [ "$(grep -c "$what" "$spec.table")" = 2 ] || { echo "missing row '$what'"; exit 1; }
done
ratio='([0-9]+\.[0-9]|-)'
grep -Eq "^growth   10 -> 100: wall [0-9]+\.[0-9] times, CPU ([0-9]+\.[0-9] times|-) \(user $ratio, system $ratio\)\$" \
  "$spec.table" ||
  { echo "missing the growth row from 10 to 100"; exit 1; }
one='[0-9]+\.[0-9]'
grep -Eq "^growth   10 -> 100 in pairs: wall $one times \(median of 1 pair back to back; $one to $one\)\$" "$spec.table" ||
  { echo "missing the growth row from 10 to 100 in pairs"; exit 1; }
python3 tests/perf/synth.py 100 --broken >"$spec"
set +e
"$bin" validate "$spec" 2>"$spec.err"
rc=$?
set -e
errors=$(grep -c ': error: ' "$spec.err" || true)
rm -f "$spec.err"
[ "$rc" = 1 ] || { echo "validate of a broken spec exited $rc, expected 1"; exit 1; }
[ "$errors" = 100 ] || { echo "expected 100 errors (one per handler), got $errors"; exit 1; }
# The paired comparison runs and reports both builds and their ratio.
python3 tests/perf/synth.py 10 >"$spec"
python3 tests/perf/pair.py "$bin" "$bin" "$spec" 1 >"$spec.table" || { cat "$spec.table"; exit 1; }
cat "$spec.table"
grep -q '^A: .* ms wall, .* ms CPU' "$spec.table" && grep -q '^B: .* ms wall, .* ms CPU' "$spec.table" &&
  grep -q '^B/A: median of 1 pair ratios [0-9]' "$spec.table" || { echo "pair.py printed no comparison"; exit 1; }
echo "perf smoke: ok"
