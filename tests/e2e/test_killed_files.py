"""Runs killed by SIGKILL at 20 seeded moments, each file read with h5py alone (issue 23): every
table's columns hold exactly the rows the run really wrote (the first rows of the same run left
to finish), equally many in all of its columns, none padded, none zero where a row should be.

The run is the flush-heavy one of bench/RESULTS.md ("Crash safety"): the paper's scenario with its
ledger, a flush every few milliseconds, so that most kills land inside a flush. The kill and the
reading are bench/kill_stress.py's, which measures the same over hundreds of kills.
Run by ctest as python.killed_files, with VSM_BINARY and VSM_SOURCE_DIR set.
"""
import os
import random
import shutil
import sys
import tempfile
import unittest

VSM = os.path.abspath(os.environ.get("VSM_BINARY", "build/app/vsm"))
SOURCE = os.path.abspath(os.environ.get("VSM_SOURCE_DIR", "."))
sys.path.insert(0, os.path.join(SOURCE, "bench"))
import kill_stress  # noqa: E402

# The sanitized build runs several times slower: a shorter run there (CI time), killed as often.
DURATION = 600 if os.environ.get("VSM_SANITIZED") == "1" else 2000
RUN = [VSM, "run", os.path.join(SOURCE, "scenarios/paper-iov-contract.yaml"), "--quiet", "--force",
       "--set", f"duration={DURATION}", "--set", "vehicles.count=100"]


class KilledFiles(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.work)

    def test_every_killed_file_holds_exactly_the_rows_written(self):
        whole, seconds = kill_stress.finished_run(RUN, self.work)
        moments = random.Random(23)
        verdicts = []
        for _ in range(20):
            delay = moments.uniform(0.05, 0.9) * seconds
            verdicts.append(kill_stress.killed_run(RUN, whole, os.path.join(self.work, "killed.h5"), delay))
        damaged = [v for v in verdicts if v.split()[0] not in ("ok", "unborn", "finished")]
        self.assertEqual(damaged, [], f"run of {seconds:.2f} s, kills: {verdicts}")
        # The kills landed mid-run: most files hold some trades, not all the same number.
        trades = [v.split("trades=")[1].split()[0] for v in verdicts if v.startswith("ok")]
        self.assertGreaterEqual(len(trades), 10, verdicts)
        self.assertGreater(len(set(trades)), 5, verdicts)


if __name__ == "__main__":
    unittest.main()
