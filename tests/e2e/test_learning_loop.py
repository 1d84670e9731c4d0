"""Learning in the loop (issue 19): `vsm train --policy gdm|ppo --env scenario:FILE` on
scenarios/highway-hotspots.yaml shortened to 120 s, read back with h5py alone:

- training is deterministic for its seed: two trainings give the same /training curve and
  models that act the same, bit for bit, in a run;
- the curve counts the market rounds it trained on, and its test is what a greedy run of the
  model on the held-out validation seed gives: server utility per server and round, and the gap
  to the clairvoyant bound, recomputed here from that run's /rounds;
- a model trained in the loop offers every vehicle its own menu or none: IR and IC hold for every
  menu (0 violations) even acting at random, the bound is never below the utility realised, and
  the experience it records is one row per vehicle offered to, its gate closed only for vehicles
  the round counts as withheld (the air-time plan withholds more);
- bad input is one line and exit 2: an unknown --env, a missing scenario, a validation seed among
  the training seeds, and `vsm eval` of a model that acts per vehicle.

Run by ctest as python.learning_loop, with VSM_BINARY and VSM_SOURCE_DIR set.
"""
import glob
import math
import os
import shutil
import subprocess
import tempfile
import unittest

import h5py
import numpy as np

VSM = os.environ.get("VSM_BINARY", "build/app/vsm")
SOURCE = os.environ.get("VSM_SOURCE_DIR", ".")
HIGHWAY = os.path.join(SOURCE, "scenarios/highway-hotspots.yaml")
SERVERS = 6
SHORT = ["--set", "duration=120"]
VALIDATION = 101
TYPES = 2
STATE = 3 + 2 * TYPES + 4  # contract_env.hpp, "Network observation"
ACTION = 2 * TYPES + 1
# Small enough for a test, and for the sanitized build.
TINY = ["--set", "epochs=2", "--set", "loop.episodes_per_epoch=1", "--set", f"loop.validation_seeds=[{VALIDATION}]",
        "--set", "loop.jobs=1"]
POLICY_SETS = {
    "ppo": ["--set", "ppo.hidden=16", "--set", "ppo.update_epochs=2"],
    "gdm": ["--set", "gdm.hidden=16", "--set", "gdm.diffusion_steps=3", "--set", "gdm.critic_warmup_updates=20",
            "--set", "gdm.updates_per_epoch=5", "--set", "gdm.action_candidates=2", "--set", "gdm.batch=64"],
}
if os.environ.get("VSM_SANITIZED") == "1":  # the sanitized build checks memory, on PPO alone (GDM: 2x slower)
    del POLICY_SETS["gdm"]


def vsm(*args, expect=0):
    run = subprocess.run([VSM, *args], capture_output=True, text=True)
    if run.returncode != expect:
        raise AssertionError(f"vsm {' '.join(args)}: exit {run.returncode}, expected {expect}: {run.stderr}")
    return run


def every_server(policy):
    return [a for i in range(SERVERS) for a in ("--set", f"edge_servers.{i}.policy={policy}")]


def table(path, name):
    with h5py.File(path, "r") as f:
        g = f[name]
        return {c: g[c][:int(g.attrs["rows"])] for c in g}


