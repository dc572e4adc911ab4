#!/usr/bin/env python3
"""End to end on the local PostgreSQL: per-request connections, the agent's managed pool and a
hand-configured HikariCP, with and without a network's delay between the app and the database.

Usage (from the repository root, after ./mvnw -q -DskipTests package; builds nothing):

    python3 benchmarks/managed_pool.py RESULTS.md [--duration 20s] [--threads 50,200]
        [--delays 0,5ms] [--configurations per-request,manage,hikari] [--hikari-pool-size 50]
        [--per-request-via drivermanager] [--repeat 1] [--warmup 5s]

Runs the test app's `load` scenario (each worker: borrow, one indexed select, close) for every
delay x threads x configuration, the configurations interleaved within each cell so that a change
in the machine's load hits all of them alike:

- per-request: no agent, `--via drivermanager`: a physical connection per request;
- manage: the same app under `-javaagent:agent/target/pool-agent.jar=mode=manage,report=none`;
- hikari: no agent, `--via hikari --pool-size 50`: the pool a user would configure by hand.

A non-zero delay runs through DelayProxy (benchmarks.jar), which holds every chunk of bytes for
that long in each direction. Between runs it waits until the previous run's backends have left
PostgreSQL. It prints a Markdown report (machine, commands, every run's raw line, a table, the
ratios against the issue's targets) and writes it to RESULTS.md.

Standard library only: runs with /usr/bin/python3.
"""
import argparse
import datetime
import os
import platform
import random
import re
import shlex
import statistics
import subprocess
import sys
import time

APP_JAR = "agent-testapp/target/agent-testapp.jar"
AGENT_JAR = "agent/target/pool-agent.jar"
PROXY_JAR = "benchmarks/target/benchmarks.jar"
PROXY_MAIN = "io.poolagent.benchmarks.e2e.DelayProxy"
DB_HOST = "127.0.0.1"
DB_PORT = 5432
# Every run's connections carry this name, so that waiting for a run's backends to leave is not
# fooled by anyone else's sessions on the same database.
APPLICATION_NAME = "pool-agent-bench"
TOO_MANY_CONNECTIONS = "53300"
# The agent's lines worth a note in the report: above all, that it stood aside (then the manage
# row measured per-request connections). Its start line and pool summary vary run to run.
AGENT_TROUBLE = re.compile(r"disabled|invalid|fail|error", re.IGNORECASE)

LOAD_LINE = re.compile(
    r"^load: requests=(\d+) errors=(\d+) throughput=([\d.]+)/s "
    r"p50=([\d.]+)ms p95=([\d.]+)ms p99=([\d.]+)ms$"
)
STATES_LINE = re.compile(r"^load: errors_by_sqlstate (.*)$")

# The targets, manage against the others in the same cell.
TARGET_THROUGHPUT_VS_PER_REQUEST = 3.4
TARGET_P95_VS_PER_REQUEST = 46.0
TARGET_WITHIN_HIKARI = 0.10


def parse_args():
    parser = argparse.ArgumentParser(
        description="The managed pool against per-request connections and HikariCP, end to end."
    )
    parser.add_argument(
        "results", help="Markdown file to write, e.g. benchmarks/target/managed-pool.md"
    )
    parser.add_argument("--duration", default="20s", help="each run (default 20s)")
    parser.add_argument("--threads", default="50,200", help="comma-separated (default 50,200)")
    parser.add_argument("--delays", default="0,5ms", help="each way; 0 = no proxy (default 0,5ms)")
    parser.add_argument(
        "--configurations",
        default="per-request,manage,hikari",
        help="comma-separated subset of per-request,manage,hikari",
    )
    parser.add_argument(
        "--hikari-pool-size",
        type=int,
        default=50,
        help="HikariCP's maximumPoolSize (default 50, the managed pool's pool.maxSize)",
    )
    parser.add_argument(
        "--per-request-via",
        default="drivermanager",
        choices=["drivermanager", "datasource"],
        help="how per-request and manage borrow (default drivermanager)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds over the whole matrix; the table shows medians (default 1)",
    )
    parser.add_argument(
        "--warmup",
        default="5s",
        help="one discarded run before the matrix, 0 for none (default 5s)",
    )
    args = parser.parse_args()
    args.threads = [int(t) for t in args.threads.split(",")]
    args.delays = [d.strip() for d in args.delays.split(",")]
    args.configurations = [c.strip() for c in args.configurations.split(",")]
    unknown = set(args.configurations) - {"per-request", "manage", "hikari"}
    if unknown:
        parser.error("unknown configuration(s): " + ", ".join(sorted(unknown)))
    for d in [args.duration, args.warmup, *args.delays]:
        seconds(d)  # fails early on a malformed duration
    return args


