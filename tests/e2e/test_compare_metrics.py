"""`vsm compare` on a folder of learned-policy and malicious runs: the regret and reputation
metrics and their intervals, recomputed here from the result files with h5py, numpy and scipy
alone (no vsm code), from the definitions in the README ("Metrics", "Intervals").

Run by ctest as python.compare_metrics, with VSM_BINARY and VSM_SOURCE_DIR set.
"""
import json
import math
import os
import subprocess
import tempfile
import unittest

import h5py
import numpy as np
import yaml
from scipy import stats

VSM = os.environ.get("VSM_BINARY", "build/app/vsm")
SOURCE = os.environ.get("VSM_SOURCE_DIR", ".")
PAPER = os.path.join(SOURCE, "scenarios/paper-iov-contract.yaml")
MALICIOUS = os.path.join(SOURCE, "scenarios/malicious.yaml")
TINY_GDM = ["--set", "epochs=1", "--set", "gdm.diffusion_steps=5", "--set", "gdm.hidden=32", "--set", "gdm.batch=64",
            "--set", "gdm.updates_per_epoch=5", "--set", "gdm.critic_warmup_updates=20",
            "--set", "gdm.warmup_states=256", "--set", "test_states=32"]
SEEDS = (1, 2, 3)
Z = stats.norm.ppf(0.975)


def vsm(*args, cwd=None):
    run = subprocess.run([VSM, *args], capture_output=True, text=True, cwd=cwd)
    if run.returncode != 0:
        raise AssertionError(f"vsm {' '.join(args)}: exit {run.returncode}: {run.stderr}")
    return run.stdout


def tables(path):
    """Every table cut at its committed rows, and the recorded scenario."""
    with h5py.File(path, "r") as f:
        out = {}
        for name, group in f.items():
            rows = int(group.attrs["rows"])
            out[name] = {column: group[column][:rows] for column in group}
        return out, yaml.safe_load(f.attrs["scenario_yaml"])


# --- the metrics of one run, from their definitions --------------------------------------------

def regret(t, _):
    optimal, expected = t["rounds"]["server_utility_optimal"], t["rounds"]["server_utility_expected"]
    finite = np.isfinite(optimal)
    return float(np.mean(optimal[finite] - expected[finite])) if finite.any() else None


def has_cheats(t):
    return bool(t["vehicles"]["malicious"].any())


def malicious_trade_share(t, _):
    bad = t["trades"]["malicious"]
    return (float(bad.sum()), float(len(bad))) if has_cheats(t) and len(bad) else None


def value_undelivered_per_round(t, _):
    return float(np.mean(t["rounds"]["value_undelivered"])) if has_cheats(t) and len(t["rounds"]["t"]) else None


def exclusions(t, scenario):
    """vehicle -> when its reputation first fell below the threshold"""
    rep = t["reputation"]
    excluded = {}
    for v, at, value in zip(rep["vehicle"], rep["t"], rep["reputation"]):
        if value < scenario["reputation"]["threshold"]:
            excluded.setdefault(int(v), at)
    return excluded


def cheats_excluded_share(t, scenario):
    if "reputation" not in t:
        return None
    excluded = exclusions(t, scenario)
    traded = set(int(v) for v in t["trades"]["vehicle"])
    cheats = [int(v) for v, bad in zip(t["vehicles"]["id"], t["vehicles"]["malicious"]) if bad and int(v) in traded]
    return (float(sum(v in excluded for v in cheats)), float(len(cheats))) if cheats else None


def honest_excluded_share(t, scenario):
    if "reputation" not in t:
        return None
    excluded = exclusions(t, scenario)
    honest = [int(v) for v, bad in zip(t["vehicles"]["id"], t["vehicles"]["malicious"]) if not bad]
    return (float(sum(v in excluded for v in honest)), float(len(honest)))


def rounds_to_exclude_cheat(t, scenario):
    if "reputation" not in t:
        return None
    excluded = exclusions(t, scenario)
    malicious = dict(zip(t["vehicles"]["id"].tolist(), t["vehicles"]["malicious"].tolist()))
    rounds = {}
    for v, r, at in zip(t["trades"]["vehicle"].tolist(), t["trades"]["round"].tolist(), t["trades"]["t"]):
        if malicious[v] and v in excluded and at < excluded[v]:
            rounds.setdefault(v, set()).add(r)
    return float(np.mean([len(r) for r in rounds.values()])) if rounds else None


