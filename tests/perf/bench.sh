#!/usr/bin/env bash
# Builds the eventbridge-fanout workload (tests/perf/synth.py) at several N with a slipway binary and prints
# one table: wall and CPU seconds, peak memory, output files and bytes, Terraform resources of a fresh
# build (the output removed before each run); the same into new folders (up to N=10,000); an unchanged
# rebuild (no file may be rewritten: checked by modification time and inode) and one with a handler
# changed; `validate` alone and of a broken spec (an error in every handler); `cp -r` of the output tree;
# last, the growth of a fresh build's wall and CPU time between each N and ten times N, when both were
# measured: as a ratio of the two medians, and as the median ratio of RUNS pairs of builds taken back to
# back.
#
#   tests/perf/bench.sh [-b BINARY] [-r RUNS] [N ...]      (default: build/slipway, the Release binary that
#                                                          scripts/setup.sh builds; 3 runs; 10 100 1000 10000 100000)
#
# Each figure is the median of RUNS runs: wall time from the clock (to the millisecond), CPU and peak
# memory from /usr/bin/time. No timing is asserted here; the targets and the measured medians are in
# docs/performance.md. Exit status 1 when a build fails or an unchanged rebuild rewrites a file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/../../build/slipway"
runs=3
while getopts "b:r:" o; do
  case $o in b) bin="$OPTARG" ;; r) runs="$OPTARG" ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000 10000 100000)
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
work="$(mktemp -d "${TMPDIR:-/tmp}/slipway-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
status=0
declare -A fresh_wall fresh_cpu fresh_user fresh_sys  # N -> the medians of a fresh build (seconds)
declare -A spec_of  # N -> the workload's spec
# Where the trees are written decides much of a fresh build's time (docs/performance.md, "The disk"):
# say which file system it is, and the binary measured.
fstype="$( (findmnt -n -o FSTYPE --target "$work" 2>/dev/null || true) | tail -1)"
[ -n "$fstype" ] || fstype="$(stat -f -c %T "$work" 2>/dev/null || echo unknown)"
# An ext4 without a journal (the kernel names no journal thread for it) looks past recently freed inodes
# when it creates files: the rows after an `rm -rf` pay for that.
if [ "$fstype" = ext4 ]; then
  device="$( (findmnt -n -o SOURCE --target "$work" 2>/dev/null || true) | tail -1)"
  journal="$(cat "/sys/fs/ext4/$(basename "${device:-none}")/journal_task" 2>/dev/null || true)"
  [ "$journal" != "<none>" ] || fstype="ext4 without a journal: see docs/performance.md, \"The disk\""
fi
# A virtual machine whose free memory goes back to its host (a balloon device that reports free pages)
# pays the host for each page it touches again: a build that writes more than was freed just before
# pays for the rest, and the N=100,000 rows most (docs/performance.md, "The memory").
memory=""
if [ -r /sys/module/page_reporting/parameters/page_reporting_order ] &&
   compgen -G "/sys/bus/virtio/drivers/virtio_balloon/virtio*" >/dev/null; then
  memory="; free memory is handed back to the host: see docs/performance.md, \"The memory\""
fi
echo "# $bin; output under $work ($fstype)$memory"

# median of numbers on stdin
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# measure CMD...: runs CMD $runs times (the `prepare` function runs before each, untimed; an argument
# @RUN@ becomes the run's number) and sets wall cpu user sys mem (medians: seconds to the millisecond,
# seconds to the hundredth, MB) and rc (of the last run)
prepare() { :; }
measure() {
  local w=() c=() us=() sy=() m=() i
  for ((i = 0; i < runs; i++)); do
    prepare
    set +e
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "${@//@RUN@/$i}" >"$work/stdout" 2>"$work/stderr"
    rc=$?
    t1=$(date +%s%N)
    set -e
    read -r _ u s k < <(tail -1 "$work/time")
    # Wall time to the millisecond from the clock around /usr/bin/time (its own %e counts hundredths;
    # the difference, time's fork and exec, is well under a millisecond).
    w+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b - a) / 1e9}')")
    c+=("$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u+s}')"); us+=("$u"); sy+=("$s"); m+=("$((k / 1024))")
  done
  wall=$(printf '%s\n' "${w[@]}" | median)
  cpu=$(printf '%s\n' "${c[@]}" | median)
  user=$(printf '%s\n' "${us[@]}" | median)
  sys=$(printf '%s\n' "${sy[@]}" | median)
  mem=$(printf '%s\n' "${m[@]}" | median)
}

