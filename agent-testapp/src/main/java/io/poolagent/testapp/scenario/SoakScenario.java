package io.poolagent.testapp.scenario;

import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.load.LatencyHistogram;
import io.poolagent.testapp.load.LoadWorkers;
import io.poolagent.testapp.reports.ReportExportJob;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A service's afternoon in one run, for the HTML report's timeline and the dashboard: steady load
 * for {@code --duration}; from the midpoint a slow leak ({@link ReportExportJob} loses one
 * connection every twentieth of the run, paused around the burst); at 70% an exhaustion burst (a
 * month-end invoice run takes every connection for 6% of the run, so borrows time out); then the
 * load ends and the app exits with the leaked connections still out. Every moment is a fraction of
 * {@code --duration}, so a short test run and a long demo draw the same shape; the parser keeps
 * {@code --borrow-timeout} short enough for the burst to end before the leak resumes.
 */
final class SoakScenario implements Scenario {
  /** When the export job runs and leaks, in percent of the run. */
  static final int[] LEAK_AT_PERCENT = {50, 55, 60, 65, 85, 90};

  static final int BURST_AT_PERCENT = 70;

  /**
   * How long the invoice run holds, in percent of the run: much longer than the borrow timeout,
   * so requests time out again and again, and shorter than any sensible leak threshold, so the
   * burst is an exhaustion but not a leak.
   */
  static final int BURST_HOLD_PERCENT = 6;

  @Override
  public void run(Database db, Options options, PrintStream out) throws Exception {
    long start = System.nanoTime();
    long runNanos = options.duration().toNanos();
    LoadWorkers load =
        LoadWorkers.start(db, options.threads(), start, start + runNanos, options.think(), "soak");

    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "report-scheduler");
              thread.setDaemon(true);
              return thread;
            });
    List<ScheduledFuture<?>> exports = new ArrayList<>();
    ReportExportJob export = new ReportExportJob(db);
    for (int percent : LEAK_AT_PERCENT) {
      exports.add(
          scheduler.schedule(
              () -> {
                export.run();
                return null;
              },
              atPercent(start, runNanos, percent) - System.nanoTime(),
              TimeUnit.NANOSECONDS));
    }
    InvoiceRunBurst burst;
    try {
      sleepUntil(atPercent(start, runNanos, BURST_AT_PERCENT));
      burst =
          InvoiceRunBurst.start(
              db, options.poolSize(), Duration.ofNanos(runNanos * BURST_HOLD_PERCENT / 100));
      Tasks.awaitAll(exports);
    } finally {
      scheduler.shutdownNow();
    }
    burst.join();
    load.join();

    LatencyHistogram latencies = load.latencies();
    out.println(
        String.format(
            Locale.ROOT,
            "soak: requests=%d errors=%d p95=%.3fms leaked=%d burst_held=%d burst_refused=%d",
            load.requests(),
            load.errors(),
            latencies.percentileNanos(95) / 1e6,
            ReportExportJob.pending(),
            burst.held(),
            burst.refused()));
    out.println("soak: errors_by_sqlstate " + load.errorStates());
  }

  private static long atPercent(long start, long runNanos, int percent) {
    return start + runNanos / 100 * percent;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