def seconds(duration):
    """'20s', '500ms', '2m' or '0', the forms the test app and the proxy accept."""
    match = re.fullmatch(r"(\d+)(ms|s|m)?", duration.strip())
    if not match or (match.group(2) is None and match.group(1) != "0"):
        sys.exit(f"managed_pool.py: expected a duration (20s, 500ms, 2m or 0), not '{duration}'")
    unit = {"ms": 0.001, "s": 1, "m": 60, None: 0}[match.group(2)]
    return int(match.group(1)) * unit


def configuration(name, args):
    """(java options before -jar, test app options, environment) for a configuration."""
    if name == "per-request":
        return [], ["--via", args.per_request_via], {}
    if name == "manage":
        # OpenTelemetry off: the rows compare pools, not telemetry export (as the other
        # end-to-end figures in docs/benchmarks.md do).
        return (
            [f"-javaagent:{AGENT_JAR}=mode=manage,report=none"],
            ["--via", args.per_request_via],
            {"OTEL_SDK_DISABLED": "true"},
        )
    return [], ["--via", "hikari", "--pool-size", str(args.hikari_pool_size)], {}


def clean_env(extra):
    # Settings left in the caller's shell would change what is measured.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "POOL_AGENT_"))}
    env.update(extra)
    return env


def psql(sql):
    result = subprocess.run(
        ["psql", "-h", DB_HOST, "-p", str(DB_PORT), "-U", "postgres", "-d", "test", "-tAc", sql],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if result.returncode != 0:
        raise RuntimeError("psql failed: " + result.stderr.strip())
    return result.stdout.strip()


def backends():
    """(this harness's backends, all backends) on database test; psql's own is in the second."""
    ours, everyone = psql(
        "SELECT count(*) FILTER (WHERE application_name = '%s'), count(*) "
        "FROM pg_stat_activity WHERE datname = 'test'" % APPLICATION_NAME
    ).split("|")
    return int(ours), int(everyone)


def wait_for_backends_to_leave(baseline, notes):
    """Until the last run's backends are gone: one run's leftovers would distort the next."""
    deadline = time.monotonic() + 60
    while True:
        ours, everyone = backends()
        if ours == 0:
            break
        if time.monotonic() > deadline:
            notes.append(f"{ours} backends of the previous run were still there after 60 s")
            return
        time.sleep(0.2)
    # Someone else's sessions are not ours to wait for long, but they share the two cores.
    deadline = time.monotonic() + 10
    while everyone > baseline:
        if time.monotonic() > deadline:
            notes.append(
                f"{everyone - baseline} other backends on database test during a run "
                f"(baseline {baseline})"
            )
            return
        time.sleep(0.2)
        _, everyone = backends()


class Proxy:
    """DelayProxy in its own JVM, on a free port, for as long as the runs with its delay last."""

    def __init__(self, delay):
        self.command = [
            "java", "-cp", PROXY_JAR, PROXY_MAIN,
            "--listen", "127.0.0.1:0", "--target", f"{DB_HOST}:{DB_PORT}", "--delay", delay,
        ]
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if not match:
            self.stop()
            said = line.strip() or "no output"
            sys.exit(f"managed_pool.py: the delay proxy did not start: {said}")
        self.port = int(match.group(1))

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def url(port):
    return f"jdbc:postgresql://{DB_HOST}:{port}/test?ApplicationName={APPLICATION_NAME}"


def load_command(name, args, threads, duration, port):
    java_options, app_options, env = configuration(name, args)
    command = [
        "java", *java_options, "-jar", APP_JAR,
        "--scenario", "load", "--db", "postgres", *app_options,
        "--threads", str(threads), "--duration", duration, "--url", url(port),
    ]
    return command, env


def run_load(name, args, threads, duration, port):
    command, env = load_command(name, args, threads, duration, port)
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=clean_env(env),
            # Generous: a pool's borrow timeout (30 s) and the JVM's exit come on top.
            timeout=seconds(duration) + 120,
        )
    except subprocess.TimeoutExpired:
        return {"failed": "did not end within the duration + 120 s", "stdout": "", "agent": []}
    run = {"stdout": result.stdout, "agent": agent_lines(result.stderr)}
    first_error = [l for l in result.stderr.splitlines() if l.startswith("load: first error: ")]
    run["first_error"] = first_error[0][len("load: first error: "):] if first_error else None
    load = states = None
    for line in result.stdout.splitlines():
        load = load or LOAD_LINE.match(line)
        states = states or STATES_LINE.match(line)
    if result.returncode != 0 or not load:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        run["failed"] = f"exit {result.returncode}: {last}"
        return run
    requests, errors = int(load.group(1)), int(load.group(2))
    throughput, p50, p95, p99 = (float(load.group(i)) for i in range(3, 7))
    run.update(
        requests=requests,
        errors=errors,
        # Refusals come back fast and would count as throughput: only answered requests do.
        ok_throughput=throughput * (requests - errors) / requests if requests else 0.0,
        p50=p50,
        p95=p95,
        p99=p99,
        by_state=parse_states(states.group(1)) if states else None,
    )
    return run