snapshot() { find "$1" -type f -printf '%P %i %T@\n' | sort; }

printf '%-8s %-18s %8s %8s %8s %9s %10s %10s  %s\n' N what wall_s cpu_s peak_MB files bytes resources note
# synth N DEST [FLAG...]: the workload as one file, or (above 20,000 handlers, where one file would pass
# the 16 MiB limit of a spec file) as a folder of included files; prints the spec's path.
synth() {
  local n=$1 dest=$2
  shift 2
  if [ "$n" -le 20000 ]; then
    python3 "$here/synth.py" "$n" "$@" >"$dest.yaml"
    echo "$dest.yaml"
  else
    rm -rf "$dest"
    python3 "$here/synth.py" "$n" --split "$dest" "$@" >/dev/null
    echo "$dest/spec.yaml"
  fi
}

for n in "${sizes[@]}"; do
  spec="$(synth "$n" "$work/n$n")"
  spec_of[$n]=$spec
  out="$work/out$n"

  # A fresh build: the output folder removed before each run (the growth rows compare these).
  prepare() { rm -rf "$out"; }
  measure "$bin" build "$spec" -o "$out" -q
  [ "$rc" = 0 ] || { echo "build failed at N=$n:"; head -20 "$work/stderr"; exit 1; }
  files=$(find "$out" -type f | wc -l)
  bytes=$(du -sb "$out" | cut -f1)
  resources=$(grep -rhoE '^resource "' "$out" --include='*.tf' | wc -l)
  printf '%-8s %-18s %8s %8s %8s %9s %10s %10s\n' "$n" "build (fresh)" "$wall" "$cpu" "$mem" "$files" "$bytes" "$resources"
  fresh_wall[$n]=$wall
  fresh_cpu[$n]=$cpu
  fresh_user[$n]=$user
  fresh_sys[$n]=$sys

  # The same into folders that never existed, none removed until all have run (up to N=10,000: at
  # N=100,000, five trees of a million files would pass the inodes of this machine's tmpfs). On an ext4
  # without a journal, the row above pays for the inodes each `rm -rf` freed, which that file system looks
  # past for minutes (docs/performance.md, "The disk"); on tmpfs the two rows differ by noise only.
  if [ "$n" -le 10000 ]; then
    prepare() { :; }
    measure "$bin" build "$spec" -o "$work/new.@RUN@" -q
    [ "$rc" = 0 ] || { echo "build into a new folder failed at N=$n:"; head -20 "$work/stderr"; exit 1; }
    rm -rf "$work"/new.*
    printf '%-8s %-18s %8s %8s %8s\n' "$n" "build, new folders" "$wall" "$cpu" "$mem"
  fi

  prepare() { :; }
  before="$(snapshot "$out")"
  measure "$bin" build "$spec" -o "$out" -q
  [ "$rc" = 0 ] || { echo "unchanged rebuild failed at N=$n:"; head -20 "$work/stderr"; exit 1; }
  after="$(snapshot "$out")"
  note="no file rewritten"
  if [ "$before" != "$after" ]; then note="FILES REWRITTEN"; status=1; fi
  printf '%-8s %-18s %8s %8s %8s %9s %10s %10s  %s\n' "$n" "rebuild unchanged" "$wall" "$cpu" "$mem" "" "" "" "$note"

  tweak="$(synth "$n" "$work/tweak" --tweak)"
  cp "$out/.slipway-manifest.json" "$work/manifest.before"
  prepare() { :; }
  runs_saved=$runs; runs=1
  before="$(snapshot "$out")"
  measure "$bin" build "$tweak" -o "$out" -q
  runs=$runs_saved
  [ "$rc" = 0 ] || { echo "rebuild with one handler changed failed at N=$n:"; head -20 "$work/stderr"; exit 1; }
  changed=$(diff <(echo "$before") <(snapshot "$out") | grep -c '^>' || true)
  printf '%-8s %-18s %8s %8s %8s %9s %10s %10s  %s\n' "$n" "rebuild 1 changed" "$wall" "$cpu" "$mem" "$changed" "" "" "files rewritten (h0 memory)"

  prepare() { :; }
  measure "$bin" validate "$spec"
  printf '%-8s %-18s %8s %8s %8s\n' "$n" "validate" "$wall" "$cpu" "$mem"

  if [ "$n" -le 10000 ]; then
    broken="$(synth "$n" "$work/broken" --broken)"
    measure "$bin" validate "$broken"
    errors=$(grep -c ': error: ' "$work/stderr" || true)
    note="exit $rc, $errors errors printed; $(tail -1 "$work/stderr")"
    printf '%-8s %-18s %8s %8s %8s %9s %10s %10s  %s\n' "$n" "validate broken" "$wall" "$cpu" "$mem" "" "" "" "$note"
  fi

  prepare() { rm -rf "$work/copy"; }
  measure cp -r "$out" "$work/copy"
  printf '%-8s %-18s %8s %8s %8s\n' "$n" "cp -r of output" "$wall" "$cpu" "$mem"
  rm -rf "$out" "$work/copy"
