#!/usr/bin/env python3
"""Whole life of a short JVM (start, borrow, exit), with and without the agent.

Usage: python3 benchmarks/short_jvm.py [RUNS] [--compare JAR]
       (from the repository root, after a package)

A forked test JVM or a short job starts, borrows a few connections and exits: the agent's cost
is its start plus its exit (report, telemetry). Each run is the test app's `no-leak` scenario,
from spawn to exit, in a fresh temporary directory (the default report file lands there). The
agent runs with its default settings and OpenTelemetry's: nothing may listen on 4317/4318, the
default collector's ports, or the figures are not "no collector". Also measured: a collector that
accepts connections and never answers (a socket that listens and is never read). Configurations
run interleaved, so that a change in the machine's load hits all of them alike. Prints a markdown
table: median, added to the JVM without the agent, the ratio to it, min, max and the spread (p90 - p10) in ms.
--compare JAR adds the agent configurations again with another build of the agent.
--floor adds what any agent costs, built on the spot (javac): one whose premain does nothing, and
one that registers a class file transformer that changes nothing (the JVM then hands it every
class it loads). No agent can cost less.
"""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time

from first_query import base_env, interleaved, print_table

APP = ["-jar", os.path.abspath("agent-testapp/target/agent-testapp.jar"), "--scenario", "no-leak"]
AGENT = os.path.abspath("agent/target/pool-agent.jar")


def listening(port):
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def silent_collector():
    """A socket the kernel completes connections on, which nobody ever reads or answers."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1024)
    return s, f"http://127.0.0.1:{s.getsockname()[1]}"


EMPTY_AGENTS = {
    "EmptyAgent": "public class EmptyAgent {\n"
    "  public static void premain(String args, java.lang.instrument.Instrumentation inst) {}\n"
    "}\n",
    "NoOpTransformerAgent": "public class NoOpTransformerAgent {\n"
    "  public static void premain(String args, java.lang.instrument.Instrumentation inst) {\n"
    "    inst.addTransformer(new java.lang.instrument.ClassFileTransformer() {}, true);\n"
    "  }\n"
    "}\n",
}


def floor_agents(work):
    """The two agents that do nothing, as jars in WORK: (name, jar)."""
    built = []
    for name, source in EMPTY_AGENTS.items():
        classes = os.path.join(work, name)
        java_file = os.path.join(work, name + ".java")
        with open(java_file, "w") as f:
            f.write(source)
        subprocess.run(["javac", "-d", classes, java_file], check=True)
        manifest = os.path.join(work, name + ".mf")
        with open(manifest, "w") as f:
            f.write(f"Premain-Class: {name}\nCan-Retransform-Classes: true\n")
        jar = os.path.join(work, name + ".jar")
        subprocess.run(["jar", "cfm", jar, manifest, "-C", classes, "."], check=True)
        built.append((name, jar))
    return built


def configurations(compare, hung_endpoint, floor=()):
    jars = [("agent", AGENT)] + ([(compare, os.path.abspath(compare))] if compare else [])
    found = [("no agent", [], {})]
    found += [(f"{name} (the floor)", [f"-javaagent:{jar}"], {}) for name, jar in floor]
    for name, jar in jars:
        agent = f"-javaagent:{jar}"
        found.append((f"{name}, default settings, no collector", [agent], {}))
        found.append(
            (
                f"{name}, a collector that never answers",
                [agent],
                {"OTEL_EXPORTER_OTLP_ENDPOINT": hung_endpoint},
            )
        )
    return found


def lifetime_millis(java_args, env):
    with tempfile.TemporaryDirectory(prefix="short-jvm-") as work:
        started = time.monotonic()
        result = subprocess.run(
            ["java", *java_args, *APP],
            cwd=work,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**base_env(), **env},
            text=True,
        )
        elapsed = (time.monotonic() - started) * 1000
        if result.returncode != 0:
            raise RuntimeError(f"exit {result.returncode}: {' '.join(java_args)}\n{result.stderr}")
        return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=20)
    parser.add_argument("--compare", metavar="JAR", help="another build of the agent")
    parser.add_argument("--floor", action="store_true", help="also agents that do nothing")
    args = parser.parse_args()
    taken = [port for port in (4317, 4318) if listening(port)]
    if taken:
        sys.exit(f"something listens on {taken}: stop it, these figures are for no collector")
    hung, hung_endpoint = silent_collector()
    with tempfile.TemporaryDirectory(prefix="short-jvm-floor-") as work:
        floor = floor_agents(work) if args.floor else ()
        measured = configurations(args.compare, hung_endpoint, floor)
        try:
            print_table(interleaved(measured, args.runs, lifetime_millis))
        finally:
            hung.close()


if __name__ == "__main__":
    main()
