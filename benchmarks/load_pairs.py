#!/usr/bin/env python3
"""The test app's load scenario through HikariCP on the local PostgreSQL, with and without the agent.

Usage: python3 benchmarks/load_pairs.py [--pairs 9] [--warmup 10s] [--duration 20s] [--threads 8]
       [--agent-args ...] [--agent JAR] [RESULTS.md]      (from the repository root, after a package)

Each pair is one run without the agent and one with it (borrow stacks on, the default), in
alternating order, so that a drift of the machine's pace hits both alike. Each run warms up
first (--warmup: class loading, the JIT, the pool filling and the agent's own start are not
measured), then measures for --duration. Prints, and writes to RESULTS.md if given, every run and
the medians of throughput, p50, p95 and p99 with the agent's ratio to the run without it.
OpenTelemetry is off under the agent (OTEL_SDK_DISABLED=true): this measures the tracking, not
an exporter with no collector to send to.
"""
import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys

APP = "agent-testapp/target/agent-testapp.jar"
AGENT = "agent/target/pool-agent.jar"  # --agent overrides, to compare two builds
RESULT = re.compile(
    r"load: requests=(\d+) errors=(\d+) throughput=([0-9.]+)/s "
    r"p50=([0-9.]+)ms p95=([0-9.]+)ms p99=([0-9.]+)ms"
)
METRICS = ["throughput", "p50", "p95", "p99"]


def run(with_agent, args):
    java = ["java"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "POOL_AGENT_"))}
    if with_agent:
        java.append(f"-javaagent:{args.agent}={args.agent_args}")
        env["OTEL_SDK_DISABLED"] = "true"
    command = java + [
        "-jar", APP, "--scenario", "load", "--db", "postgres", "--via", "hikari",
        "--threads", str(args.threads), "--warmup", args.warmup, "--duration", args.duration,
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    match = RESULT.search(done.stdout)
    if done.returncode != 0 or not match:
        sys.exit(f"load run failed ({' '.join(command)}):\n{done.stdout}\n{done.stderr}")
    if int(match.group(2)) != 0:
        sys.exit(f"load run had errors ({' '.join(command)}):\n{done.stdout}")
    throughput, p50, p95, p99 = (float(match.group(i)) for i in range(3, 7))
    return {"throughput": throughput, "p50": p50, "p95": p95, "p99": p99}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="?", help="markdown file to write")
    parser.add_argument("--pairs", type=int, default=9)
    parser.add_argument("--warmup", default="10s")
    parser.add_argument("--duration", default="20s")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--agent-args", default="report=none,logLevel=warn")
    parser.add_argument("--agent", default=AGENT, help=f"the agent jar (default {AGENT})")
    args = parser.parse_args()

    runs = {False: [], True: []}
    rows = []
    for pair in range(args.pairs):
        order = [False, True] if pair % 2 == 0 else [True, False]
        for with_agent in order:
            result = run(with_agent, args)
            runs[with_agent].append(result)
            rows.append((pair + 1, with_agent, result))
            print(
                f"pair {pair + 1} {'agent' if with_agent else 'none '} "
                + " ".join(f"{m}={result[m]}" for m in METRICS),
                file=sys.stderr,
                flush=True,
            )

    lines = [
        "# load, PostgreSQL through HikariCP, with and without pool-agent",
        "",
        f"{datetime.date.today()}, {platform.node()}, {os.cpu_count()} cores, "
        + subprocess.run(["java", "-version"], capture_output=True, text=True)
        .stderr.splitlines()[0],
        "",
        f"`python3 benchmarks/load_pairs.py --pairs {args.pairs} --warmup {args.warmup} "
        f"--duration {args.duration} --threads {args.threads} --agent-args {args.agent_args}`"
        + (f" (agent jar {args.agent})" if args.agent != AGENT else ""),
        "",
        "| | throughput (/s) | p50 (ms) | p95 (ms) | p99 (ms) |",
        "|---|---|---|---|---|",
    ]
    medians = {w: {m: statistics.median(r[m] for r in runs[w]) for m in METRICS} for w in runs}
    for with_agent, name in ((False, "without the agent"), (True, "with the agent")):
        cells = []
        for m in METRICS:
            value = medians[with_agent][m]
            text = f"{value:,.0f}" if m == "throughput" else f"{value:.3f}"
            if with_agent:
                text += f" ({value / medians[False][m] - 1:+.1%})"
            cells.append(text)
        lines.append(f"| {name}, median of {len(runs[with_agent])} | " + " | ".join(cells) + " |")
    ratios = [
        rows_agent[2]["p95"] / rows_none[2]["p95"]
        for rows_none, rows_agent in zip(
            [r for r in rows if not r[1]], [r for r in rows if r[1]]
        )
    ]
    lines += [
        "",
        f"p95 ratio pair by pair: {', '.join(f'{r:.2f}' for r in ratios)} "
        f"(median {statistics.median(ratios):.3f})",
        "",
        "| pair | agent | throughput (/s) | p50 (ms) | p95 (ms) | p99 (ms) |",
        "|---|---|---|---|---|---|",
    ]
    for pair, with_agent, result in rows:
        lines.append(
            f"| {pair} | {'yes' if with_agent else 'no'} | {result['throughput']:,.0f} | "
            f"{result['p50']:.3f} | {result['p95']:.3f} | {result['p99']:.3f} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.results:
        with open(args.results, "w") as out:
            out.write(text)


if __name__ == "__main__":
    main()
