#!/usr/bin/env python3
"""Two threads against one: the borrow/return cycle's scaling, over several forks.

Usage: python3 benchmarks/scaling.py [--forks 4] [--java JAVA] [--agent JAR] [--jvm-args ARGS]
                                    [RESULTS.md]
       (from the repository root, after a package)

The issue's target: two threads scale no worse than bare HikariCP. BenchmarkRunner's single fork
per configuration cannot tell: on this 2-core machine one fork's two-thread figure moves by 20%
from one fork to the next (where the JIT and the collector put things), more than the difference
looked for. This runs BorrowReturnBenchmark (shallow, marked call site, HikariCP's leak detection
off) bare, under the agent with stacks off and with stacks on, each with 1 and 2 threads, for
--forks forks each, and reports the mean of the forks' scores and the 2-thread/1-thread ratio.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

JAR = "benchmarks/target/benchmarks.jar"
CONFIGURATIONS = [("bare HikariCP", None), ("agent, stacks off", "0"), ("agent, stacks on", "1")]


def measure(args, sample_rate, threads):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        result_file = out.name
    command = [
        args.java, "-cp", JAR, "org.openjdk.jmh.Main", "BorrowReturnBenchmark",
        "-p", "hikariLeakDetection=off", "-p", "depth=0", "-p", "callSite=marked",
        "-f", str(args.forks), "-wi", "3", "-w", "1s", "-i", "4", "-r", "1s", "-t", str(threads),
        "-rf", "json", "-rff", result_file,
    ]
    jvm_args = []
    if sample_rate is not None:
        jvm_args += [
            f"-javaagent:{os.path.abspath(args.agent)}=report=none,logLevel=warn,"
            f"stackSampleRate={sample_rate}",
            "-Dotel.sdk.disabled=true",
        ]
    if args.jvm_args:
        jvm_args.append(args.jvm_args)
    if jvm_args:
        command += ["-jvmArgsAppend", " ".join(jvm_args)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"JMH failed ({' '.join(command)}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    with open(result_file) as f:
        primary = json.load(f)[0]["primaryMetric"]
    os.unlink(result_file)
    # rawData: one list of iteration scores per fork.
    forks = [statistics.mean(iterations) for iterations in primary["rawData"]]
    return primary["score"], forks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="?", help="markdown file to write")
    parser.add_argument("--forks", type=int, default=4)
    parser.add_argument("--java", default="java")
    parser.add_argument("--agent", default="agent/target/pool-agent.jar")
    parser.add_argument(
        "--jvm-args", default="",
        help="more JVM options for every fork, bare ones included (e.g. -XX:+UseParallelGC)")
    args = parser.parse_args()
    for path in (JAR, args.agent):
        if not os.path.isfile(path):
            sys.exit(f"no {path}: build first (./mvnw -q -DskipTests package)")
    java_version = subprocess.run(
        [args.java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    lines = [
        f"{datetime.date.today()}, {platform.node()}, {os.cpu_count()} cores, {java_version}; "
        f"`python3 benchmarks/scaling.py --forks {args.forks}"
        + (f" --jvm-args='{args.jvm_args}'" if args.jvm_args else "") + "`",
        "",
        "| configuration | 1 thread (ns/op) | 2 threads (ns/op) | 2t / 1t | forks, 1t | forks, 2t |",
        "|---|---|---|---|---|---|",
    ]
    for name, sample_rate in CONFIGURATIONS:
        one, one_forks = measure(args, sample_rate, 1)
        two, two_forks = measure(args, sample_rate, 2)
        forks = [", ".join(f"{score:.0f}" for score in scores) for scores in (one_forks, two_forks)]
        lines.append(
            f"| {name} | {one:.0f} | {two:.0f} | {two / one:.2f} | {forks[0]} | {forks[1]} |")
        print(lines[-1], flush=True)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.results:
        with open(args.results, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
