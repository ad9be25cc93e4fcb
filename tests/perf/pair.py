#!/usr/bin/env python3
"""Compares two slipway binaries on fresh builds of one spec, taken in turn.

    tests/perf/pair.py A B SPEC [PAIRS]      (PAIRS default 11)

A and B are commands (a binary, or a command line such as "env X=1 build/slipway"). Each pair builds SPEC
into a new folder under $TMPDIR with A and with B, in alternating order (A first in even pairs, B first in
odd ones), removing the folder before each build. This machine's speed drifts by a third within minutes
(docs/performance.md), so builds compared pair by pair say more than two series run one after the other.

Prints the median wall time and the median CPU time (user + system, of the build's process) of each, and
the median of the per-pair ratios B/A. Exit status 1 when a build fails.
"""
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def build(command, spec, out):
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(shlex.split(command) + ["build", spec, "-o", out, "-q"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"pair.py: '{command} build {spec}' exited {done.returncode}:\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    a, b, spec = sys.argv[1:4]
    pairs = int(sys.argv[4]) if len(sys.argv) == 5 else 11
    if pairs < 1:
        sys.exit("pair.py: PAIRS must be at least 1")
    work = tempfile.mkdtemp(prefix="slipway-pair.", dir=os.environ.get("TMPDIR"))
    try:
        out = os.path.join(work, "out")
        commands = (a, b)
        wall = ([], [])  # by side (0 = A, 1 = B), not by command: A and B may be the same command
        cpu = ([], [])
        for i in range(pairs):
            for side in (0, 1) if i % 2 == 0 else (1, 0):
                w, c = build(commands[side], spec, out)
                wall[side].append(w)
                cpu[side].append(c)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratio = statistics.median(y / x for x, y in zip(wall[0], wall[1]))
    ms = lambda v: f"{statistics.median(v) * 1000:.1f} ms"
    print(f"A: {ms(wall[0])} wall, {ms(cpu[0])} CPU   ({a})")
    print(f"B: {ms(wall[1])} wall, {ms(cpu[1])} CPU   ({b})")
    print(f"B/A: median of {pairs} pair ratios {ratio:.3f}")


if __name__ == "__main__":
    main()
