#!/usr/bin/python3
"""Figures and reports for `vsm compare` (--plots DIR, --report DIR).

`vsm compare` writes the comparison it computed as JSON (groups, their runs, the aggregated
rows, paired rows) and calls this module; the figures read the runs' HDF5 files with h5py.
Run by hand:  /usr/bin/python3 analysis/vsm_report.py comparison.json --plots DIR --report DIR

Figures (each as PNG and SVG):
  bars-<metric>         mean per group with its 95% interval (the method is in the report's table)
  utility-over-time     server utility per round against simulated time, mean over a group's runs
  latency-cdf           upload latency distribution per group
  utility-vs-bound      each group's server utility per round beside its clairvoyant bound, with
                        95% intervals (runs with paced sensing; README "Network-aware contracts")
  sweep-<key>           a metric against a numeric swept key, one line per value of the first key
  training              test reward per epoch, for runs that have a /training table
"""

import argparse
import base64
import html
import json
import math
import os
import sys

import h5py
import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

FORMATS = ("png", "svg")


def column(path, table, name):
    """One column of a result table, cut at the table's committed rows."""
    with h5py.File(path, "r") as f:
        group = f[table]
        rows = int(group.attrs.get("rows", len(group[name])))
        return np.asarray(group[name][:rows])


def save(fig, outdir, stem):
    paths = []
    for fmt in FORMATS:
        path = os.path.join(outdir, f"{stem}.{fmt}")
        fig.savefig(path, dpi=120, bbox_inches="tight")
        paths.append(path)
    plt.close(fig)
    return paths


def plot_bars(data, outdir):
    """One bar chart per metric: the groups' means with 95% confidence intervals."""
    written = []
    for metric in data["metrics"]:
        rows = [r for r in data["rows"] if r["metric"] == metric]
        if not rows:
            continue
        labels = [r["group"] for r in rows]
        means = np.array([r["mean"] for r in rows])
        low = means - np.array([r["ci95"][0] for r in rows])
        high = np.array([r["ci95"][1] for r in rows]) - means
        fig, ax = plt.subplots(figsize=(max(4, 1.2 * len(rows) + 2), 3.5))
        ax.bar(range(len(rows)), means, yerr=[low, high], capsize=4, color="#4c78a8")
        ax.set_xticks(range(len(rows)))
        ax.set_xticklabels(labels, rotation=20, ha="right", fontsize=8)
        ax.set_ylabel(metric)
        ax.set_title(f"{metric} (mean, 95% interval)")
        written += save(fig, outdir, f"bars-{metric}")
    return written


def plot_utility_over_time(data, outdir):
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for group in data["groups"]:
        series = []
        for run in group["runs"]:
            t = column(run["path"], "rounds", "t")
            utility = column(run["path"], "rounds", "server_utility")
            times = np.unique(t)
            series.append((times, np.array([utility[t == x].sum() for x in times])))
        if not series:
            continue
        length = min(len(s[1]) for s in series)
        mean = np.mean([s[1][:length] for s in series], axis=0)
        ax.plot(series[0][0][:length], mean, label=group["label"])
    ax.set_xlabel("simulated time (s)")
    ax.set_ylabel("server utility per round")
    ax.legend(fontsize=7)
    return save(fig, outdir, "utility-over-time")


def plot_utility_against_bound(data, outdir):
    """Each group's realised utility per round beside its clairvoyant bound; the gap is what the
    policy left of what any policy could have had."""
    rows = {(r["group"], r["metric"]): r for r in data["rows"]}
    groups = [g["label"] for g in data["groups"] if (g["label"], "bound_per_round") in rows
              and (g["label"], "server_utility_per_round") in rows]
    if not groups:
        return []
    fig, ax = plt.subplots(figsize=(max(4, 1.6 * len(groups) + 2), 3.5))
    width = 0.4
    for offset, metric, label, colour in ((-width / 2, "server_utility_per_round", "realised", "#4c78a8"),
                                          (width / 2, "bound_per_round", "clairvoyant bound", "#bbbbbb")):
        found = [rows[g, metric] for g in groups]
        means = np.array([r["mean"] for r in found])
        err = [means - np.array([r["ci95"][0] for r in found]), np.array([r["ci95"][1] for r in found]) - means]
        ax.bar(np.arange(len(groups)) + offset, means, width, yerr=err, capsize=4, color=colour, label=label)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels(groups, rotation=20, ha="right", fontsize=8)
    ax.set_ylabel("server utility per round")
    ax.set_title("realised against the clairvoyant bound (mean, 95% interval)")
    ax.legend(fontsize=7)
    return save(fig, outdir, "utility-vs-bound")


def plot_latency_cdf(data, outdir):
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for group in data["groups"]:
        latencies = np.sort(np.concatenate([column(r["path"], "uploads", "latency") for r in group["runs"]]))
        if latencies.size:
            ax.step(latencies, np.arange(1, latencies.size + 1) / latencies.size, where="post", label=group["label"])
    ax.set_xlabel("upload latency (s)")
    ax.set_ylabel("share of uploads")
    ax.legend(fontsize=7)
    return save(fig, outdir, "latency-cdf")


