"""`vsm ledger verify` ties the tables a researcher analyses to the ledger (issue 22): a seeded
sample of single-byte changes to every attested column of /trades, every column of /ledger,
the blocks' bytes in /ledger_bytes and /servers.public_key, each made with h5py in a copy of a
small ledger-enabled result file, is reported with its table, row (or block) and column, exit 3;
the columns the README lists as unattested are not checked.

Run by ctest as python.ledger_attestation, with VSM_BINARY and VSM_SOURCE_DIR set.
"""
import csv
import json
import os
import random
import shutil
import subprocess
import tempfile
import threading
import unittest
from concurrent.futures import ThreadPoolExecutor

import h5py
import numpy as np

VSM = os.environ.get("VSM_BINARY", "build/app/vsm")
SOURCE = os.path.abspath(os.environ.get("VSM_SOURCE_DIR", "."))
ATTESTED_TRADES = ["t", "round", "server", "vehicle", "item", "latency_promised", "latency_measured", "reward",
                   "quality", "on_time", "check_passed"]
KEY = {"round", "server", "vehicle"}  # how a row finds its record
# Every column of /ledger, every byte of the blocks, and the servers' public keys.
ATTESTED_LEDGER = ["height", "t", "t_confirmed", "confirmation_latency", "producer", "records", "hash", "previous",
                   "merkle_root", "raw_offset", "raw_size", "rows_seal"]
SEALED_TRADES = ["theta", "user_utility", "server_utility", "quality_claimed", "malicious"]  # not in the records
# Changed cells per column, drawn from fixed seeds: about 1,100 single-byte changes in all
# (fewer when sanitized, slow). 60 took this test to 295 s of CI's 40-minute budget.
SAMPLES = 3 if os.environ.get("VSM_SANITIZED") == "1" else 30


def verify(path):
    return subprocess.run([VSM, "ledger", "verify", path], capture_output=True, text=True)


def cell_size(path, table, column):
    with h5py.File(path, "r") as f:
        return f[table][column].dtype.itemsize


def flip_byte(path, table, column, row, byte, mask):
    """XORs one byte of one cell, in place."""
    with h5py.File(path, "r+") as f:
        data = f[table][column]
        cell = np.array(data[row:row + 1])
        raw = cell.view(np.uint8)
        raw[byte] ^= mask
        data[row:row + 1] = cell


