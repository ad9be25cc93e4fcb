#!/usr/bin/env bash
# Builds every spec in specs/, specs/examples/ and tests/oracle/specs/ (systems that only the oracles need,
# such as a role split into managed policies) into a temporary folder and checks each generated Terraform
# module with:
#   1. `terraform fmt -check -recursive` (the Terraform CLI formats offline; no provider needed), also over
#      the golden modules in tests/golden/terraform/;
#   2. HashiCorp's HCL parser (@cdktf/hcl2json, pinned in tests/oracle/package-lock.json) and a schema and
#      reference check against the AWS provider schema (tests/oracle/terraform_check.js).
# The schema is tests/oracle/tf-schema/aws-subset.json, extracted by tests/oracle/tf-schema/extract.js from
# the pinned @cdktf/provider-aws 21.22.1 (= hashicorp/aws 6.25.0). The extraction is committed because the
# package is a ~400 MB install; when tests/oracle/tf-schema/node_modules exists (or SLIPWAY_TF_SCHEMA_REFRESH=1,
# which runs `npm ci` there: ~10 s and 392 MB), the test re-extracts and fails if the committed file is stale.
# Usage (from the source root): bash tests/oracle/terraform.test.sh path/to/slipway
set -euo pipefail
slipway=${1:?usage: terraform.test.sh SLIPWAY_BINARY}
root=$(pwd)
oracle="$root/tests/oracle"
schema="$oracle/tf-schema/aws-subset.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

command -v terraform >/dev/null || { echo "terraform CLI not found"; exit 1; }
if [ ! -d "$oracle/node_modules/@cdktf/hcl2json" ]; then
  (cd "$oracle" && npm ci --no-audit --no-fund >/dev/null)
fi

if [ "${SLIPWAY_TF_SCHEMA_REFRESH:-}" = 1 ] && [ ! -d "$oracle/tf-schema/node_modules" ]; then
  (cd "$oracle/tf-schema" && npm ci --no-audit --no-fund >/dev/null)
fi
if [ -d "$oracle/tf-schema/node_modules/@cdktf/provider-aws" ]; then
  node --max-old-space-size=4000 "$oracle/tf-schema/extract.js" > "$tmp/aws-subset.json"
  if ! cmp -s "$tmp/aws-subset.json" "$schema"; then
    echo "tf-schema/aws-subset.json is stale: regenerate it with tf-schema/extract.js (see tf-schema/types.txt)"
    fail=1
  fi
fi

shopt -s nullglob
specs=(specs/*.yaml specs/examples/*.yaml tests/oracle/specs/*.yaml)
modules=()
for spec in "${specs[@]}"; do
  name=$(basename "$spec" .yaml)
  if ! "$slipway" build "$spec" -o "$tmp/out/$name" > "$tmp/$name.log" 2>&1; then
    echo "slipway build $spec failed:"; cat "$tmp/$name.log"; fail=1; continue
  fi
  for m in "$tmp/out/$name"/terraform/*/; do modules+=("${m%/}"); done
done
echo "built ${#specs[@]} specs, ${#modules[@]} Terraform modules"

export TF_CLI_CONFIG_FILE=/dev/null
for dir in "$tmp/out" tests/golden/terraform; do
  [ -d "$dir" ] || continue
  if ! terraform fmt -check -recursive -diff "$dir" 2>/dev/null; then
    echo "terraform fmt -check failed in $dir"; fail=1
  fi
done

if [ ${#modules[@]} -gt 0 ]; then
  node "$oracle/terraform_check.js" "$schema" "${modules[@]}" || fail=1
fi
exit $fail