def plot_sweep(data, outdir, metric="server_utility_per_round"):
    """A metric against the second --by key when its values are numbers."""
    by = data["by"]
    if len(by) < 2:
        return []
    lines = {}
    for r in data["rows"]:
        if r["metric"] != metric:
            continue
        values = dict(part.split("=", 1) for part in r["group"].split(" "))
        try:
            x = float(values[by[1]])
        except (KeyError, ValueError):
            return []
        lines.setdefault(values[by[0]], []).append((x, r["mean"], r["ci95"]))
    if not lines:
        return []
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for name, points in sorted(lines.items()):
        points.sort()
        x = [p[0] for p in points]
        mean = np.array([p[1] for p in points])
        err = [mean - np.array([p[2][0] for p in points]), np.array([p[2][1] for p in points]) - mean]
        ax.errorbar(x, mean, yerr=err, marker="o", capsize=3, label=f"{by[0]}={name}")
    ax.set_xlabel(by[1])
    ax.set_ylabel(metric)
    ax.legend(fontsize=7)
    return save(fig, outdir, f"sweep-{by[1]}")


def plot_training(data, outdir):
    runs = [r for g in data["groups"] for r in g["runs"]]
    with_training = []
    for run in runs:
        with h5py.File(run["path"], "r") as f:
            if "training" in f:
                with_training.append(run)
    if not with_training:
        return []
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for run in with_training:
        ax.plot(column(run["path"], "training", "epoch"), column(run["path"], "training", "test_reward"),
                label=os.path.basename(run["path"]))
    ax.set_xlabel("epoch")
    ax.set_ylabel("test reward")
    ax.legend(fontsize=7)
    return save(fig, outdir, "training")


def make_plots(data, outdir):
    os.makedirs(outdir, exist_ok=True)
    written = []
    for plot in (plot_bars, plot_utility_over_time, plot_utility_against_bound, plot_latency_cdf, plot_sweep,
                 plot_training):
        written += plot(data, outdir)
    return written


def fmt(value):
    return "nan" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.6g}"


def tables(data):
    """The comparison and paired tables as (header, rows) pairs."""
    main = (["group", "metric", "n", "mean", "sd", "ci95_low", "ci95_high", "interval"],
            [[r["group"], r["metric"], str(r["n"]), fmt(r["mean"]), fmt(r["sd"]), fmt(r["ci95"][0]),
              fmt(r["ci95"][1]), r.get("interval", "student-t")] for r in data["rows"]])
    result = [("Comparison across runs (mean, a proportion pooled; sd; 95% interval by the method named)", main)]
    paired = data.get("paired")
    if paired and paired["rows"]:
        result.append((f"{paired['a']} - {paired['b']} on common seeds",
                       (["context", "metric", "n", "mean_difference", "ci95_low", "ci95_high", "relative"],
                        [[r["context"] or "-", r["metric"], str(r["n"]), fmt(r["mean_difference"]),
                          fmt(r["ci95"][0]), fmt(r["ci95"][1]), f"{100 * r['relative']:+.2f}%"]
                         for r in paired["rows"]])))
    provenance = (["group", "file", "seed", "scenario", "vsm", "commit", "status"],
                  [[g["label"], r["path"], str(r["seed"]), r["scenario"], r["vsm_version"], r["git_commit"],
                    r["status"]] for g in data["groups"] for r in g["runs"]])
    result.append(("Runs (provenance)", provenance))
    return result


def write_report(data, figures, outdir):
    """report.html (self-contained: figures embedded) and report.md (figures beside it)."""
    os.makedirs(outdir, exist_ok=True)
    pngs = [f for f in figures if f.endswith(".png")]
    parts = ["<!doctype html><html><head><meta charset='utf-8'><title>vsm comparison</title><style>",
             "body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}",
             "td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}th{background:#eee}",
             "img{max-width:100%;margin:1em 0}</style></head><body>",
             f"<h1>vsm comparison</h1><p>{len([r for g in data['groups'] for r in g['runs']])} runs, grouped by "
             f"{html.escape(', '.join(data['by']))}.</p>"]
    md = ["# vsm comparison", ""]
    for title, (header, rows) in tables(data):
        parts.append(f"<h2>{html.escape(title)}</h2><table><tr>" +
                     "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>")
        parts += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows]
        parts.append("</table>")
        md += [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        md += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
        md.append("")
    if pngs:
        parts.append("<h2>Figures</h2>")
        md += ["## Figures", ""]
    for png in pngs:
        with open(png, "rb") as f:
            encoded = base64.b64encode(f.read()).decode("ascii")
        name = os.path.basename(png)
        parts.append(f"<figure><img alt='{html.escape(name)}' src='data:image/png;base64,{encoded}'>"
                     f"<figcaption>{html.escape(name)}</figcaption></figure>")
        md.append(f"![{name}]({os.path.relpath(png, outdir)})")
    parts.append("</body></html>")
    with open(os.path.join(outdir, "report.html"), "w") as f:
        f.write("\n".join(parts))
    with open(os.path.join(outdir, "report.md"), "w") as f:
        f.write("\n".join(md) + "\n")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("comparison", help="the JSON written by vsm compare")
    parser.add_argument("--plots", help="directory for the figures")
    parser.add_argument("--report", help="directory for report.html and report.md")
    args = parser.parse_args(argv)
    with open(args.comparison) as f:
        data = json.load(f)
    plots_dir = args.plots or (os.path.join(args.report, "figures") if args.report else None)
    figures = make_plots(data, plots_dir) if plots_dir else []
    if args.report:
        write_report(data, figures, args.report)
    for path in figures:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
