"""Competing servers (market.competition: best_offer, issue 19), read back with h5py alone.

Three servers on a highway whose coverage overlaps, each posting a fixed menu the test knows, in
the screening cost model (U = theta R - C (Lmax/L - 1) with one C for all), so that which menu a
vehicle prefers depends on its theta: rsu-a pays much for a short deadline, rsu-b and rsu-c
little for a long one (the same menu: their shared vehicles are ties). From the vehicles'
sampled positions and servers alone, recomputed here:

- every trade is with the server whose menu is worth most to the vehicle among those covering
  it, ties to the server whose radio it uses, then to the lower index; a vehicle that gains from
  no menu trades with nobody, and no vehicle trades twice at one instant;
- each round's `offered`, `contested` and `lost_to_rivals` count exactly those vehicles;
- the same seed gives the same file bit for bit, and `competition: none` sells each vehicle
  only to the server whose radio it uses;
- `vsm compare`'s lost_to_rivals_rate is the README's pooled share with its Wilson interval;
- a run interrupted by SIGINT stops cleanly (no server left waiting for a rival);
- a non-contract policy under best_offer is refused with a located one-line error, exit 2.

Run by ctest as python.competition, with VSM_BINARY and VSM_SOURCE_DIR set.
"""
import collections
import json
import math
import os
import signal
import subprocess
import tempfile
import time
import unittest

import h5py

from test_compare_metrics import pooled_wilson  # the README's pooled Wilson interval
from test_network_aware import tables  # every table cut at its committed rows

VSM = os.environ.get("VSM_BINARY", "build/app/vsm")
SOURCE = os.environ.get("VSM_SOURCE_DIR", ".")
LATENCY_MAX, COST = 150.0, 100.0
# (latency, reward) of each server's two items; positions on the x axis, radius 750 m.
MENUS = {0: [(30, 5.0), (30, 5.0)], 1: [(100, 1.0), (100, 1.0)], 2: [(100, 1.0), (100, 1.0)]}
POSITIONS = {0: 1000.0, 1: 1800.0, 2: 2600.0}
RADIUS = 750.0
ROAD_Y = 60.0  # the servers stand beside the road

SCENARIO = f"""
name: competition-test
seed: 3
duration: 400
market: {{round_period: 10, latency_max: {LATENCY_MAX:g}, cost_model: screening, cost_scale: {COST:g},
          competition: best_offer}}
vehicles:
  count: 120
  data_megabytes: 0.25
  types:
    - {{name: low,  theta: [10, 100],  probability: 0.5}}
    - {{name: high, theta: [100, 200], probability: 0.5}}
mobility: {{model: highway, area: [3600, 100], tick: 1}}
radio: {{model: wifi}}
edge_servers:
""" + "".join(
    f"  - {{name: rsu-{'abc'[s]}, position: [{POSITIONS[s]:g}, {ROAD_Y:g}], coverage_radius: {RADIUS:g}, policy: "
    f"{{name: contract.fixed, items: [{', '.join(f'{{latency: {l}, reward: {r}}}' for l, r in MENUS[s])}]}}}}\n"
    for s in MENUS) + "output: {mobility_every: 10}\n"


def vsm(*args):
    return subprocess.run([VSM, *args], capture_output=True, text=True)


def value(server, theta):
    """What the server's menu is worth to a vehicle of this theta: its best item's utility, or
    None when every item leaves it worse off (it declines)."""
    best = max(theta * r - COST * (LATENCY_MAX / l - 1) for l, r in MENUS[server])
    return best if best >= 0 else None