class LedgerAttestation(unittest.TestCase):
    protocol = []  # the default, pbft
    samples = SAMPLES

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.original = os.path.join(cls.tmp.name, "run.h5")
        run = subprocess.run([VSM, "run", os.path.join(SOURCE, "scenarios/malicious.yaml"), "--set", "duration=60",
                              "-o", cls.original, "-q", *cls.protocol], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        with h5py.File(cls.original, "r") as f:
            cls.trades = int(f["trades"].attrs["rows"])
            cls.blocks = int(f["ledger"].attrs["rows"])
            cls.block_bytes = int(f["ledger_bytes"].attrs["rows"])
            cls.servers = int(f["servers"].attrs["rows"])
        cls.copies = threading.local()  # each thread's copy to change (`changed`)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def changed(self, table, column, row, byte, mask):
        """vsm ledger verify on a copy with one byte changed; the copy is then restored. Each
        thread has its own copy, so the samples check two at a time (see `each_changed`)."""
        copy = getattr(self.copies, "path", None)
        if copy is None:
            copy = self.copies.path = os.path.join(self.tmp.name, f"changed-{threading.get_ident()}.h5")
            shutil.copy(self.original, copy)
        flip_byte(copy, table, column, row, byte, mask)
        try:
            return verify(copy)
        finally:
            flip_byte(copy, table, column, row, byte, mask)  # XOR again: as it was

    def each_changed(self, cases):
        """(case, verify's result) for each (table, column, row, byte, mask), in order: vsm runs
        while h5py waits, so two threads halve the wall time on CI's two cores."""
        with ThreadPoolExecutor(max_workers=2) as pool:
            return list(zip(cases, pool.map(lambda case: self.changed(*case), cases)))

    def test_the_untouched_file_verifies(self):
        result = verify(self.original)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn(f"every one of the {self.trades} rows of /trades is its committed record", result.stdout)

    def test_every_sampled_byte_of_an_attested_cell_is_caught_where_it_is(self):
        rng = random.Random(22)
        cases = []
        for table, columns, rows in (("trades", ATTESTED_TRADES, self.trades), ("ledger", ATTESTED_LEDGER, self.blocks),
                                     ("ledger_bytes", ["byte"], self.block_bytes),
                                     ("servers", ["public_key"], self.servers)):
            for column in columns:
                size = cell_size(self.original, table, column)
                for _ in range(self.samples * (8 if table == "ledger_bytes" else 1)):
                    cases.append((table, column, rng.randrange(rows), rng.randrange(size), rng.randrange(1, 256)))
        caught = 0
        for (table, column, row, byte, mask), result in self.each_changed(cases):
            with self.subTest(table=table, column=column, row=row, byte=byte, mask=mask):
                self.assertEqual(result.returncode, 3, result.stdout + result.stderr)
                if table == "trades" and column in KEY:
                    where = f"/trades row {row} round, server, vehicle: "  # no record, or another row's
                elif table == "trades":
                    where = f"/trades row {row} {column}: differs from its record"
                elif column == "rows_seal":
                    where = f"the rows of block {row}'s trades"
                elif table == "ledger":
                    where = f": block {row}: "
                else:  # a block's bytes, or the key that signed blocks
                    where = ": block "
                self.assertIn(where, result.stdout)
                caught += 1
        print(f"{caught} single-byte changes to attested cells, {caught} caught")

    def test_the_columns_outside_the_records_are_sealed(self):
        # README "The ledger": the vehicle's private values, what the model derives from a
        # trade, and ground truth for analysis are in no record, but every block's producer
        # seals its trades' rows whole.
        rng = random.Random(23)
        cases = [("trades", column, rng.randrange(self.trades), rng.randrange(8), rng.randrange(1, 256))
                 for column in SEALED_TRADES for _ in range(self.samples)]
        caught = 0
        for (_, column, row, byte, mask), result in self.each_changed(cases):
            with self.subTest(column=column, row=row, byte=byte, mask=mask):
                self.assertEqual(result.returncode, 3, result.stdout + result.stderr)
                self.assertIn("are not what its producer sealed", result.stdout)
                caught += 1
        print(f"{caught} single-byte changes to sealed cells, {caught} caught")

    def test_info_compare_and_a_sweeps_index_say_whether_a_ledger_verifies(self):
        folder = os.path.join(self.tmp.name, "folder")
        os.makedirs(folder, exist_ok=True)
        shutil.copy(self.original, os.path.join(folder, "genuine.h5"))
        tampered = os.path.join(folder, "tampered.h5")
        shutil.copy(self.original, tampered)
        with h5py.File(tampered, "r+") as f:
            f["trades"]["reward"][3] += 1.0
        none = os.path.join(folder, "no-ledger.h5")
        run = subprocess.run([VSM, "run", os.path.join(SOURCE, "scenarios/malicious.yaml"), "--set", "duration=60",
                              "--set", "ledger.enabled=false", "--set", "reputation.enabled=false", "-o", none, "-q"],
                             capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)

        info = subprocess.run([VSM, "info", tampered, "--verify"], capture_output=True, text=True)
        self.assertEqual(info.returncode, 3)
        self.assertIn("ledger     not verified", info.stdout)
        info = subprocess.run([VSM, "info", none, "--verify", "--json"], capture_output=True, text=True)
        self.assertEqual((info.returncode, json.loads(info.stdout)["ledger"]), (0, "no ledger"))

        compared = subprocess.run([VSM, "compare", folder, "--verify", "--json"], capture_output=True, text=True)
        out = json.loads(compared.stdout)
        self.assertEqual(out["runs"], 3)
        self.assertEqual(out["ledger"], {os.path.join(folder, "genuine.h5"): "verified", tampered: "not verified",
                                         none: "no ledger"})
        required = subprocess.run([VSM, "compare", folder, "--require-verified", "--json"], capture_output=True,
                                  text=True)
        out = json.loads(required.stdout)
        self.assertEqual(out["runs"], 1)
        self.assertEqual(sorted(out["left_out"]),
                         [f"{none}: ledger no ledger (left out by --require-verified)",
                          f"{tampered}: ledger not verified (left out by --require-verified)"])

        with open(os.path.join(self.tmp.name, "sweep.yaml"), "w") as f:
            f.write(f"base: {os.path.join(SOURCE, 'scenarios/paper-iov-contract.yaml')}\nseeds: 2\n"
                    "grid: {ledger.enabled: [true, false], duration: [50]}\n")
        sweep = subprocess.run([VSM, "sweep", "sweep.yaml", "-o", "sweep", "-q"], cwd=self.tmp.name,
                               capture_output=True, text=True)
        self.assertEqual(sweep.returncode, 0, sweep.stderr)
        with open(os.path.join(self.tmp.name, "sweep/index.csv")) as f:
            index = list(csv.DictReader(f))
        self.assertEqual(sorted((row["ledger.enabled"], row["ledger"]) for row in index),
                         [("false", "no ledger")] * 2 + [("true", "verified")] * 2)


class CommitteeLedgerAttestation(LedgerAttestation):
    """The same promises for a ledger agreed by a committee (ledger.protocol: committee): two of
    the three servers vote on each block, the third appends it on their certificate. The blocks
    and tables are the same format, so a sixth of the sample."""
    protocol = ["--set", "ledger.protocol=committee", "--set", "ledger.committee_size=2"]
    samples = max(1, SAMPLES // 6)
    test_info_compare_and_a_sweeps_index_say_whether_a_ledger_verifies = None  # not about the protocol


if __name__ == "__main__":
    unittest.main()
