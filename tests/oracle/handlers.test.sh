#!/usr/bin/env bash
# Handler skeletons, built for real: for tests/handlers/triggers.yaml (every trigger kind) and every spec
# in specs/, each generated handler configures, compiles with -Wall -Wextra -Werror and passes its tests
# (one CMake build per system through handlers/CMakeLists.txt). On the fixture also:
#   - a built bootstrap against a fake Runtime API on 127.0.0.1: a good event, a malformed one (error names
#     the field), a handler exception, and an init error naming a missing environment variable;
#   - the deployment zip holds an executable bootstrap;
#   - a schema change fails to compile at the line of handler.cpp that uses the changed field, and
#     handler.cpp is left as the developer wrote it;
#   - a hand edit to a generated file stops the next build.
# Usage: bash tests/oracle/handlers.test.sh path/to/slipway   (from the source root)
set -euo pipefail
slipway=$(realpath "$1")
src=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "handlers.test: FAIL: $*" >&2; exit 1; }
log() { echo "handlers.test: $*"; }

configure_and_test() {  # out-folder
  cmake -S "$1/handlers" -B "$1/handlers/.cmake" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
    -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" > "$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configure $1"; }
  cmake --build "$1/handlers/.cmake" -j2 > "$work/build.log" 2>&1 || { grep -E "error|Error" -A3 "$work/build.log" | head -60; fail "build $1"; }
  ctest --test-dir "$1/handlers/.cmake" --output-on-failure --timeout 60 > "$work/ctest.log" 2>&1 || { cat "$work/ctest.log"; fail "tests of $1"; }
  log "$1: $(grep -Eo '[0-9]+% tests passed.*' "$work/ctest.log")"
}

# ------------------------------------------------------------------------------------------ the fixture
fx="$work/fixture"
mkdir -p "$fx/handlers/on_card_created"
# The developer's handler body, written before the first build: slipway must keep it.
cat > "$fx/handlers/on_card_created/handler.cpp" <<'CPP'
#include <stdexcept>
#include "generated/handler.h"
namespace shipyard::on_card_created {
void handle(const slipway::Event<CardCreated>& event, Context& ctx) {
  ctx.log.info("card " + event.detail.card_id + " of " + event.detail.user_id + " in " + ctx.env.table_cards_name);
  if (event.detail.card_id == "boom") throw std::runtime_error("card boom exploded");
}
}  // namespace shipyard::on_card_created
CPP
cp "$fx/handlers/on_card_created/handler.cpp" "$work/handler.cpp.orig"
"$slipway" build tests/handlers/triggers.yaml -o "$fx" -q 2>/dev/null || fail "slipway build of the fixture"
cmp -s "$fx/handlers/on_card_created/handler.cpp" "$work/handler.cpp.orig" || fail "slipway overwrote handler.cpp"
configure_and_test "$fx"

# A built bootstrap against a fake Runtime API.
g++ -std=c++20 -O1 -Wall -Wextra -Werror -o "$work/fake_runtime_api" tests/handlers/fake_runtime_api.cc
event() {  # cardId createdAt
  printf '{"version":"0","id":"e-1","detail-type":"CardCreated","source":"shipyard.cards","account":"123456789012",'
  printf '"time":"2024-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{"cardId":"%s","userId":"u-1",' "$1"
  printf '"condition":"mint","tags":["a"],"createdAt":"%s"}}' "$2"
}
event c-1 2024-01-01T00:00:00Z > "$work/good.json"
event c-2 yesterday > "$work/malformed.json"
event boom 2024-01-01T00:00:00Z > "$work/throws.json"
bootstrap="$fx/handlers/.cmake/on_card_created/bootstrap"
TABLE_CARDS_NAME=shipyard-dev-cards timeout 60 "$work/fake_runtime_api" "$work/results.txt" "$bootstrap" \
  "$work/good.json" "$work/malformed.json" "$work/throws.json" 2> "$work/bootstrap.log" \
  || { cat "$work/bootstrap.log"; fail "the fake Runtime API run"; }