class Competition(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.scenario = os.path.join(cls.tmp.name, "competition.yaml")
        with open(cls.scenario, "w") as f:
            f.write(SCENARIO)
        cls.path = os.path.join(cls.tmp.name, "run.h5")
        run = vsm("run", cls.scenario, "-o", cls.path, "-q")
        assert run.returncode == 0, run.stderr
        cls.t = tables(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def expected(self):
        """Per round instant at which every server opened a round (none busy with an earlier
        one, so no vehicle had a deal under way): per server the vehicles it offered to, contested
        and lost, and the trades (t, vehicle) -> server that best_offer must make."""
        rounds, mobility = self.t["rounds"], self.t["mobility"]
        theta = dict(zip(self.t["vehicles"]["id"], self.t["vehicles"]["theta"]))
        instants = collections.Counter(rounds["t"])
        counts, trades = {}, {}
        for t, servers in instants.items():
            if servers != len(MENUS):
                continue
            at = mobility["t"] == t
            for v, x, y, serving in zip(mobility["vehicle"][at], mobility["x"][at], mobility["y"][at],
                                        mobility["server"][at]):
                if serving < 0:
                    continue
                heard = [s for s in MENUS if math.sqrt((x - POSITIONS[s]) ** 2 + (y - ROAD_Y) ** 2) <= RADIUS]
                offers = [(value(s, theta[v]), s) for s in heard]
                for s in heard:
                    c = counts.setdefault((t, s), [0, 0, 0])
                    c[0] += 1
                    c[1] += len(heard) > 1
                taking = [o for o in offers if o[0] is not None]
                pool = taking or offers
                top = max(o[0] for o in pool) if taking else None
                best = [s for val, s in pool if val == top]
                winner = serving if serving in best else min(best)
                for s in heard:
                    counts[(t, s)][2] += s != winner
                if taking:
                    trades[(t, v)] = winner
        return counts, trades

    def test_every_vehicle_trades_with_the_menu_best_for_it(self):
        counts, trades = self.expected()
        self.assertGreater(len(counts), 30)
        made = collections.defaultdict(list)
        for t, v, s in zip(self.t["trades"]["t"], self.t["trades"]["vehicle"], self.t["trades"]["server"]):
            made[(t, v)].append(s)
        self.assertTrue(all(len(s) == 1 for s in made.values()), "a vehicle traded twice at one instant")
        checked = {key: s[0] for key, s in made.items() if key[0] in {t for t, _ in counts}}
        self.assertEqual(checked, trades)
        # The menus compete: each server wins some vehicles covered by a rival and loses others.
        winners = collections.Counter(trades.values())
        self.assertEqual(set(winners), set(MENUS))

    def test_rounds_count_the_vehicles_offered_contested_and_lost(self):
        counts, _ = self.expected()
        instants = {t for t, _ in counts}
        rounds = self.t["rounds"]
        recorded = {(t, s): [o, c, l] for t, s, o, c, l in zip(rounds["t"], rounds["server"], rounds["offered"],
                                                               rounds["contested"], rounds["lost_to_rivals"])
                    if t in instants}
        self.assertEqual(recorded, {key: counts.get(key, [0, 0, 0]) for key in recorded})
        lost = sum(c[2] for c in counts.values())
        self.assertGreater(lost, 0)
        self.assertGreater(sum(c[1] for c in counts.values()), lost)  # most contested vehicles stay

    def test_same_seed_same_file_and_without_competition_a_vehicle_sells_where_its_radio_is(self):
        again = os.path.join(self.tmp.name, "again.h5")
        self.assertEqual(vsm("run", self.scenario, "-o", again, "-q").returncode, 0)
        same = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "scripts/same_results.py"), self.path, again],
                              capture_output=True, text=True)
        self.assertEqual(same.returncode, 0, same.stdout)

        alone = os.path.join(self.tmp.name, "alone.h5")
        self.assertEqual(vsm("run", self.scenario, "-o", alone, "-q", "--set", "market.competition=none").returncode, 0)
        t = tables(alone)
        self.assertEqual(int(t["rounds"]["contested"].sum() + t["rounds"]["lost_to_rivals"].sum()), 0)
        serving = {(s, v): srv for s, v, srv in zip(t["mobility"]["t"], t["mobility"]["vehicle"], t["mobility"]["server"])}
        sold = [(s, v, srv) for s, v, srv in zip(t["trades"]["t"], t["trades"]["vehicle"], t["trades"]["server"])
                if (s, v) in serving]
        self.assertGreater(len(sold), 100)
        self.assertTrue(all(serving[(s, v)] == srv for s, v, srv in sold))

    def test_compare_reports_the_share_lost_to_rivals(self):
        runs = os.path.join(self.tmp.name, "compared")
        os.makedirs(runs)
        for seed in (1, 2):
            for competition in ("best_offer", "none"):
                run = vsm("run", self.scenario, "-o", os.path.join(runs, f"{competition}-{seed}.h5"), "-q", "--seed",
                          str(seed), "--set", "duration=200", "--set", f"market.competition={competition}")
                self.assertEqual(run.returncode, 0, run.stderr)
        compared = vsm("compare", runs, "--by", "market.competition", "--metric", "lost_to_rivals_rate", "--json")
        self.assertEqual(compared.returncode, 0, compared.stderr)
        rows = {r["group"]: r for r in json.loads(compared.stdout)["rows"] if r["metric"] == "lost_to_rivals_rate"}
        self.assertEqual(set(rows), {"market.competition=best_offer"})  # no such metric without competition
        counts = []
        for seed in (1, 2):
            rounds = tables(os.path.join(runs, f"best_offer-{seed}.h5"))["rounds"]
            counts.append((int(rounds["lost_to_rivals"].sum()), int(rounds["offered"].sum())))
        p, (low, high) = pooled_wilson(counts)
        row = rows["market.competition=best_offer"]
        self.assertAlmostEqual(row["mean"], p, places=12)
        self.assertGreater(p, 0)
        self.assertEqual(row["interval"], "wilson")
        self.assertAlmostEqual(row["ci95"][0], low, places=10)
        self.assertAlmostEqual(row["ci95"][1], high, places=10)

    def test_an_interrupted_competition_stops_cleanly(self):
        # Servers wait for their rivals at each round: one that stops must not leave them waiting.
        path = os.path.join(self.tmp.name, "stopped.h5")
        child = subprocess.Popen([VSM, "run", self.scenario, "-o", path, "-q", "--set", "duration=100000"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        while not os.path.exists(path + ".creating") and child.poll() is None:
            time.sleep(0.01)
        time.sleep(6.0 if os.environ.get("VSM_SANITIZED") == "1" else 1.5)  # some rounds done
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=120)
        self.assertEqual(child.returncode, 130, err)
        with h5py.File(path, "r") as f:
            self.assertEqual(f.attrs["status"], "interrupted")
            self.assertGreater(int(f["rounds"].attrs["rows"]), 0)

    def test_a_policy_that_is_not_a_contract_is_refused(self):
        run = vsm("run", self.scenario, "-o", os.path.join(self.tmp.name, "no.h5"),
                  "--set", "edge_servers.1.policy={name: stackelberg}")
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)
        self.assertIn("market.competition", run.stderr)
        self.assertIn("rsu-b's policy stackelberg is not a contract policy", run.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "no.h5")))


if __name__ == "__main__":
    unittest.main()
