#!/usr/bin/python3
"""Are two vsm result files the same run, bit for bit?

    /usr/bin/python3 scripts/same_results.py A.h5 B.h5

Compares every group, dataset (dtype, shape and every byte of its values) and attribute of the
two files. Root attributes that say when, where and by which build a run was made (wall-clock
times, the command line, the git commit) are left out: they differ between any two runs.
Prints each difference and exits 1 if there is any, 0 if the files hold the same results.
"""
import sys

import h5py
import numpy as np

# Provenance of the making, not results (README "Result files").
UNCOMPARED_ROOT_ATTRIBUTES = {"started_at", "finished_at", "wall_seconds", "command_line", "git_commit"}


def attributes(obj, skip=()):
    return {k: obj.attrs[k] for k in obj.attrs.keys() if k not in skip}


def same_value(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype == object:  # variable-length strings: compare the bytes, not the pointers
        return a.tolist() == b.tolist()
    return a.tobytes() == b.tobytes()


def compare(a, b, path, differences):
    skip = UNCOMPARED_ROOT_ATTRIBUTES if path == "/" else ()
    attrs_a, attrs_b = attributes(a, skip), attributes(b, skip)
    for key in sorted(set(attrs_a) | set(attrs_b)):
        if key not in attrs_a or key not in attrs_b:
            differences.append(f"{path}: attribute {key} only in {'first' if key in attrs_a else 'second'} file")
        elif not same_value(attrs_a[key], attrs_b[key]):
            differences.append(f"{path}: attribute {key}: {attrs_a[key]!r} != {attrs_b[key]!r}")
    if isinstance(a, h5py.Dataset) or isinstance(b, h5py.Dataset):
        if not (isinstance(a, h5py.Dataset) and isinstance(b, h5py.Dataset)):
            differences.append(f"{path}: a dataset in one file, a group in the other")
        elif a.dtype != b.dtype or a.shape != b.shape:
            differences.append(f"{path}: {a.dtype}{a.shape} != {b.dtype}{b.shape}")
        else:
            va, vb = a[()], b[()]
            if not same_value(va, vb):
                row = next((i for i, (x, y) in enumerate(zip(va, vb)) if not same_value(x, y)), None)
                first = "" if row is None else f" (first at row {row}: {va[row]!r} != {vb[row]!r})"
                differences.append(f"{path}: values differ{first}")
        return
    for name in sorted(set(a.keys()) | set(b.keys())):
        child = f"{path.rstrip('/')}/{name}"
        if name not in a or name not in b:
            differences.append(f"{child}: only in {'first' if name in a else 'second'} file")
        else:
            compare(a[name], b[name], child, differences)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    differences = []
    with h5py.File(argv[1], "r") as a, h5py.File(argv[2], "r") as b:
        compare(a, b, "/", differences)
    for d in differences:
        print(d)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