class LearningLoop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.models = {}
        for kind in POLICY_SETS:
            for copy in ("a", "b"):
                model = os.path.join(cls.tmp.name, f"{kind}-{copy}.pt")
                keep = ["--keep-runs"] if copy == "a" else []
                vsm("train", "--policy", kind, "--env", f"scenario:{HIGHWAY}", "--env-set", "duration=120", *TINY,
                    *POLICY_SETS[kind], "-o", model, "--seed", "7", "-q", *keep)
                cls.models[kind, copy] = model
            cls.models[kind, "same"] = os.path.join(cls.tmp.name, f"{kind}-same.pt")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_model(self, kind, copy, seed, name, explore="none", experience=None):
        policy = f'{{name: contract.{kind}, model: "{self.models[kind, copy]}", explore: {explore}'
        policy += f', experience: "{experience}"}}' if experience else "}"
        path = os.path.join(self.tmp.name, name)
        vsm("run", HIGHWAY, *SHORT, *every_server(policy), "--seed", str(seed), "-o", path, "--force", "-q")
        return path

    def test_training_is_deterministic_for_its_seed(self):
        for kind in POLICY_SETS:
            a = table(os.path.splitext(self.models[kind, "a"])[0] + ".h5", "training")
            b = table(os.path.splitext(self.models[kind, "b"])[0] + ".h5", "training")
            for column in ("epoch", "step", "test_reward", "test_regret", "actor_loss", "critic_loss", "rounds"):
                np.testing.assert_array_equal(a[column], b[column], err_msg=f"{kind} {column}")
            # Each model acts under one name, as the run records its path.
            runs = []
            for copy in ("a", "b"):
                shutil.copyfile(self.models[kind, copy], self.models[kind, "same"])
                runs.append(self.run_model(kind, "same", 3, f"{kind}-{copy}-3.h5"))
            first, second = runs
            same = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "scripts/same_results.py"), first, second],
                                  capture_output=True, text=True)
            self.assertEqual(same.returncode, 0, f"{kind}: {same.stdout}{same.stderr}")

    def test_curve_is_what_the_validation_run_gives(self):
        for kind in POLICY_SETS:
            curve = table(os.path.splitext(self.models[kind, "a"])[0] + ".h5", "training")
            np.testing.assert_array_equal(curve["epoch"], [0, 1, 2])
            # Epoch k trained on one run with seed k (kept by --keep-runs), and counts its market
            # rounds: a server is busy until its round's data is in, so the policy sets how many.
            runs = self.models[kind, "a"] + ".runs"
            rounds = [len(set(table(os.path.join(runs, f"episode-{seed}.h5"), "rounds")["round"])) for seed in (1, 2)]
            self.assertGreater(min(rounds), 0)
            self.assertTrue(os.path.isdir(os.path.join(runs, "experience-2")))
            np.testing.assert_array_equal(curve["rounds"], [0, rounds[0], rounds[0] + rounds[1]])
            self.assertTrue(np.all(np.diff(curve["wall_s"]) > 0))
            # The last row tests the final model: its greedy run on the validation seed.
            r = table(self.run_model(kind, "a", VALIDATION, f"{kind}-validation.h5"), "rounds")
            self.assertAlmostEqual(curve["test_reward"][-1], r["server_utility"].mean(), delta=1e-6)
            gap = (r["server_utility_bound"] - r["server_utility"]).mean()
            self.assertAlmostEqual(curve["test_regret"][-1], gap, delta=1e-6)

    def test_every_menu_is_feasible_and_below_the_bound(self):
        for kind in POLICY_SETS:
            for explore in ("none", "uniform"):
                r = table(self.run_model(kind, "a", 5, f"{kind}-{explore}.h5", explore), "rounds")
                self.assertEqual(int(r["ir_violations"].sum()), 0, f"{kind} {explore}")
                self.assertEqual(int(r["ic_violations"].sum()), 0, f"{kind} {explore}")
                self.assertTrue(np.all(np.isfinite(r["server_utility_bound"])))
                self.assertTrue(np.all(r["server_utility_bound"] >= r["server_utility"] - 1e-6))

    def test_experience_is_one_row_per_vehicle_offered_to(self):
        for kind in POLICY_SETS:
            directory = os.path.join(self.tmp.name, f"experience-{kind}")
            os.makedirs(directory, exist_ok=True)
            path = self.run_model(kind, "a", 6, f"{kind}-experience.h5", "uniform", directory)
            rows = np.concatenate([np.fromfile(f).reshape(-1, 3 + STATE + ACTION)
                                   for f in sorted(glob.glob(os.path.join(directory, "*.bin")))])
            r = table(path, "rounds")
            self.assertEqual(len(rows), int(r["offered"].sum()))
            closed = rows[:, -1] < 0  # the gate
            # A closed gate is an offer withheld; so is a menu the air-time plan had no room for
            # (paced sensing), which random menus crowding the hotspots' cells meet.
            for rnd, server, withheld in zip(r["round"], r["server"], r["withheld"]):
                mine = (rows[:, 0] == rnd) & (rows[:, 1] == server)
                self.assertLessEqual(int((closed & mine).sum()), int(withheld))
            self.assertGreater(int(r["withheld"].sum()), int(closed.sum()))
            self.assertTrue(0 < closed.mean() < 1)  # uniform gates: some of each
            # Every trade was made with a vehicle the policy acted for, its gate open.
            t = table(path, "trades")
            acted = {(int(a), int(b), int(c)): g for a, b, c, g in zip(rows[:, 0], rows[:, 1], rows[:, 2], closed)}
            for key in zip(t["round"], t["server"], t["vehicle"]):
                self.assertFalse(acted[tuple(int(k) for k in key)])
            # The features: dwell within [0, 2 Lmax], heading 0 or 1, reputation 1 (none kept).
            features = rows[:, 3 + 3 + 2 * TYPES: 3 + STATE]
            self.assertTrue(np.all((features[:, 0] >= 0) & (features[:, 0] <= 300)))
            self.assertTrue(set(np.unique(features[:, 1])) <= {0.0, 1.0})
            self.assertTrue(np.all(features[:, 3] == 1))

    def test_bad_input_is_one_line_and_exit_2(self):
        out = os.path.join(self.tmp.name, "bad.pt")
        cases = [
            (["train", "--policy", "ppo", "--env", "road", "-o", out], "--env"),
            (["train", "--policy", "ppo", "--env", "scenario:/nonexistent/city.yaml", "-o", out], "/nonexistent/city.yaml"),
            (["train", "--policy", "ppo", "--env", f"scenario:{HIGHWAY}", "--set", "loop.validation_seeds=[3]",
              "--set", "epochs=2", "-o", out], "validation seed 3"),
            (["train", "--policy", "ppo", "--env-set", "duration=5", "-o", out], "--env-set"),
            (["eval", "--policy", f"ppo:{self.models['ppo', 'a']}"], "vsm run"),
        ]
        for args, named in cases:
            run = vsm(*args, expect=2)
            self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)
            self.assertIn(named, run.stderr)
        self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    unittest.main()