def parse_states(text):
    if text.strip() == "none":
        return {}
    return {state: int(count) for state, count in (t.split("=") for t in text.split())}


def agent_lines(stderr):
    return [l for l in stderr.splitlines() if l.startswith("[pool-agent]")]


def too_many(run):
    """Requests refused as too many connections; None when the test app does not say (old jar)."""
    if run.get("by_state") is None:
        return None
    return run["by_state"].get(TOO_MANY_CONNECTIONS, 0)


def summarize(runs):
    """One row from a cell's runs: medians of the figures, sums of the errors."""
    good = [r for r in runs if "failed" not in r]
    if not good:
        return None
    tm = [too_many(r) for r in good]
    return {
        "ok_throughput": statistics.median(r["ok_throughput"] for r in good),
        "p50": statistics.median(r["p50"] for r in good),
        "p95": statistics.median(r["p95"] for r in good),
        "p99": statistics.median(r["p99"] for r in good),
        "requests": sum(r["requests"] for r in good),
        "errors": sum(r["errors"] for r in good),
        "too_many": None if None in tm else sum(tm),
        "failed_runs": len(runs) - len(good),
    }


def machine():
    cores = os.cpu_count()
    memory = "?"
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    return (
        f"{cores} cores, {memory}, {platform.system()} {platform.release()}, "
        f"{java[0] if java else 'java ?'}, "
        f"PostgreSQL {psql('SHOW server_version')} "
        f"(max_connections {psql('SHOW max_connections')})"
    )


def fmt(value, digits=1, unit=""):
    return "—" if value is None else f"{value:,.{digits}f}{unit}"


def ratio(numerator, denominator):
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def verdict(value, ok):
    return "" if value is None else (" ✓" if ok(value) else " ✗")


