#!/usr/bin/env bash
# Smoke test of the benchmark (no timing asserted): the workload synthesizer's spec builds at small N, an
# unchanged rebuild rewrites no file, a broken spec reports one error per handler.
set -euo pipefail
bin="$1"
spec="$(mktemp "${TMPDIR:-/tmp}/slipway-smoke.XXXXXX")"
trap 'rm -f "$spec" "$spec.table"' EXIT
bash tests/perf/bench.sh -b "$bin" -r 1 10 100 >"$spec.table" || { cat "$spec.table"; exit 1; }
cat "$spec.table"
for what in "build (fresh)" "rebuild unchanged" "rebuild 1 changed" "validate broken" "cp -r of output"; do
  [ "$(grep -c "$what" "$spec.table")" = 2 ] || { echo "missing row '$what'"; exit 1; }
done
python3 tests/perf/synth.py 100 --broken >"$spec"
set +e
"$bin" validate "$spec" 2>"$spec.err"
rc=$?
set -e
errors=$(grep -c ': error: ' "$spec.err" || true)
rm -f "$spec.err"
[ "$rc" = 1 ] || { echo "validate of a broken spec exited $rc, expected 1"; exit 1; }
[ "$errors" = 100 ] || { echo "expected 100 errors (one per handler), got $errors"; exit 1; }
echo "perf smoke: ok"
