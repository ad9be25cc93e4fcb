#!/bin/bash
# Every Step Functions definition slipway generates passes asl-validator and our per-scope graph check
# (tests/oracle/asl_validate.js): the golden files under tests/golden/asl/, and the definitions built from
# every spec in specs/ and every workflow example in tests/workflows/.
# Usage (from the source root): bash tests/oracle/asl.test.sh path/to/slipway
set -u
slipway="${1:?usage: asl.test.sh path/to/slipway}"
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -d "$here/node_modules/asl-validator" ]; then
  echo "asl.test.sh: run 'cd tests/oracle && npm ci' first" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0
files=()
while IFS= read -r f; do files+=("$f"); done < <(find tests/golden/asl -name '*.asl.json' | sort)
built=0
while IFS= read -r spec; do
  out="$tmp/$(echo "$spec" | tr '/' '_')"
  if ! "$slipway" build "$spec" -o "$out" >"$tmp/log" 2>&1; then
    echo "asl.test.sh: slipway build $spec failed:"
    cat "$tmp/log"
    status=1
    continue
  fi
  while IFS= read -r f; do files+=("$f"); built=$((built + 1)); done < <(find "$out" -path '*/statemachines/*.asl.json' | sort)
done < <(find specs tests/workflows -maxdepth 2 -name '*.yaml' -not -path '*/invalid/*' | sort)
if [ "$built" -lt 30 ]; then
  echo "asl.test.sh: only $built definitions were built from specs/ and tests/workflows/; expected at least 30"
  status=1
fi
node "$here/asl_validate.js" "${files[@]}" || status=1
exit $status
