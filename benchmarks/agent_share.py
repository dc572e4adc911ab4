#!/usr/bin/env python3
"""What the agent costs per request, from an async-profiler profile of the test app's load run.

Usage: python3 benchmarks/agent_share.py PROFILE.collapsed REQUESTS [TOP]

PROFILE is async-profiler's collapsed output with thread names, e.g. from
    java -agentpath:libasyncProfiler.so=start,event=cpu,interval=1ms,threads,file=p.collapsed,collapsed \
      -javaagent:agent/target/pool-agent.jar=report=none -jar agent-testapp/target/agent-testapp.jar \
      --scenario load --db postgres --via hikari --threads 8 --duration 15s
and REQUESTS the requests= figure the run printed. With a 1 ms interval a sample is 1 ms of CPU,
so samples per million requests read as nanoseconds per request. Prints, for the load workers'
samples: their total, the part under the agent's bridge (the borrow and return path, its own
frames and what they call), and the TOP frames under it, inclusive and by leaf.
"""
import collections
import sys

BRIDGE = "io/poolagent/bootstrap/PoolAgentBridge."


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    path, requests = sys.argv[1], float(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    per_request = 1e6 / requests  # samples of 1 ms -> ns per request
    workers = 0
    agent = 0
    inclusive = collections.Counter()
    leaves = collections.Counter()
    for line in open(path):
        stack, count = line.rstrip("\n").rsplit(" ", 1)
        count = int(count)
        frames = stack.split(";")
        if "load-worker" not in frames[0]:
            continue
        workers += count
        first = next((i for i, f in enumerate(frames) if f.startswith(BRIDGE)), None)
        if first is None:
            continue
        agent += count
        for frame in set(frames[first:]):
            inclusive[frame] += count
        leaves[frames[-1]] += count
    print(f"load workers: {workers * per_request:,.0f} ns of CPU per request")
    print(f"under the bridge: {agent * per_request:,.0f} ns ({agent / max(workers, 1):.1%})")
    print("inclusive:")
    for frame, count in inclusive.most_common(top):
        print(f"  {count * per_request:8,.0f}  {frame}")
    print("leaf:")
    for frame, count in leaves.most_common(top):
        print(f"  {count * per_request:8,.0f}  {frame}")


if __name__ == "__main__":
    main()
