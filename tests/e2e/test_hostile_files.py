"""Result files from strangers are hostile input (issue 22): a seeded corpus of a few hundred
corrupted copies of one ledger-enabled result file (cut short at many offsets, bytes
overwritten mostly where HDF5 keeps its metadata), read by every reader of vsm. None may
crash or hang: each file is read or refused with one line naming it, with the documented exit
codes, and a folder holding them compares the readable ones and lists the others.

Run by ctest as python.hostile_files, with VSM_BINARY and VSM_SOURCE_DIR set.
"""
import collections
import json
import os
import random
import shutil
import subprocess
import tempfile
import unittest

VSM = os.environ.get("VSM_BINARY", "build/app/vsm")
SOURCE = os.path.abspath(os.environ.get("VSM_SOURCE_DIR", "."))
# The sanitized build runs every vsm several times slower: a smaller corpus there (CI time).
CUTS, FLIPS = (20, 40) if os.environ.get("VSM_SANITIZED") == "1" else (80, 120)
TIMEOUT = 60  # seconds for one reader on one file: far above the 0.1 s a good file takes


def vsm(*args, cwd=None):
    # A corrupt file's text attributes may not be UTF-8: vsm info prints them as they are.
    return subprocess.run([VSM, *args], capture_output=True, text=True, errors="backslashreplace", timeout=TIMEOUT,
                          cwd=cwd)


def corpus(original, rng):
    """(name, bytes) of each corrupted copy: cut short, or a few bytes overwritten."""
    for i in range(CUTS):
        yield f"cut-{i}", original[:rng.randrange(len(original))]
    for i in range(FLIPS):
        copy = bytearray(original)
        for _ in range(rng.choice([1, 2, 8, 32])):
            # HDF5's metadata (superblock, object headers, B-trees) sits mostly in the first
            # 64 KiB of a vsm file; the rest is column data.
            at = rng.randrange(min(len(copy), 65536)) if rng.random() < 0.7 else rng.randrange(len(copy))
            copy[at] = rng.randrange(256)
        yield f"flip-{i}", bytes(copy)


class HostileFiles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.good = os.path.join(d, "good.h5")
        run = vsm("run", os.path.join(SOURCE, "scenarios/malicious.yaml"), "--set", "duration=60", "-o", cls.good,
                  "-q")
        assert run.returncode == 0, run.stderr
        cls.folder = os.path.join(d, "folder")
        os.makedirs(cls.folder)
        with open(cls.good, "rb") as f:
            original = f.read()
        cls.files = []
        for name, data in corpus(original, random.Random(2026)):
            path = os.path.join(cls.folder, name + ".h5")
            with open(path, "wb") as f:
                f.write(data)
            cls.files.append(path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def check_refusal(self, result, path):
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith("vsm: error: " + path), lines[0])

    def test_info_reads_or_refuses_every_file(self):
        counts = collections.Counter()
        for path in self.files:
            with self.subTest(path=os.path.basename(path)):
                result = vsm("info", path)
                counts[result.returncode] += 1
                self.assertIn(result.returncode, (0, 2), result.stderr)
                if result.returncode == 2:
                    self.check_refusal(result, path)
        print(f"vsm info on {len(self.files)} corrupted files: {counts[0]} read, {counts[2]} refused, "
              f"{len(self.files) - counts[0] - counts[2]} other")

    def test_ledger_verify_checks_or_refuses_every_file(self):
        counts = collections.Counter()
        for path in self.files:
            with self.subTest(path=os.path.basename(path)):
                result = vsm("ledger", "verify", path)
                counts[result.returncode] += 1
                self.assertIn(result.returncode, (0, 2, 3), result.stderr)
                if result.returncode == 2:
                    self.check_refusal(result, path)
        print(f"vsm ledger verify on {len(self.files)} corrupted files: {counts[0]} verified, {counts[3]} not "
              f"verified, {counts[2]} refused, {len(self.files) - sum(counts[c] for c in (0, 2, 3))} other")

    def test_a_folder_with_corrupt_files_compares_the_good_ones_and_lists_the_bad(self):
        for i in range(3):
            shutil.copy(self.good, os.path.join(self.folder, f"zz-good-{i}.h5"))
        try:
            result = vsm("compare", self.folder, "--metric", "server_utility_per_round", "--json")
        finally:
            for i in range(3):
                os.remove(os.path.join(self.folder, f"zz-good-{i}.h5"))
        self.assertEqual(result.returncode, 0, result.stderr)
        out = json.loads(result.stdout)
        left_out = out["left_out"]
        self.assertGreaterEqual(out["runs"], 3)
        self.assertEqual(out["runs"] + len(left_out), len(self.files) + 3)
        for why in left_out:
            self.assertTrue(why.startswith(self.folder + "/"), why)
            self.assertNotIn("good", why)
        crashed = sum("crashed" in why for why in left_out)
        print(f"vsm compare on a folder of {len(self.files)} corrupted and 3 good files: {out['runs']} compared, "
              f"{len(left_out)} left out ({crashed} of them crashed the HDF5 library in a child process)")

    def test_sweep_status_counts_a_corrupt_point_as_not_done(self):
        d = self.tmp.name
        with open(os.path.join(d, "sweep.yaml"), "w") as f:
            f.write(f"base: {os.path.join(SOURCE, 'scenarios/paper-iov-contract.yaml')}\nseeds: 2\n"
                    "grid: {duration: [50]}\n")
        sweep = vsm("sweep", "sweep.yaml", "-o", "sweep", "-q", cwd=d)
        self.assertEqual(sweep.returncode, 0, sweep.stderr)
        points = sorted(os.listdir(os.path.join(d, "sweep/points")))
        crashing = [p for p in self.files if "flip" in p]
        # Any corrupt copy that crashes HDF5 in `vsm info`'s child stands in for one point.
        for path in crashing:
            if "crashed" in vsm("info", path).stderr:
                shutil.copy(path, os.path.join(d, "sweep/points", points[0]))
                break
        else:
            self.skipTest("no file of this corpus crashes the HDF5 library")
        result = vsm("sweep", "status", "sweep", "--json", cwd=d)
        self.assertEqual(result.returncode, 0, result.stderr)
        counts = json.loads(result.stdout)
        self.assertEqual((counts["points"], counts["complete"], counts["running"]), (2, 1, 1), result.stdout)


if __name__ == "__main__":
    unittest.main()