def ratio_row(cells, delay, threads):
    """Manage against per-request and HikariCP in one cell, each ratio marked against its target."""

    def figure(name, key):
        row = cells.get((delay, threads, name))
        return row[key] if row else None

    throughput = figure("manage", "ok_throughput")
    vs_per_request = ratio(throughput, figure("per-request", "ok_throughput"))
    p95_lower = ratio(figure("per-request", "p95"), figure("manage", "p95"))
    vs_hikari = ratio(throughput, figure("hikari", "ok_throughput"))
    p95_vs_hikari = ratio(figure("manage", "p95"), figure("hikari", "p95"))
    too = figure("manage", "too_many")
    cells_text = [
        fmt(vs_per_request, 2, "x")
        + verdict(vs_per_request, lambda v: v >= TARGET_THROUGHPUT_VS_PER_REQUEST),
        fmt(p95_lower, 1, "x") + verdict(p95_lower, lambda v: v >= TARGET_P95_VS_PER_REQUEST),
        ("?" if too is None else str(too)) + verdict(too, lambda v: v == 0),
        fmt(vs_hikari, 2) + verdict(vs_hikari, lambda v: v >= 1 - TARGET_WITHIN_HIKARI),
        fmt(p95_vs_hikari, 2) + verdict(p95_vs_hikari, lambda v: v <= 1 + TARGET_WITHIN_HIKARI),
    ]
    return f"| {delay} | {threads} | " + " | ".join(cells_text) + " |"


def report(args, cells, raw, notes, started, machine_text):
    delays, threads, names = args.delays, args.threads, args.configurations
    out = []
    out.append(f"# Managed pool, end to end ({started:%Y-%m-%d %H:%M} UTC)")
    out.append("")
    out.append(f"Machine: {machine_text}.")
    out.append("")
    out.append("Command: `" + " ".join(shlex.quote(a) for a in ["python3", *sys.argv]) + "`")
    out.append("")
    out.append(
        f"Each run: the test app's `load` scenario for {args.duration} (its JVM's start and JIT "
        f"warm-up included), {args.repeat} round(s) over the matrix, configurations interleaved in a "
        f"shuffled order per cell and round (seeded); "
        f"one discarded warm-up run of {args.warmup} first. A delay is each way, through "
        "DelayProxy. "
        "Throughput counts answered requests only (refusals come back fast and would inflate it); "
        "p50/p95/p99 are of answered requests. Errors and too-many-connections (SQLState 53300) "
        "are summed over rounds, the other figures are medians."
    )
    out.append("")
    out.append("Configurations (`URL` = `" + url("PORT") + "`, PORT 5432 or the proxy's):")
    out.append("")
    for name in names:
        command, env = load_command(name, args, "N", args.duration, "PORT")
        env_text = " ".join(f"{k}={v}" for k, v in env.items())
        out.append(f"- `{name}`: `{(env_text + ' ') if env_text else ''}{' '.join(command)}`")
    out.append("")
    out.append(
        "| configuration | delay | threads | throughput (/s) | p50 (ms) | p95 (ms) | p99 (ms) "
        "| errors | too many connections |"
    )
    out.append("|---|---|---|---|---|---|---|---|---|")
    for delay in delays:
        for t in threads:
            for name in names:
                row = cells.get((delay, t, name))
                if row is None:
                    out.append(f"| {name} | {delay} | {t} | failed | | | | | |")
                    continue
                errors = f"{row['errors']:,}"
                if row["requests"]:
                    errors += f" ({100 * row['errors'] / row['requests']:.1f}%)"
                if row["failed_runs"]:
                    errors += f", {row['failed_runs']} run(s) failed"
                too = "?" if row["too_many"] is None else f"{row['too_many']:,}"
                out.append(
                    f"| {name} | {delay} | {t} | {fmt(row['ok_throughput'])} "
                    f"| {fmt(row['p50'], 3)} | {fmt(row['p95'], 3)} | {fmt(row['p99'], 3)} "
                    f"| {errors} | {too} |"
                )
    out.append("")
    if "manage" in names:
        out.append(
            f"Ratios, manage against the others in the same cell (targets: throughput at least "
            f"{TARGET_THROUGHPUT_VS_PER_REQUEST}x and p95 at least "
            f"{TARGET_P95_VS_PER_REQUEST:.0f}x lower than per-request, no too-many-connections "
            f"errors, within {TARGET_WITHIN_HIKARI:.0%} of HikariCP):"
        )
        out.append("")
        out.append(
            "| delay | threads | throughput / per-request | per-request p95 / p95 "
            "| too many connections | throughput / hikari | p95 / hikari p95 |"
        )
        out.append("|---|---|---|---|---|---|---|")
        for delay in delays:
            for t in threads:
                out.append(ratio_row(cells, delay, t))
        out.append("")
    if notes:
        out.append("Notes:")
        out.append("")
        out.extend(f"- {n}" for n in dict.fromkeys(notes))
        out.append("")
    out.append("Every run (the test app's own lines):")
    out.append("")
    out.append("```")
    out.extend(raw)
    out.append("```")
    return "\n".join(out) + "\n"


