#!/usr/bin/python3
"""Training curves of `vsm train` logs: test reward and regret to the optimum per epoch.

    /usr/bin/python3 analysis/plot_training.py gdm.h5 ppo.h5 -o curves.png

Each log's /training table (epoch, test_reward, test_regret, ...) is read with h5py; the
figure has two panels (test reward; regret, log scale) with one line per log, labelled by its
`policy` attribute (regrets below 1e-5 are drawn at 1e-5). Also writes an SVG next to the PNG.
"""
import argparse
import os

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def read(path):
    with h5py.File(path, "r") as f:
        table = f["training"]
        rows = int(table.attrs["rows"])
        columns = {name: table[name][:rows] for name in ("epoch", "test_reward", "test_regret")}
        label = f.attrs.get("policy", os.path.basename(path))
        return (label.decode() if isinstance(label, bytes) else str(label)), columns


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("logs", nargs="+", help="HDF5 logs written by vsm train")
    parser.add_argument("-o", "--output", required=True, help="PNG file to write")
    args = parser.parse_args()
    fig, (reward, regret) = plt.subplots(1, 2, figsize=(10, 3.8))
    for path in args.logs:
        label, c = read(path)
        reward.plot(c["epoch"], c["test_reward"], label=label)
        regret.plot(c["epoch"], [max(g, 1e-5) for g in c["test_regret"]], label=label)
    reward.set_xlabel("epoch")
    reward.set_ylabel("mean U_E on the test states")
    regret.set_xlabel("epoch")
    regret.set_ylabel("mean regret to contract.optimal")
    regret.set_yscale("log")
    for ax in (reward, regret):
        ax.legend()
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)
    fig.savefig(os.path.splitext(args.output)[0] + ".svg")
    print(args.output)


if __name__ == "__main__":
    main()
