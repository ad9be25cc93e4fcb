#!/usr/bin/env bash
# out/ holds the generated output of every spec in specs/, and it must be fresh: `slipway build --check`
# over each spec writes nothing and exits 1 with a diff when anything is stale, missing or extra.
set -u
slipway=${1:?usage: out_fresh.test.sh SLIPWAY}
fail=0
count=0
while IFS= read -r spec; do
  count=$((count + 1))
  if ! "$slipway" build "$spec" --check > /tmp/slipway-check.$$ 2>&1; then
    echo "STALE: $spec (run: slipway build $spec)"
    head -40 /tmp/slipway-check.$$
    fail=$((fail + 1))
  fi
done < <(find specs -name '*.yaml' -not -path '*/include/*' | sort)
rm -f /tmp/slipway-check.$$
echo "out_fresh: $((count - fail)) passed, $fail failed"
[ "$count" -gt 0 ] && [ "$fail" -eq 0 ]