done

# The growth of a fresh build between sizes ten times apart (issue 9: at most eleven times, from N=1,000
# up). Each is a ratio of two medians taken minutes apart: on a virtual machine whose host reclaims free
# memory, a build at N=100,000 varies by about a tenth from run to run (docs/performance.md, fourteenth
# round), and so does this ratio.
for n in "${sizes[@]}"; do
  m=$((n * 10))
  [ -n "${fresh_wall[$m]:-}" ] || continue
  # CPU split into the process's own (user) and the kernel's on its behalf (system: files, fresh pages)
  awk -v a="$n" -v b="$m" -v wa="${fresh_wall[$n]}" -v wb="${fresh_wall[$m]}" -v ca="${fresh_cpu[$n]}" \
    -v cb="${fresh_cpu[$m]}" -v ua="${fresh_user[$n]}" -v ub="${fresh_user[$m]}" -v sa="${fresh_sys[$n]}" \
    -v sb="${fresh_sys[$m]}" 'BEGIN {
      # a figure too small to divide by (CPU is counted in hundredths of a second) gives "-"
      w = wa > 0 ? sprintf("%.1f times", wb / wa) : "-"; c = ca > 0 ? sprintf("%.1f times", cb / ca) : "-"
      u = ua > 0 ? sprintf("%.1f", ub / ua) : "-"; s = sa > 0 ? sprintf("%.1f", sb / sa) : "-"
      printf "growth   %s -> %s: wall %s, CPU %s (user %s, system %s)\n", a, b, w, c, u, s }'
done

# The same growth from builds taken in pairs: each pair builds N and ten times N back to back (N first in
# even pairs, ten times N first in odd ones), and the row gives the median of the pairs' ratios. The two
# builds of a pair meet the host in the same state, where the medians above were taken minutes apart
# (docs/performance.md, nineteenth round).
pair_build() {  # SPEC: one fresh build, its wall seconds in $wall
  prepare() { rm -rf "$work/pair"; }
  runs_saved=$runs; runs=1
  measure "$bin" build "$1" -o "$work/pair" -q
  runs=$runs_saved
  [ "$rc" = 0 ] || { echo "build failed in a growth pair ($1):"; head -20 "$work/stderr"; exit 1; }
}
for n in "${sizes[@]}"; do
  m=$((n * 10))
  [ -n "${fresh_wall[$m]:-}" ] || continue
  ratios=()
  for ((i = 0; i < runs; i++)); do
    if ((i % 2 == 0)); then
      pair_build "${spec_of[$n]}"; small=$wall; pair_build "${spec_of[$m]}"; large=$wall
    else
      pair_build "${spec_of[$m]}"; large=$wall; pair_build "${spec_of[$n]}"; small=$wall
    fi
    ratios+=("$(awk -v a="$small" -v b="$large" 'BEGIN{printf "%.2f", (a > 0 ? b / a : 0)}')")
  done
  sorted=($(printf '%s\n' "${ratios[@]}" | sort -g))
  pairs="$runs pairs"; [ "$runs" != 1 ] || pairs="1 pair"
  printf 'growth   %s -> %s in pairs: wall %.1f times (median of %s back to back; %.1f to %.1f)\n' "$n" "$m" \
    "$(printf '%s\n' "${ratios[@]}" | median)" "$pairs" "${sorted[0]}" "${sorted[-1]}"
done
rm -rf "$work/pair"
exit $status
