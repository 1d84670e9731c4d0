"""analysis/vsm_report.py on result files made here with h5py, independent of vsm itself."""

import json
import os
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree

import h5py
import matplotlib.image
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "analysis"))
import vsm_report  # noqa: E402


def write_result(path, rows, latency, training=False):
    """A minimal result file in vsm's layout: /rounds and /uploads, optionally /training."""
    with h5py.File(path, "w") as f:
        rounds = f.create_group("rounds")
        rounds.attrs["rows"] = rows
        rounds["t"] = np.arange(rows) * 10.0
        rounds["server_utility"] = np.linspace(100, 200, rows)
        uploads = f.create_group("uploads")
        uploads.attrs["rows"] = len(latency)
        uploads["latency"] = np.asarray(latency, dtype=float)
        if training:
            t = f.create_group("training")
            t.attrs["rows"] = 3
            t["epoch"] = np.arange(3)
            t["test_reward"] = np.array([1.0, 2.0, 2.5])


class ReportTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        a, b = os.path.join(self.dir, "a.h5"), os.path.join(self.dir, "b.h5")
        write_result(a, 5, [1.0, 2.0, 3.0], training=True)
        write_result(b, 5, [2.0, 4.0])
        run = {"seed": 1, "scenario": "s", "vsm_version": "0.1.0", "git_commit": "abc", "status": "complete"}
        self.data = {
            "by": ["policy", "vehicles.count"],
            "metrics": ["server_utility_per_round"],
            "rows": [
                {"group": "policy=p vehicles.count=10", "metric": "server_utility_per_round", "n": 1, "mean": 150.0,
                 "sd": 0.0, "ci95": [150.0, 150.0]},
                {"group": "policy=p vehicles.count=20", "metric": "server_utility_per_round", "n": 1, "mean": 170.0,
                 "sd": 0.0, "ci95": [160.0, 180.0]},
            ],
            "groups": [{"label": "policy=p vehicles.count=10", "runs": [dict(run, path=a)]},
                       {"label": "policy=p vehicles.count=20", "runs": [dict(run, path=b)]}],
            "paired": {"a": "p", "b": "q", "rows": []},
        }

    def test_figures_are_valid_images(self):
        written = vsm_report.make_plots(self.data, os.path.join(self.dir, "figs"))
        names = {os.path.basename(p) for p in written}
        for stem in ("bars-server_utility_per_round", "utility-over-time", "latency-cdf", "sweep-vehicles.count",
                     "training"):
            self.assertIn(stem + ".png", names)
            self.assertIn(stem + ".svg", names)
        for path in written:
            if path.endswith(".png"):
                image = matplotlib.image.imread(path)
                self.assertGreater(image.shape[0], 100)
                self.assertGreater(float(np.std(image)), 0.01, path)  # not a blank canvas
            else:
                self.assertTrue(ElementTree.parse(path).getroot().tag.endswith("svg"), path)

    def test_report_holds_tables_figures_and_provenance(self):
        figures = vsm_report.make_plots(self.data, os.path.join(self.dir, "figs"))
        vsm_report.write_report(self.data, figures, os.path.join(self.dir, "report"))
        with open(os.path.join(self.dir, "report", "report.html")) as f:
            page = f.read()
        self.assertIn("<td>policy=p vehicles.count=20</td>", page)
        self.assertIn("data:image/png;base64,", page)  # self-contained
        self.assertIn("<td>abc</td>", page)  # the commit, in the provenance table
        with open(os.path.join(self.dir, "report", "report.md")) as f:
            markdown = f.read()
        self.assertIn("| policy=p vehicles.count=10 | server_utility_per_round | 1 | 150 |", markdown)
        self.assertIn("![latency-cdf.png](../figs/latency-cdf.png)", markdown)

    def test_command_line(self):
        path = os.path.join(self.dir, "comparison.json")
        with open(path, "w") as f:
            json.dump(self.data, f)
        self.assertEqual(vsm_report.main([path, "--report", os.path.join(self.dir, "r")]), 0)
        self.assertTrue(os.path.exists(os.path.join(self.dir, "r", "figures", "latency-cdf.svg")))


if __name__ == "__main__":
    unittest.main()
