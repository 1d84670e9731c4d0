"""Network-aware contracts against the clairvoyant bound (issue 19), on scenarios/highway-hotspots.yaml
shortened to 300 s, over many seeds, read back with h5py alone:

- the bound (/rounds/server_utility_bound) is finite in every round of a contract policy and
  never below the utility the server realised in that round, whatever the policy (the
  network-blind optimum, coverage_aware, random menus, and coverage_aware among cheats);
- IR and IC hold for every menu coverage_aware and the optimum offered (0 violations);
- late and lost data are neither paid nor worth anything, and the rounds add up their trades;
- coverage_aware earns more than the network-blind optimum on every seed, and the same seed
  gives the same file, bit for bit;
- in crowded cells (city-10k's grid) coverage_aware's air-time plan keeps uploads on time that
  would crowd each other late without it;
- rounds that are not contract menus (stackelberg), or vehicles that do not pace their sensing,
  have no bound (NaN), and `vsm compare`'s bound_per_round and gap_to_bound_per_round are the
  README's definitions with their Student-t intervals, drawn against each other where a bound
  exists.

Run by ctest as python.network_aware, with VSM_BINARY and VSM_SOURCE_DIR set.
"""
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np
from scipy import stats

VSM = os.environ.get("VSM_BINARY", "build/app/vsm")
SOURCE = os.environ.get("VSM_SOURCE_DIR", ".")
HIGHWAY = os.path.join(SOURCE, "scenarios/highway-hotspots.yaml")
CITY = os.path.join(SOURCE, "scenarios/city-10k.yaml")
SERVERS = 6
SEEDS = range(1, 9) if os.environ.get("VSM_SANITIZED") != "1" else range(1, 3)
POLICIES = ("contract.optimal", "contract.coverage_aware", "contract.random")
SHORT = ["--set", "duration=300"]


def vsm(*args):
    run = subprocess.run([VSM, *args], capture_output=True, text=True)
    if run.returncode != 0:
        raise AssertionError(f"vsm {' '.join(args)}: exit {run.returncode}: {run.stderr}")
    return run.stdout


def every_server(policy):
    return [a for i in range(SERVERS) for a in ("--set", f"edge_servers.{i}.policy.name={policy}")]


def tables(path):
    with h5py.File(path, "r") as f:
        return {name: {c: g[c][:int(g.attrs["rows"])] for c in g} for name, g in f.items() if "rows" in g.attrs}


