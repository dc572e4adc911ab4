package io.poolagent.testapp.scenario;

import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.load.LatencyHistogram;
import io.poolagent.testapp.load.LoadWorkers;
import java.io.PrintStream;
import java.util.Locale;

/** A closed-loop workload for benchmarks and soak runs; every borrow is closed, so 0 leaks. */
final class LoadScenario implements Scenario {
  @Override
  public void run(Database db, Options options, PrintStream out) throws InterruptedException {
    long measureFrom = System.nanoTime() + options.warmup().toNanos();
    long deadline = measureFrom + options.duration().toNanos();
    LoadWorkers workers =
        LoadWorkers.start(db, options.threads(), measureFrom, deadline, options.think(), "load");
    workers.join();
    double seconds = (System.nanoTime() - measureFrom) / 1e9;

    LatencyHistogram latencies = workers.latencies();
    out.println(
        String.format(
            Locale.ROOT,
            "load: requests=%d errors=%d throughput=%.1f/s p50=%.3fms p95=%.3fms p99=%.3fms",
            workers.requests(),
            workers.errors(),
            workers.requests() / seconds,
            millis(latencies.percentileNanos(50)),
            millis(latencies.percentileNanos(95)),
            millis(latencies.percentileNanos(99))));
    // A line of its own: scripts and tests parse the one above as it is.
    out.println("load: errors_by_sqlstate " + workers.errorStates());
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
