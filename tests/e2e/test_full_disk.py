"""A full disk during `vsm run` and `vsm sweep` (issue 22): a clear error naming the file, exit
1, no earlier result lost, nothing left claiming to be complete, every file left readable.

The disk is a small tmpfs mounted in a private mount namespace (`unshare`), so the test needs
either root or unprivileged user namespaces; without them it is skipped (exit 77).
Run by ctest as python.full_disk, with VSM_BINARY and VSM_SOURCE_DIR set.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py

VSM = os.path.abspath(os.environ.get("VSM_BINARY", "build/app/vsm"))
SOURCE = os.path.abspath(os.environ.get("VSM_SOURCE_DIR", "."))
PAPER = os.path.join(SOURCE, "scenarios/paper-iov-contract.yaml")
SMALL = ["--set", "vehicles.count=20", "--set", "duration=200"]  # about 1.7 MB
LARGE = ["--set", "vehicles.count=100", "--set", "duration=2000"]  # about 6.7 MB


def namespace():
    """The unshare command that may mount here, or None."""
    for command in (["unshare", "-m"], ["unshare", "-rm"]):
        probe = tempfile.mkdtemp()
        try:
            if subprocess.run(command + ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe],
                              capture_output=True).returncode == 0:
                return command
        finally:
            os.rmdir(probe)
    return None


UNSHARE = namespace()


def on_small_disk(megabytes, script, outside):
    """Runs a shell script with $DISK a fresh tmpfs of that size; copies the disk to outside/disk."""
    disk = os.path.join(outside, "mnt")
    os.makedirs(disk)
    body = (f"mount -t tmpfs -o size={megabytes}m tmpfs {shlex.quote(disk)} && DISK={shlex.quote(disk)} && "
            f"{script}; cp -a {shlex.quote(disk)} {shlex.quote(os.path.join(outside, 'disk'))}")
    subprocess.run(UNSHARE + ["sh", "-c", body], check=True)
    return os.path.join(outside, "disk")


def read(path):
    """(status, {table: {column length}}) with h5py alone."""
    with h5py.File(path, "r") as f:
        status = f.attrs["status"]
        return status, {name: {len(group[c]) for c in group} for name, group in f.items()
                        if isinstance(group, h5py.Group)}


@unittest.skipIf(UNSHARE is None, "cannot mount a tmpfs here (needs root or user namespaces)")
class FullDisk(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_a_run_that_fills_the_disk(self):
        q = shlex.quote
        script = (f"{q(VSM)} run {q(PAPER)} {' '.join(SMALL)} -o $DISK/earlier.h5 -q && "
                  f"cp $DISK/earlier.h5 {q(self.tmp)}/earlier-before.h5 && "
                  f"{{ {q(VSM)} run {q(PAPER)} {' '.join(LARGE)} -o $DISK/large.h5 -q "
                  f"2> {q(self.tmp)}/stderr; echo $? > {q(self.tmp)}/rc; }}")
        disk = on_small_disk(4, script, self.tmp)
        with open(os.path.join(self.tmp, "rc")) as f:
            self.assertEqual(int(f.read()), 1)
        with open(os.path.join(self.tmp, "stderr")) as f:
            error = f.read().strip().splitlines()
        self.assertEqual(len(error), 1, error)
        self.assertIn("/large.h5: cannot write the result file", error[0])
        self.assertIn("No space left on device", error[0])
        # The earlier result is untouched, and the one cut short says so and reads whole.
        with open(os.path.join(disk, "earlier.h5"), "rb") as a, \
                open(os.path.join(self.tmp, "earlier-before.h5"), "rb") as b:
            self.assertEqual(a.read(), b.read())
        status, lengths = read(os.path.join(disk, "large.h5"))
        self.assertEqual(status, "running")
        for table, column_lengths in lengths.items():
            self.assertEqual(len(column_lengths), 1, f"/{table}: {column_lengths}")
        self.assertGreater(lengths["rounds"].pop(), 0, "the rounds flushed before the disk filled are kept")
        info = subprocess.run([VSM, "info", os.path.join(disk, "large.h5")], capture_output=True, text=True)
        self.assertEqual(info.returncode, 0, info.stderr)
        self.assertFalse([n for n in os.listdir(disk) if n.endswith(".creating")])

    def test_a_sweep_that_fills_the_disk(self):
        q = shlex.quote
        with open(os.path.join(self.tmp, "sweep.yaml"), "w") as f:
            f.write(f"base: {PAPER}\nseeds: 1\ngrid: {{vehicles.count: [20, 100], duration: [200, 2000]}}\n")
        script = (f"{q(VSM)} sweep {q(self.tmp)}/sweep.yaml -o $DISK/sweep -j 1 -q "
                  f"> {q(self.tmp)}/stdout 2> {q(self.tmp)}/stderr; echo $? > {q(self.tmp)}/rc; "
                  f"{q(VSM)} sweep status $DISK/sweep --json > {q(self.tmp)}/status.json")
        disk = on_small_disk(4, script, self.tmp)
        with open(os.path.join(self.tmp, "rc")) as f:
            code = int(f.read())
        with open(os.path.join(self.tmp, "stderr")) as f:
            error = f.read()
        # Either the index could not be written (exit 1, naming it) or it was and the points
        # that failed are counted (exit 100 + failed).
        self.assertTrue(code == 1 and "index.csv: cannot write (No space left on device)" in error or code > 100,
                        (code, error))
        points = os.path.join(disk, "sweep/points")
        files = [n for n in os.listdir(points) if n.endswith(".h5")]
        self.assertFalse([n for n in os.listdir(points) if n.endswith(".creating")])
        complete = 0
        for name in files:
            status, lengths = read(os.path.join(points, name))
            for table, column_lengths in lengths.items():
                self.assertEqual(len(column_lengths), 1, f"{name} /{table}: {column_lengths}")
            if status == "complete":  # a point finished before the disk filled: whole and genuine
                complete += 1
                verify = subprocess.run([VSM, "ledger", "verify", os.path.join(points, name)], capture_output=True)
                self.assertEqual(verify.returncode, 0)
            else:
                self.assertTrue(os.path.exists(os.path.join(points, name[:-3] + ".failed")), name)
        self.assertGreaterEqual(complete, 1, "the small points fit on the disk")
        self.assertLess(complete, 4, "the large points do not")
        with open(os.path.join(self.tmp, "status.json")) as f:
            status = json.load(f)
        self.assertEqual(status["complete"], complete)
        print(f"sweep on a 4 MB disk: exit {code}, {complete} of 4 points complete, {len(files)} files left")


if __name__ == "__main__":
    if UNSHARE is None:
        print("skipped: cannot mount a tmpfs here (needs root or user namespaces)")
        sys.exit(77)  # ctest: SKIP_RETURN_CODE
    unittest.main()