class NetworkAware(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.runs = {}  # (policy, seed) -> tables
        cls.dir = os.path.join(cls.tmp.name, "runs")
        os.makedirs(cls.dir)
        for policy in POLICIES:
            for seed in SEEDS:
                path = os.path.join(cls.dir, f"{policy}-{seed}.h5")
                vsm("run", HIGHWAY, *SHORT, *every_server(policy), "--seed", str(seed), "-o", path, "-q")
                cls.runs[policy, seed] = tables(path)
        cls.cheats = {}
        for seed in SEEDS:
            path = os.path.join(cls.tmp.name, f"cheats-{seed}.h5")
            vsm("run", HIGHWAY, *SHORT, *every_server("contract.coverage_aware"), "--seed", str(seed), "-o", path,
                "-q", "--set", "vehicles.malicious={fraction: 0.3, behaviour: claim_high}")
            cls.cheats[seed] = tables(path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def every_run(self):
        yield from ((f"{p} seed {s}", t) for (p, s), t in self.runs.items())
        yield from ((f"coverage_aware with cheats, seed {s}", t) for s, t in self.cheats.items())

    def test_the_bound_is_never_below_what_any_policy_realised(self):
        rounds = gaps = 0
        for label, t in self.every_run():
            r = t["rounds"]
            bound, realised = r["server_utility_bound"], r["server_utility"]
            with self.subTest(run=label):
                self.assertGreater(len(bound), 0)
                self.assertTrue(np.isfinite(bound).all(), "every contract round has a bound")
                below = bound < realised - 1e-9 * np.maximum(1, np.abs(realised))
                self.assertFalse(below.any(), f"rounds {np.flatnonzero(below)[:5]}: bound below realised")
                rounds += len(bound)
                gaps += int((bound > realised + 1e-6).sum())
        print(f"{rounds} rounds checked, the bound strictly above in {gaps}", file=sys.stderr)
        self.assertGreater(gaps, rounds // 2, "a bound that is met everywhere tests nothing")

    def test_menus_offered_keep_ir_and_ic(self):
        for (policy, seed), t in self.runs.items():
            if policy == "contract.random":
                continue  # a baseline that makes no promise
            with self.subTest(policy=policy, seed=seed):
                self.assertEqual(int(t["rounds"]["ir_violations"].sum()), 0)
                self.assertEqual(int(t["rounds"]["ic_violations"].sum()), 0)

    def test_late_and_lost_data_earn_nothing_and_rounds_add_up_their_trades(self):
        for label, t in self.every_run():
            trades, rounds = t["trades"], t["rounds"]
            late = trades["on_time"] == 0
            with self.subTest(run=label):
                self.assertTrue((trades["reward"][late] == 0).all())
                self.assertTrue((trades["server_utility"][late] == 0).all())
                for row in range(len(rounds["round"])):
                    mine = (trades["round"] == rounds["round"][row]) & (trades["server"] == rounds["server"][row])
                    self.assertAlmostEqual(rounds["server_utility"][row], trades["server_utility"][mine].sum(),
                                           delta=1e-9 * max(1.0, abs(rounds["server_utility"][row])))

    def test_coverage_aware_beats_the_network_blind_optimum_on_every_seed(self):
        for seed in SEEDS:
            blind = self.runs["contract.optimal", seed]["rounds"]
            aware = self.runs["contract.coverage_aware", seed]["rounds"]
            with self.subTest(seed=seed):
                self.assertGreater(aware["server_utility"].mean(), blind["server_utility"].mean())
                self.assertGreater(int(aware["withheld"].sum()), 0, "some vehicles are too short-lived to offer")
                # what it recovers of what the blind optimum loses against the bound
                lost = np.mean(blind["server_utility_bound"] - blind["server_utility"])
                left = np.mean(aware["server_utility_bound"] - aware["server_utility"])
                self.assertLess(left, lost)

    def test_the_same_seed_gives_the_same_file(self):
        again = os.path.join(self.tmp.name, "again.h5")
        seed = SEEDS[-1]  # one the class ran (fewer when sanitized)
        vsm("run", HIGHWAY, *SHORT, *every_server("contract.coverage_aware"), "--seed", str(seed), "-o", again, "-q")
        first = os.path.join(self.dir, f"contract.coverage_aware-{seed}.h5")
        same = subprocess.run([sys.executable, os.path.join(SOURCE, "scripts/same_results.py"), first, again],
                              capture_output=True, text=True)
        self.assertEqual(same.returncode, 0, same.stdout + same.stderr)

    def test_no_bound_without_contracts_or_without_paced_sensing(self):
        for name, extra in (("stackelberg", every_server("stackelberg")),
                            ("drawn", ["--set", "vehicles.sensing=drawn", "--set", "vehicles.upload_margin=~"])):
            path = os.path.join(self.tmp.name, f"{name}.h5")
            vsm("run", HIGHWAY, *SHORT, *extra, "-o", path, "-q")
            with self.subTest(run=name):
                bound = tables(path)["rounds"]["server_utility_bound"]
                self.assertGreater(len(bound), 0)
                self.assertTrue(np.isnan(bound).all())

    def test_compare_draws_utility_against_the_bound_only_where_there_is_one(self):
        with_bound = os.path.join(self.tmp.name, "figures")
        vsm("compare", self.dir, "--by", "policy", "--plots", with_bound)
        self.assertTrue(os.path.isfile(os.path.join(with_bound, "utility-vs-bound.png")))
        without = os.path.join(self.tmp.name, "no-bound")
        os.makedirs(without)
        vsm("run", HIGHWAY, *SHORT, *every_server("stackelberg"), "-o", os.path.join(without, "s.h5"), "-q")
        vsm("compare", without, "--by", "policy", "--plots", os.path.join(without, "figures"))
        figures = os.listdir(os.path.join(without, "figures"))
        self.assertIn("utility-over-time.png", figures)
        self.assertNotIn("utility-vs-bound.png", figures)

    def test_compare_reports_the_bound_and_the_gap_with_their_intervals(self):
        compared = json.loads(vsm("compare", self.dir, "--by", "policy", "--json",
                                  "--metric", "bound_per_round,gap_to_bound_per_round"))
        rows = {(r["group"], r["metric"]): r for r in compared["rows"]}
        for policy in POLICIES:
            runs = [self.runs[policy, s]["rounds"] for s in SEEDS]
            for metric, per_run in (("bound_per_round", lambda r: r["server_utility_bound"].mean()),
                                    ("gap_to_bound_per_round",
                                     lambda r: (r["server_utility_bound"] - r["server_utility"]).mean())):
                values = np.array([per_run(r) for r in runs])
                row = rows[f"policy={policy}", metric]
                with self.subTest(policy=policy, metric=metric):
                    self.assertEqual(row["n"], len(values))
                    self.assertAlmostEqual(row["mean"], values.mean(), delta=1e-9 * abs(values.mean()))
                    half = stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / math.sqrt(len(values))
                    self.assertEqual(row["interval"], "student-t")
                    low, high = row["ci95"]
                    self.assertAlmostEqual(low, values.mean() - half, delta=1e-7 * half)
                    self.assertAlmostEqual(high, values.mean() + half, delta=1e-7 * half)


class CrowdedCells(unittest.TestCase):
    """city-10k's 20 cells with 3,000 vehicles pacing their sensing for 300 s: about 150 uploads
    a round on each 802.11 cell, more than one upload margin (1 s) of air can carry at once."""

    def uploads(self, airtime_share):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "run.h5")
            spec = f"{{name: contract.coverage_aware, airtime_share: {airtime_share}}}"
            policy = [a for i in range(20) for a in ("--set", f"edge_servers.{i}.policy={spec}")]
            vsm("run", CITY, *policy, "--set", "vehicles.count=3000", "--set", "duration=300", "--set",
                "vehicles.sensing=paced", "--set", "vehicles.sensing_time=~", "--seed", "5", "-o", path, "-q")
            return tables(path)["uploads"]

    def test_planning_the_air_keeps_uploads_on_time(self):
        late = 2  # /uploads outcome: arrived after its deadline
        planned = self.uploads(0.9)
        unplanned = self.uploads(1000)  # every window "fits": the latencies capped by dwell alone
        self.assertGreater(len(planned["outcome"]), 5000)
        self.assertLess(np.mean(planned["outcome"] == late), 0.05)
        self.assertGreater(np.mean(unplanned["outcome"] == late), 0.25)


if __name__ == "__main__":
    unittest.main()
