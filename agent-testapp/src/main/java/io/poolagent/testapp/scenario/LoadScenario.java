package io.poolagent.testapp.scenario;

import io.poolagent.testapp.OneLine;
import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.load.LatencyHistogram;
import io.poolagent.testapp.load.LoadWorker;
import io.poolagent.testapp.load.SqlStateCounts;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/** A closed-loop workload for benchmarks and soak runs; every borrow is closed, so 0 leaks. */
final class LoadScenario implements Scenario {
  @Override
  public void run(Database db, Options options, PrintStream out) throws InterruptedException {
    AtomicBoolean errorShown = new AtomicBoolean();
    long measureFrom = System.nanoTime() + options.warmup().toNanos();
    long deadline = measureFrom + options.duration().toNanos();
    List<LoadWorker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 1; i <= options.threads(); i++) {
      LoadWorker worker =
          new LoadWorker(
              db,
              measureFrom,
              deadline,
              options.think(),
              i,
              // One message is enough to diagnose; thousands would drown the result line.
              e -> {
                if (errorShown.compareAndSet(false, true)) {
                  System.err.println("load: first error: " + OneLine.of(e));
                }
              });
      Thread thread = new Thread(worker, "load-worker-" + i);
      thread.setDaemon(true);
      workers.add(worker);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - measureFrom) / 1e9;

    LatencyHistogram latencies = new LatencyHistogram();
    SqlStateCounts errorStates = new SqlStateCounts();
    long requests = 0;
    long errors = 0;
    for (LoadWorker worker : workers) {
      latencies.add(worker.latencies());
      errorStates.add(worker.errorStates());
      requests += worker.requests();
      errors += worker.errors();
    }
    out.println(
        String.format(
            Locale.ROOT,
            "load: requests=%d errors=%d throughput=%.1f/s p50=%.3fms p95=%.3fms p99=%.3fms",
            requests,
            errors,
            requests / seconds,
            millis(latencies.percentileNanos(50)),
            millis(latencies.percentileNanos(95)),
            millis(latencies.percentileNanos(99))));
    // A line of its own: scripts and tests parse the one above as it is.
    out.println("load: errors_by_sqlstate " + errorStates);
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
