"""scripts/same_results.py: what it counts as the same run, and what as a difference."""
import os
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

SCRIPT = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "same_results.py")


def write(path, reward=1.5, name=b"vehicle-0", seed=1, started_at="2026-01-01T00:00:00Z"):
    with h5py.File(path, "w") as f:
        f.attrs["seed"] = seed
        f.attrs["started_at"] = started_at
        trades = f.create_group("trades")
        trades.create_dataset("reward", data=np.array([0.5, reward]))
        trades["reward"].attrs["unit"] = "utility"
        vehicles = f.create_group("vehicles")
        vehicles.create_dataset("name", data=np.array([b"vehicle-1", name], dtype=h5py.string_dtype()))


class SameResults(unittest.TestCase):
    def compare(self, **changes):
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.h5"), os.path.join(d, "b.h5")
            write(a)
            write(b, **changes)
            r = subprocess.run([sys.executable, SCRIPT, a, b], capture_output=True, text=True)
            return r.returncode, r.stdout

    def test_the_same_results_made_at_another_time_are_the_same(self):
        self.assertEqual(self.compare(started_at="2027-05-05T10:00:00Z"), (0, ""))

    def test_a_change_in_the_last_bit_of_a_number_is_found_with_its_row(self):
        code, out = self.compare(reward=np.nextafter(1.5, 2.0))
        self.assertEqual(code, 1)
        self.assertIn("/trades/reward: values differ (first at row 1", out)

    def test_a_changed_text_and_a_changed_result_attribute_are_found(self):
        code, out = self.compare(name=b"vehicle-x", seed=2)
        self.assertEqual(code, 1)
        self.assertIn("/vehicles/name: values differ (first at row 1", out)
        self.assertIn("/: attribute seed: 1 != 2", out)


if __name__ == "__main__":
    unittest.main()