METRICS = {  # name -> (per-run function, aggregation)
    "regret_per_round": (regret, "mean"),
    "malicious_trade_share": (malicious_trade_share, "proportion"),
    "value_undelivered_per_round": (value_undelivered_per_round, "mean"),
    "cheats_excluded_share": (cheats_excluded_share, "proportion"),
    "honest_excluded_share": (honest_excluded_share, "proportion"),
    "rounds_to_exclude_cheat": (rounds_to_exclude_cheat, "bootstrap"),
}


# --- intervals, from their definitions ---------------------------------------------------------

def wilson(successes, trials):
    p, z2n = successes / trials, Z * Z / trials
    centre = (p + z2n / 2) / (1 + z2n)
    half = Z / (1 + z2n) * math.sqrt(p * (1 - p) / trials + z2n / (4 * trials))
    return max(0.0, centre - half), min(1.0, centre + half)


def pooled_wilson(counts):
    k = np.array([c[0] for c in counts])
    n = np.array([c[1] for c in counts])
    p = k.sum() / n.sum()
    effective = n.sum()
    if len(counts) >= 2 and 0 < p < 1:
        variance = len(counts) / (len(counts) - 1) * ((k - p * n) ** 2).sum() / n.sum() ** 2
        design_effect = variance / (p * (1 - p) / n.sum())
        if design_effect > 1:
            effective = n.sum() / design_effect
    return p, wilson(p * effective, effective)