def check_prerequisites(args):
    needed = [APP_JAR]
    if "manage" in args.configurations:
        needed.append(AGENT_JAR)
    if any(seconds(d) > 0 for d in args.delays):
        needed.append(PROXY_JAR)
    missing = [j for j in needed if not os.path.isfile(j)]
    if missing:
        sys.exit("managed_pool.py: missing " + ", ".join(missing)
                 + ": run it from the repository root after ./mvnw -q -DskipTests package")
    try:
        psql("SELECT 1")
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
        sys.exit(f"managed_pool.py: cannot query PostgreSQL on {DB_HOST}:{DB_PORT} with psql: {e}")


def main():
    args = parse_args()
    check_prerequisites(args)
    started = datetime.datetime.now(datetime.timezone.utc)
    machine_text = machine()
    baseline = backends()[1]
    notes, raw = [], []
    runs = {}
    proxies = {}
    try:
        if seconds(args.warmup) > 0:
            # Warms PostgreSQL's caches and the page cache; each run's own JIT warm-up stays in it.
            name = args.configurations[0]
            print(f"warm-up: {name}, {args.warmup}", file=sys.stderr, flush=True)
            run_load(name, args, min(args.threads), args.warmup, DB_PORT)
            wait_for_backends_to_leave(baseline, notes)
        for round_number in range(1, args.repeat + 1):
            for delay in args.delays:
                if seconds(delay) > 0 and delay not in proxies:
                    proxies[delay] = Proxy(delay)
                port = proxies[delay].port if delay in proxies else DB_PORT
                for t in args.threads:
                    # A fresh order per cell and round: the machine's pace drifts over minutes,
                    # and a fixed order would hand the drift to whichever configuration runs
                    # last. Seeded, so that a rerun repeats the same orders.
                    order = list(args.configurations)
                    random.Random(f"{round_number}/{delay}/{t}").shuffle(order)
                    for name in order:
                        run = run_load(name, args, t, args.duration, port)
                        runs.setdefault((delay, t, name), []).append(run)
                        label = f"{name} delay={delay} threads={t} round={round_number}"
                        lines = [l for l in run["stdout"].splitlines() if l.startswith("load: ")]
                        if "failed" in run:
                            lines.append("failed: " + run["failed"])
                        if run.get("first_error"):
                            lines.append("first error: " + run["first_error"])
                        for line in lines:
                            raw.append(f"{label}: {line}")
                            print(f"{label}: {line}", file=sys.stderr, flush=True)
                        for line in run["agent"]:
                            if AGENT_TROUBLE.search(line):
                                notes.append(f"`{name}`: the agent said `{line}`")
                        wait_for_backends_to_leave(baseline, notes)
    finally:
        for proxy in proxies.values():
            proxy.stop()
    cells = {key: summarize(value) for key, value in runs.items()}
    text = report(args, {k: v for k, v in cells.items() if v}, raw, notes, started, machine_text)
    print(text)
    os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
    with open(args.results, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
