#!/usr/bin/env python3
"""Draws the cost of one getConnection+close cycle per configuration, from BenchmarkRunner's results.

Usage: python3 benchmarks/chart.py RESULTS_DIR OUTPUT.png

Two panels, time (ns/op) and allocation (B/op), one group of bars per thread count and call-stack
depth. Needs matplotlib (Debian: apt-get install python3-matplotlib, then run it with
/usr/bin/python3).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import summarize  # noqa: E402  (the same reading of the JMH files as the table)

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SERIES = [
    ("no-agent", "off", "HikariCP"),
    ("no-agent", "on", "HikariCP + its leakDetectionThreshold"),
    ("agent-stacks-on", "off", "HikariCP + pool-agent, stacks on"),
    ("agent-stacks-on-unmarked", "off", "HikariCP + pool-agent, stacks on, unmarked call site"),
    ("agent-stacks-off", "off", "HikariCP + pool-agent, stacks off"),
    ("managed-stacks-on", "", "managed pool (mode=manage), stacks on"),
    ("managed-stacks-off", "", "managed pool (mode=manage), stacks off"),
]
COLORS = ["#8c8c8c", "#d95f02", "#1b9e77", "#a6d854", "#7570b3", "#e7298a", "#66a61e"]


def collect(results_dir):
    """(configuration, threads, leak detection, depth) -> (ns/op, B/op)."""
    values = {}
    for configuration, benchmark, leak, depth, site, score, _error, alloc in summarize.rows(results_dir):
        name, threads = configuration.rsplit("-", 1)
        if site == "unmarked":
            name += "-unmarked"
        if name == "no-agent" and benchmark == "ManagedPoolBenchmark":
            continue  # a connect per borrow: no pool to compare
        values[(name, threads, leak, str(depth))] = (score, alloc)
    return values


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    results_dir, output = sys.argv[1], sys.argv[2]
    values = collect(results_dir)
    if not values:
        sys.exit("no jmh-*.json files in " + results_dir)
    groups = sorted({(threads, depth) for (_, threads, _, depth) in values},
                    key=lambda g: (g[0], int(g[1])))
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8))
    width = 0.8 / len(SERIES)
    for panel, (axis, unit) in enumerate(zip(axes, ["ns per cycle", "bytes per cycle"])):
        for i, (name, leak, label) in enumerate(SERIES):
            heights = [values.get((name, threads, leak, depth), (0, 0))[panel]
                       for threads, depth in groups]
            positions = [g + (i - (len(SERIES) - 1) / 2) * width for g in range(len(groups))]
            bars = axis.bar(positions, heights, width, label=label, color=COLORS[i])
            axis.bar_label(bars, fmt="%.0f", fontsize=7, rotation=90, padding=2)
        axis.set_xticks(range(len(groups)))
        axis.set_xticklabels([f"{t} thread{'s' if t != '1t' else ''}\n+{d} frames"
                              .replace("t thread", " thread") for t, d in groups])
        axis.set_ylabel(unit)
        axis.margins(y=0.15)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=4, fontsize=8)
    fig.suptitle("One getConnection() + close(), stub driver, JMH: HikariCP (pool of 8),"
                 " and DriverManager under mode=manage (managed pool)")
    fig.tight_layout(rect=(0, 0.11, 1, 1))
    fig.savefig(output, dpi=110)
    print("wrote " + output)


if __name__ == "__main__":
    main()
