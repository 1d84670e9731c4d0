#!/usr/bin/python3
"""The malicious-vehicles study of the blockchain layer (README "Reputation and malicious
vehicles"): scenarios/malicious.yaml (20% of 60 vehicles cheat: claim the top type's item and
deliver low-quality data) with reputations on and off, over seeds 1..10. Prints a Markdown
table of means with Student-t 95% confidence intervals.

    /usr/bin/python3 bench/malicious_study.py [VSM_BINARY]
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import yaml

T_975 = {9: 2.262}  # Student t quantile for 10 seeds (9 degrees of freedom)
SEEDS = range(1, 11)


def run(vsm, out, seed, reputation):
    subprocess.run([vsm, "run", "scenarios/malicious.yaml", "-o", out, "-q", "--force", "--seed", str(seed),
                    "--set", f"reputation.enabled={'true' if reputation else 'false'}"], check=True,
                   stdout=subprocess.DEVNULL)


def metrics(path):
    f = h5py.File(path, "r")
    scenario = yaml.safe_load(f.attrs["scenario_yaml"])
    a1 = scenario["edge_servers"][0]["valuation"]["a1"]
    period = scenario["market"]["round_period"]
    threshold = scenario["reputation"]["threshold"]
    t = {c: f["trades"][c][:] for c in f["trades"]}
    bad = t["malicious"] == 1
    m = {
        "malicious trades": bad.sum(),
        # value paid for and not delivered (b1 = 1: revenue is a1 x quality)
        "utility lost to cheats": a1 * (t["quality_claimed"][bad] - t["quality"][bad]).sum(),
        "server utility per round": f["rounds"]["server_utility"][:].mean(),
    }
    if "reputation" in f:
        malicious = f["vehicles"]["malicious"][:] == 1
        rep = {c: f["reputation"][c][:] for c in f["reputation"]}
        low = rep["reputation"] < threshold
        excluded_at = {}
        for v, at in zip(rep["vehicle"][low], rep["t"][low]):
            excluded_at.setdefault(int(v), at)
        first_trade = {}
        for v, at in zip(t["vehicle"], t["t"]):
            first_trade.setdefault(int(v), at)
        cheats = [v for v in np.flatnonzero(malicious) if v in first_trade]
        delays = [(excluded_at[v] - first_trade[v]) / period for v in cheats if v in excluded_at]
        m["cheats excluded (share)"] = len(delays) / len(cheats)
        m["rounds to exclude a cheat"] = np.mean(delays)
        honest = np.flatnonzero(~malicious)
        m["honest ever excluded (share)"] = np.mean([v in excluded_at for v in honest])
    return m


def ci(values):
    values = np.asarray(values, dtype=float)
    half = T_975[len(values) - 1] * values.std(ddof=1) / np.sqrt(len(values))
    return f"{values.mean():.3g} [{values.mean() - half:.3g}, {values.mean() + half:.3g}]"


def main():
    vsm = sys.argv[1] if len(sys.argv) > 1 else "build/app/vsm"
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    results = {True: [], False: []}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in SEEDS:
            for reputation in (True, False):
                out = os.path.join(tmp, f"{seed}-{reputation}.h5")
                run(vsm, out, seed, reputation)
                results[reputation].append(metrics(out))
    keys = list(results[True][0].keys())
    print("| metric (mean [95% CI], 10 seeds) | reputation on | reputation off |")
    print("|---|---|---|")
    for k in keys:
        on = ci([r[k] for r in results[True]])
        off = ci([r[k] for r in results[False]]) if k in results[False][0] else "n/a"
        print(f"| {k} | {on} | {off} |")


if __name__ == "__main__":
    main()
