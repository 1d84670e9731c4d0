#!/usr/bin/env python3
"""Crash safety, measured: run a scenario once to the end, then start it again N times and
SIGKILL it at a seeded random moment, and read each killed file the way a stranger would, with
h5py alone (in a child process, so that a read that hangs or crashes is counted, not fatal).

Each killed file is one of:
  ok          every column of every table holds only rows of the finished run, in order,
              and all columns of a table are equally long;
  ragged      the columns of a table differ in length;
  wrong-rows  a column holds a row the finished run does not have there (zeros, padding);
  unreadable  h5py raises; hang / crash: the reading child timed out or died;
  unborn      killed before its first flush (only PATH.creating exists);
  finished    the run ended before the kill.

    python3 bench/kill_stress.py [-n 300] [--seed 1] [--vsm build/app/vsm]
            [--set duration=2000 --set vehicles.count=100] [--scenario scenarios/paper-iov-contract.yaml]

The defaults are bench/RESULTS.md's flush-heavy measurement: the paper's scenario with its
ledger, 100 vehicles, a round every 10 simulated s taking about 2 ms of wall time each.
"""
import argparse
import collections
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

READ = r"""
import sys, h5py, numpy as np
def tables(path):
    with h5py.File(path, "r") as f:
        return {n: {c: g[c][()] for c in g} for n, g in f.items() if isinstance(g, h5py.Group)}
whole = tables(sys.argv[1])
try:
    killed = tables(sys.argv[2])
except Exception as e:
    print("unreadable", str(e)[:80]); sys.exit()
for name, columns in killed.items():
    if len({len(v) for v in columns.values()}) > 1:
        print("ragged", name, sorted({len(v) for v in columns.values()})); sys.exit()
    for column, values in columns.items():
        truth = whole[name][column]
        nan = values.dtype.kind == "f"  # NaN is a value some columns hold ("not defined")
        if len(values) > len(truth) or not np.array_equal(values, truth[:len(values)], equal_nan=nan):
            print("wrong-rows", f"/{name}/{column}"); sys.exit()
print("ok", " ".join(f"{name}={len(next(iter(columns.values()), []))}" for name, columns in sorted(killed.items())))
"""


def finished_run(run, work):
    """Runs `run` to its end into work/whole.h5; returns that path and the wall seconds it took."""
    whole = os.path.join(work, "whole.h5")
    start = time.monotonic()
    subprocess.run(run + ["-o", whole], check=True, stdout=subprocess.DEVNULL)
    return whole, time.monotonic() - start


def killed_run(run, whole, path, delay):
    """Starts `run` into path, SIGKILLs it after `delay` seconds and reads what it left with h5py
    alone; returns the verdict: "ok ..." (with each table's rows), "ragged ...", "wrong-rows ...",
    "unreadable ...", "hang", "crash ...", "unborn" or "finished"."""
    for leftover in (path, path + ".creating"):
        if os.path.exists(leftover):
            os.remove(leftover)
    child = subprocess.Popen(run + ["-o", path], stdout=subprocess.DEVNULL)
    time.sleep(delay)
    child.kill()
    child.wait()
    if not os.path.exists(path):
        return "unborn"
    try:
        read = subprocess.run([sys.executable, "-c", READ, whole, path], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "hang"
    verdict = read.stdout.strip() or f"crash (exit {read.returncode})"
    return "finished" if verdict.startswith("ok") and child.returncode == 0 else verdict


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=300, help="kills (default 300)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill moments")
    parser.add_argument("--vsm", default="build/app/vsm")
    parser.add_argument("--scenario", default="scenarios/paper-iov-contract.yaml")
    parser.add_argument("--set", action="append", dest="settings", metavar="KEY=VALUE",
                        help="vsm run settings (default: duration=2000, vehicles.count=100)")
    parser.add_argument("--keep", default=None, help="copy damaged files into this folder")
    args = parser.parse_args()
    settings = args.settings or ["duration=2000", "vehicles.count=100"]
    run = [args.vsm, "run", args.scenario, "--quiet", "--force"] + [x for s in settings for x in ("--set", s)]
    work = tempfile.mkdtemp()
    moments, counts, kinds = random.Random(args.seed), collections.Counter(), collections.Counter()
    try:
        whole, seconds = finished_run(run, work)
        for i in range(args.n):
            path = os.path.join(work, "killed.h5")
            verdict = killed_run(run, whole, path, moments.uniform(0.02, 0.95) * seconds)
            kind = verdict.split()[0]
            counts[kind] += 1
            if kind not in ("ok", "finished", "unborn"):
                kinds[verdict] += 1
                if args.keep:
                    shutil.copy(path, os.path.join(args.keep, f"killed-{i}.h5"))
    finally:
        shutil.rmtree(work)
    damaged = sum(n for kind, n in counts.items() if kind not in ("ok", "finished", "unborn"))
    print(f"{args.n} kills of a {seconds:.2f} s run: {damaged} damaged; " +
          ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())))
    for verdict, n in kinds.most_common():
        print(f"  {n} x {verdict}")


if __name__ == "__main__":
    main()
