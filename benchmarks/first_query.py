#!/usr/bin/env python3
"""Time from JVM start to the test app's first queries, with and without the agent.

Usage: python3 benchmarks/first_query.py [RUNS] [--compare JAR]
       (from the repository root, after a package)

The test app is started with --await-stdin: it opens its database, creates and fills its schema
(the first queries), prints "testapp ready", then waits. The time to that line is what an agent
adds to a service's start; the exit (report, telemetry flush) is not in it. Configurations run
interleaved, so that a change in the machine's load hits all of them alike. Prints a markdown
table: median, added to the JVM without the agent, the ratio to it, min, max and the spread
(p90 - p10) in ms. --compare JAR adds the two agent configurations again with another build of
the agent, interleaved with the others, so that two builds are compared on the same machine
state: its start-up moves with the machine's load by more than most changes to the agent.
"""
import argparse
import statistics
import subprocess
import time

APP = ["-jar", "agent-testapp/target/agent-testapp.jar", "--scenario", "no-leak", "--await-stdin"]
AGENT = "agent/target/pool-agent.jar"


def configurations(compare):
    jars = [("agent", AGENT)] + ([(compare, compare)] if compare else [])
    found = [("no agent", [], {})]
    for name, jar in jars:
        agent = f"-javaagent:{jar}=report=none,logLevel=off"
        found.append((f"{name}, default telemetry (OTLP to localhost:4318)", [agent], {}))
        found.append((f"{name}, OTEL_SDK_DISABLED=true", [agent], {"OTEL_SDK_DISABLED": "true"}))
    return found


def first_query_millis(java_args, env):
    started = time.monotonic()
    process = subprocess.Popen(
        ["java", *java_args, *APP],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**base_env(), **env},
        text=True,
    )
    try:
        for line in process.stdout:
            if line.startswith("testapp ready"):
                return (time.monotonic() - started) * 1000
        raise RuntimeError("the test app ended before its first query: " + " ".join(java_args))
    finally:
        process.kill()
        process.wait()


def base_env():
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "POOL_AGENT_"))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=20)
    parser.add_argument("--compare", metavar="JAR", help="another build of the agent")
    args = parser.parse_args()
    measured = configurations(args.compare)
    print_table(interleaved(measured, args.runs, first_query_millis))


def interleaved(measured, runs, millis):
    """Runs every configuration in turn, RUNS times after two warm-up rounds: samples by name."""
    samples = {name: [] for name, _, _ in measured}
    for _ in range(2):  # warm-up: page cache, JIT-free first reads of the jars
        for name, java_args, env in measured:
            millis(java_args, env)
    for _ in range(runs):
        for name, java_args, env in measured:
            samples[name].append(millis(java_args, env))
    return samples


def print_table(samples):
    """Markdown: each configuration against the first (the JVM without the agent), in ms."""
    names = list(samples)
    baseline = statistics.median(samples[names[0]])
    print("| configuration | median (ms) | added (ms) | ratio | min | max | p90 - p10 | runs |")
    print("|---|---|---|---|---|---|---|---|")
    for name in names:
        values = sorted(samples[name])
        deciles = statistics.quantiles(values, n=10)
        median = statistics.median(values)
        print(
            f"| {name} | {median:.0f} | {median - baseline:+.0f} | {median / baseline:.2f} | "
            f"{values[0]:.0f} | {values[-1]:.0f} | {deciles[-1] - deciles[0]:.0f} | {len(values)} |"
        )

if __name__ == "__main__":
    main()
