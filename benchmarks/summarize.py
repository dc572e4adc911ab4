#!/usr/bin/env python3
"""Turns the JMH result files of BenchmarkRunner into the markdown table of docs/benchmarks.md.

Usage: python3 benchmarks/summarize.py RESULTS_DIR
"""
import glob
import json
import os
import sys


def rows(results_dir):
    for path in sorted(glob.glob(os.path.join(results_dir, "jmh-*.json"))):
        configuration = os.path.basename(path)[len("jmh-"):-len(".json")]
        with open(path) as f:
            for result in json.load(f):
                params = result.get("params", {})
                primary = result["primaryMetric"]
                alloc = result["secondaryMetrics"].get("gc.alloc.rate.norm", {})
                yield (
                    configuration,
                    result["benchmark"].rsplit(".", 2)[-2],
                    params.get("hikariLeakDetection", ""),
                    params.get("depth", ""),
                    params.get("callSite", ""),
                    primary["score"],
                    primary["scoreError"],
                    alloc.get("score", float("nan")),
                )


def main():
    results_dir = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/target"
    print("| configuration | benchmark | HikariCP leak detection | extra frames | call site | ns/op | ± | B/op |")
    print("|---|---|---|---|---|---|---|---|")
    for configuration, benchmark, leak, depth, site, score, error, alloc in rows(results_dir):
        print(
            f"| {configuration} | {benchmark} | {leak} | {depth} | {site} | {score:.0f} | {error:.0f} | {alloc:.0f} |"
        )


if __name__ == "__main__":
    main()