class CompareMetrics(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        runs = os.path.join(d, "runs")
        vsm("train", "--policy", "gdm", "-o", "gdm.pt", "-q", *TINY_GDM, cwd=d)
        for seed in SEEDS:
            for policy in ("{name: contract.optimal}", f"{{name: contract.gdm, model: {d}/gdm.pt}}"):
                name = "gdm" if "gdm" in policy else "optimal"
                vsm("run", PAPER, "-o", f"{runs}/{name}-{seed}.h5", "-q", "--seed", str(seed), "--set", "duration=100",
                    "--set", f"edge_servers.0.policy={policy}")
            for reputation in ("true", "false"):
                vsm("run", MALICIOUS, "-o", f"{runs}/malicious-{reputation}-{seed}.h5", "-q", "--seed", str(seed),
                    "--set", "duration=200", "--set", f"reputation.enabled={reputation}")
        cls.by = ["name", "policy", "reputation.enabled"]
        cls.compared = json.loads(vsm("compare", runs, "--by", ",".join(cls.by), "--json"))
        cls.files = {}  # group label -> [(tables, scenario)]
        for file in sorted(os.listdir(runs)):
            t, scenario = tables(os.path.join(runs, file))
            values = [scenario["name"], scenario["edge_servers"][0]["policy"]["name"],
                      str(scenario["reputation"]["enabled"]).lower()]
            label = " ".join(f"{k}={v}" for k, v in zip(cls.by, values))
            cls.files.setdefault(label, []).append((t, scenario))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def row(self, group, metric):
        rows = [r for r in self.compared["rows"] if r["group"] == group and r["metric"] == metric]
        return rows[0] if rows else None

    def test_every_new_metric_and_its_interval_recomputed_from_the_files(self):
        checked = 0
        self.assertEqual(len(self.files), 4)
        for group, runs in self.files.items():
            for metric, (per_run, aggregation) in METRICS.items():
                values = [v for v in (per_run(t, s) for t, s in runs) if v is not None]
                row = self.row(group, metric)
                with self.subTest(group=group, metric=metric):
                    if not values:
                        self.assertIsNone(row, "a metric without data is absent")
                        continue
                    self.assertIsNotNone(row)
                    self.assertEqual(row["n"], len(values))
                    low, high = row["ci95"]
                    if aggregation == "proportion":
                        p, (want_low, want_high) = pooled_wilson(values)
                        self.assertAlmostEqual(row["mean"], p, places=12)
                        self.assertEqual(row["interval"], "wilson")
                        self.assertAlmostEqual(low, want_low, places=10)
                        self.assertAlmostEqual(high, want_high, places=10)
                        self.assertTrue(0 <= low <= p <= high <= 1)
                    else:
                        self.assertAlmostEqual(row["mean"], np.mean(values), delta=1e-9 * max(1, abs(np.mean(values))))
                        if len(set(values)) == 1:
                            self.assertEqual(row["interval"], "none: all runs equal")
                            self.assertEqual((low, high), (values[0], values[0]))
                        elif aggregation == "mean":
                            half = stats.t.ppf(0.975, len(values) - 1) * np.std(values, ddof=1) / math.sqrt(len(values))
                            self.assertEqual(row["interval"], "student-t")
                            self.assertAlmostEqual(low, np.mean(values) - half, delta=1e-7 * abs(half) + 1e-12)
                            self.assertAlmostEqual(high, np.mean(values) + half, delta=1e-7 * abs(half) + 1e-12)
                        else:
                            self.assertEqual(row["interval"], "bootstrap")
                            self.assertTrue(min(values) <= low <= row["mean"] <= high <= max(values))
                    checked += 1
        print(f"{checked} (group, metric) rows recomputed from the files")
        self.assertEqual(checked, 11)  # regret in all four groups; cheats in two; reputations in one

    def test_regret_is_zero_for_the_optimum_and_positive_for_an_untrained_gdm(self):
        optimal = self.row("name=paper-iov-contract policy=contract.optimal reputation.enabled=false", "regret_per_round")
        gdm = self.row("name=paper-iov-contract policy=contract.gdm reputation.enabled=false", "regret_per_round")
        self.assertEqual(optimal["mean"], 0)
        self.assertGreater(gdm["mean"], 0)

    def test_the_optimum_recorded_is_the_closed_form_of_the_papers_model(self):
        # Every cost c is 1: one item for all, effort e = (a2 b2)^(1/(b2+1)) - 1, reward R = e (IR
        # binds), so U* = a1 E[theta^b1] - a2 (1 + e)^-b2 - e per vehicle in coverage.
        for group, runs in self.files.items():
            if "paper-iov-contract" not in group:
                continue
            for t, scenario in runs:
                v = scenario["edge_servers"][0]["valuation"]
                e = (v["a2"] * v["b2"]) ** (1 / (v["b2"] + 1)) - 1
                types = scenario["vehicles"]["types"]
                value = sum(x["probability"] * v["a1"] * x["theta"] ** v["b1"] for x in types)
                per_vehicle = value - v["a2"] * (1 + e) ** -v["b2"] - e
                np.testing.assert_allclose(t["rounds"]["server_utility_optimal"],
                                           t["rounds"]["offered"] * per_vehicle, rtol=1e-12)

    def test_value_undelivered_is_the_value_claimed_less_the_value_delivered(self):
        # Per server round, over the trades paid (on time): a1 (claimed^b1 - delivered^b1), never
        # negative; the latency term of the valuation is the same for both and cancels.
        for group, runs in self.files.items():
            if "malicious" not in group:
                continue
            for t, scenario in runs:
                tr, rounds = t["trades"], t["rounds"]
                want = {}
                for r, s, on_time, claimed, quality in zip(tr["round"], tr["server"], tr["on_time"],
                                                           tr["quality_claimed"], tr["quality"]):
                    v = scenario["edge_servers"][int(s)]["valuation"]
                    paid = on_time * max(0.0, v["a1"] * (claimed ** v["b1"] - quality ** v["b1"]))
                    want[(int(r), int(s))] = want.get((int(r), int(s)), 0.0) + paid
                got = {(int(r), int(s)): u for r, s, u in zip(rounds["round"], rounds["server"], rounds["value_undelivered"])}
                self.assertGreater(sum(want.values()), 0)
                for key, value in got.items():
                    self.assertAlmostEqual(value, want.get(key, 0.0), delta=1e-9 * max(1.0, value))

    def test_reputations_cut_what_cheats_get_away_with(self):
        on = "name=malicious policy=contract.optimal reputation.enabled=true"
        off = "name=malicious policy=contract.optimal reputation.enabled=false"
        self.assertLess(self.row(on, "malicious_trade_share")["ci95"][1], self.row(off, "malicious_trade_share")["ci95"][0])
        self.assertLess(self.row(on, "value_undelivered_per_round")["mean"],
                        self.row(off, "value_undelivered_per_round")["mean"])
        self.assertIsNone(self.row(off, "cheats_excluded_share"), "no reputations, no exclusions")


if __name__ == "__main__":
    unittest.main()
