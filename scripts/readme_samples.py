#!/usr/bin/python3
"""The README's sample outputs, made by running vsm: checked (a test fails when they drift
from what the commands print today) or rewritten.

    /usr/bin/python3 scripts/readme_samples.py --check  [--vsm build/app/vsm]   # exit 1 and a diff on drift
    /usr/bin/python3 scripts/readme_samples.py --update [--vsm build/app/vsm]   # rewrite them in README.md

A sample is the text between `<!-- sample NAME ... -->` and `<!-- /sample -->` in README.md;
NAME is one of SAMPLES below. Wall-clock times differ from run to run and machine to machine:
they are compared as "N s wall".
"""
import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile

SOURCE = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(SOURCE, "bench"))
import malicious_study  # noqa: E402

BLOCK = re.compile(r"(<!-- sample ([a-z-]+)[^>]*-->\n)(.*?)(<!-- /sample -->)", re.S)


def run_summary(vsm):
    """What `setup.sh run` ends with: `vsm run` on the paper's scenario, as the user types it."""
    with tempfile.TemporaryDirectory() as tmp:
        os.symlink(os.path.join(SOURCE, "scenarios"), os.path.join(tmp, "scenarios"))
        out = subprocess.run([vsm, "run", "scenarios/paper-iov-contract.yaml", "--quiet"], cwd=tmp, check=True,
                             capture_output=True, text=True).stdout
    return "```\n" + out + "```\n"


def density_table(vsm):
    """Part of `vsm compare` on the density sweep: 20 vehicles, and the paired difference there."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([vsm, "sweep", os.path.join(SOURCE, "configs/sweeps/density.yaml"), "-o", tmp + "/density",
                        "-q", "--yes"], check=True, capture_output=True)
        compared = json.loads(subprocess.run(
            [vsm, "compare", tmp + "/density", "--by", "policy,vehicles.count", "--metric",
             "server_utility_per_round,vehicle_utility,payment_per_megabyte", "--pair", "contract.optimal,stackelberg",
             "--json"], check=True, capture_output=True, text=True).stdout)

    def g(x):
        return f"{x:.6g}"
    lines = ["| group | metric | n | mean | sd | ci95_low | ci95_high | interval |", "|---|---|---:|---:|---:|---:|---:|---|"]
    for r in compared["rows"]:
        if r["group"].endswith("vehicles.count=20") and r["metric"] != "payment_per_megabyte":
            lines.append(f"| {r['group']} | {r['metric']} | {r['n']} | {g(r['mean'])} | {g(r['sd'])} | "
                         f"{g(r['ci95'][0])} | {g(r['ci95'][1])} | {r['interval']} |")
    lines += ["", "contract.optimal - stackelberg on common seeds, at 20 vehicles:", "",
              "| metric | n | mean_difference | ci95_low | ci95_high | relative |", "|---|---:|---:|---:|---:|---:|"]
    for r in compared["paired"]["rows"]:
        if r["context"] == "vehicles.count=20":
            lines.append(f"| {r['metric']} | {r['n']} | {g(r['mean_difference'])} | {g(r['ci95'][0])} | "
                         f"{g(r['ci95'][1])} | {100 * r['relative']:+.2f}% |")
    return "\n".join(lines) + "\n"


def malicious(vsm):
    return "\n".join(malicious_study.study(vsm)) + "\n"


SAMPLES = {"run-summary": run_summary, "density-table": density_table, "malicious-study": malicious}


def samples(text):
    """name -> the sample's text in a README."""
    return {m.group(2): m.group(3) for m in BLOCK.finditer(text)}


def replaced(text, fresh):
    """The README with each sample named in `fresh` replaced by its fresh text."""
    return BLOCK.sub(lambda m: m.group(1) + fresh.get(m.group(2), m.group(3)) + m.group(4), text)


def normalised(sample):
    return re.sub(r"[0-9.]+ s wall", "N s wall", sample)


def drift(text, fresh):
    """A unified diff of every sample that differs from its fresh text, or "" when none does."""
    found = samples(text)
    out = []
    for name in SAMPLES:
        if name not in found:
            out.append(f"README.md: sample {name} is missing (<!-- sample {name} --> ... <!-- /sample -->)\n")
        elif normalised(found[name]) != normalised(fresh[name]):
            out += difflib.unified_diff(found[name].splitlines(True), fresh[name].splitlines(True),
                                        f"README.md ({name})", f"vsm today ({name})")
    return "".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true", help="exit 1 with a diff when a sample drifted")
    action.add_argument("--update", action="store_true", help="rewrite the samples in README.md")
    parser.add_argument("--vsm", default=os.path.join(SOURCE, "build/app/vsm"), help="the vsm binary")
    args = parser.parse_args()
    if args.check and os.environ.get("VSM_SANITIZED") == "1":
        print("README samples: not checked in the sanitized build (the Release build checks them)")
        return 77  # ctest's skip
    readme = os.path.join(SOURCE, "README.md")
    with open(readme) as f:
        text = f.read()
    vsm = os.path.abspath(args.vsm)
    fresh = {name: make(vsm) for name, make in SAMPLES.items()}
    if args.update:
        with open(readme, "w") as f:
            f.write(replaced(text, fresh))
        print(f"README.md: {len(fresh)} samples written")
        return 0
    difference = drift(text, fresh)
    if difference:
        sys.stdout.write(difference)
        print("README samples drifted: /usr/bin/python3 scripts/readme_samples.py --update rewrites them")
        return 1
    print(f"README.md: {len(fresh)} samples match what vsm prints today")
    return 0


if __name__ == "__main__":
    sys.exit(main())
