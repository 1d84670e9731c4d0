#!/usr/bin/python3
"""The malicious-vehicles study of the blockchain layer (README "Reputation and malicious
vehicles"): scenarios/malicious.yaml (20% of 60 vehicles cheat: claim the top type's item and
deliver low-quality data) with reputations on and off, over seeds 1..10, compared by
`vsm compare` (its metrics and intervals, README "Metrics" and "Intervals"). Prints a Markdown
table: mean [95% interval] (method).

    /usr/bin/python3 bench/malicious_study.py [VSM_BINARY]
"""
import json
import os
import subprocess
import sys
import tempfile

SEEDS = range(1, 11)
METRICS = ["malicious_trade_share", "value_undelivered_per_round", "server_utility_per_round",
           "cheats_excluded_share", "rounds_to_exclude_cheat", "honest_excluded_share"]
SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def cell(row):
    if row is None:
        return "n/a"
    mean, (low, high), method = row["mean"], row["ci95"], row["interval"]
    if method.startswith("none"):
        return f"{mean:.3g} ({method[6:]})"
    return f"{mean:.3g} [{low:.3g}, {high:.3g}] ({method})"


def study(vsm):
    """The table, as Markdown lines."""
    with tempfile.TemporaryDirectory() as tmp:
        for seed in SEEDS:
            for reputation in ("true", "false"):
                subprocess.run([vsm, "run", os.path.join(SOURCE, "scenarios/malicious.yaml"), "-q", "--force",
                                "-o", os.path.join(tmp, f"{seed}-{reputation}.h5"), "--seed", str(seed),
                                "--set", f"reputation.enabled={reputation}"], check=True, stdout=subprocess.DEVNULL)
        compared = json.loads(subprocess.run([vsm, "compare", tmp, "--by", "reputation.enabled", "--metric",
                                              ",".join(METRICS), "--json"], check=True, capture_output=True,
                                             text=True).stdout)
    rows = {(r["group"], r["metric"]): r for r in compared["rows"]}
    lines = [f"| metric ({len(SEEDS)} seeds) | reputation on | reputation off |", "|---|---|---|"]
    for metric in METRICS:
        on, off = (rows.get((f"reputation.enabled={v}", metric)) for v in ("true", "false"))
        lines.append(f"| `{metric}` | {cell(on)} | {cell(off)} |")
    return lines


if __name__ == "__main__":
    print("\n".join(study(sys.argv[1] if len(sys.argv) > 1 else os.path.join(SOURCE, "build/app/vsm"))))
