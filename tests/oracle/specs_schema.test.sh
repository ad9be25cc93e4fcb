#!/usr/bin/env bash
# `slipway schema` prints docs/slipway.schema.json exactly, and every spec in specs/ validates against it
# (Ajv, draft 2020-12), as an editor would check it. Run from the source root: bash this.sh SLIPWAY.
set -euo pipefail
slipway=${1:?usage: specs_schema.test.sh path/to/slipway}
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules/ajv" ] || [ ! -d "$here/node_modules/yaml" ]; then
  echo "specs_schema: run 'cd tests/oracle && npm ci' first" >&2
  exit 1
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$slipway" schema > "$tmp"
if ! cmp -s "$tmp" docs/slipway.schema.json; then
  echo "specs_schema: 'slipway schema' differs from docs/slipway.schema.json (regenerate it with SLIPWAY_UPDATE_GOLDEN=1 build-*/slipway_tests --gtest_filter='CliSchema.*')" >&2
  diff -u docs/slipway.schema.json "$tmp" | head -40 >&2 || true
  exit 1
fi
node "$here/specs_schema.js" docs/slipway.schema.json specs