cat "$work/results.txt"
grep -qx 'req-1 response {}' "$work/results.txt" || fail "good event: no empty response"
grep -q '^req-2 error MalformedEvent .*"errorMessage":"detail.createdAt: expected timestamp' "$work/results.txt" \
  || fail "malformed event: no MalformedEvent error naming detail.createdAt"
grep -q '^req-3 error std::runtime_error .*"errorMessage":"card boom exploded"' "$work/results.txt" \
  || fail "handler exception: no error response"
grep -q '"requestId":"req-1"' "$work/bootstrap.log" || fail "the log lines carry no request id"
env -u TABLE_CARDS_NAME timeout 60 "$work/fake_runtime_api" "$work/init.txt" "$bootstrap" "$work/good.json" \
  2> /dev/null || fail "the init error run"
grep -q '^init error Runtime.InitError .*TABLE_CARDS_NAME' "$work/init.txt" || { cat "$work/init.txt"; fail "no init error naming TABLE_CARDS_NAME"; }
log "bootstrap: good event, malformed event, exception and init error answered as expected"

# The deployment zip.
cmake --build "$fx/handlers/.cmake" --target on_card_created_zip > "$work/zip.log" 2>&1 || { cat "$work/zip.log"; fail "packaging"; }
zip="$fx/handlers/build/on_card_created.zip"
unzip -Z "$zip" | grep -Eq '^-rwxr-xr-x .* bootstrap$' || { unzip -Z "$zip"; fail "the zip has no executable bootstrap at its root"; }
log "package: $(unzip -Z1 "$zip" | wc -l) files in handlers/build/on_card_created.zip"

# A schema change surfaces as a compile error at the use of the changed field.
sed 's/      userId: string/      ownerId: string/' tests/handlers/triggers.yaml > "$work/changed.yaml"
"$slipway" build "$work/changed.yaml" -o "$fx" -q 2>/dev/null || fail "slipway build of the changed spec"
cmp -s "$fx/handlers/on_card_created/handler.cpp" "$work/handler.cpp.orig" || fail "slipway changed handler.cpp"
if cmake --build "$fx/handlers/.cmake" --target on_card_created_handler > "$work/changed.log" 2>&1; then
  fail "the handler still compiles after userId was renamed"
fi
grep -Eq 'on_card_created/handler.cpp:5:[0-9]+: error: .*user_id' "$work/changed.log" \
  || { grep error "$work/changed.log" | head; fail "the compile error does not point at handler.cpp:5 (user_id)"; }
log "schema change: $(grep -Eo 'handler.cpp:5:[0-9]+: error: [^;]*user_id[^;]*' "$work/changed.log" | head -1)"

# A hand edit to a generated file stops the build and is kept.
echo '// hand edit' >> "$fx/handlers/on_card_created/generated/glue.cpp"
if "$slipway" build tests/handlers/triggers.yaml -o "$fx" > "$work/edit.log" 2>&1; then fail "a hand edit went unnoticed"; fi
grep -q 'handlers/on_card_created/generated/glue.cpp: error: this generated file was edited by hand' "$work/edit.log" \
  || { cat "$work/edit.log"; fail "no hand-edit error"; }
tail -1 "$fx/handlers/on_card_created/generated/glue.cpp" | grep -q 'hand edit' || fail "the hand edit was lost"
log "hand edit: reported, nothing written"

# ------------------------------------------------------------------------------- every spec in specs/
shopt -s nullglob
for spec in specs/*.yaml; do
  name=$(basename "$spec" .yaml)
  out="$work/$name"
  "$slipway" build "$spec" -o "$out" -q 2>/dev/null || fail "slipway build $spec"
  if [ ! -f "$out/handlers/CMakeLists.txt" ]; then
    log "$spec: no handlers"
    continue
  fi
  configure_and_test "$out"
  rm -rf "$out/handlers/.cmake"
done
log "ok"
