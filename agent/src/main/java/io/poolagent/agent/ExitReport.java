package io.poolagent.agent;

import io.poolagent.bootstrap.PoolAgentBridge;
import io.poolagent.lease.LeakSweeper;
import io.poolagent.lease.LeaseTracker;
import io.poolagent.log.AgentLog;
import io.poolagent.otel.OtelExport;
import io.poolagent.report.Report;
import io.poolagent.report.ReportJson;
import io.poolagent.report.ReportSummary;
import java.nio.file.Path;

/**
 * Runs as a shutdown hook: classifies what is still open, writes the JSON report, prints the
 * summary. The file is written before anything else that could fail, so a pipeline always has it.
 */
final class ExitReport implements Runnable {

  static final String THREAD_NAME = "pool-agent-exit-report";

  private final LeaseTracker tracker;
  private final LeakSweeper sweeper;
  /** Null when export is off. */
  private final OtelExport export;

  ExitReport(LeaseTracker tracker, LeakSweeper sweeper, OtelExport export) {
    this.tracker = tracker;
    this.sweeper = sweeper;
    this.export = export;
  }

  @Override
  public void run() {
    try {
      sweeper.stop();
      Report report = tracker.finish();
      // Leases of connections closed by other shutdown hooks from now on are no longer tracked.
      PoolAgentBridge.uninstall();
      String location = null;
      String target = tracker.settings().report();
      if (target != null) {
        Path path = Path.of(target).toAbsolutePath();
        try {
          ReportJson.write(report, path);
          location = path.toString();
        } catch (Exception e) {
          AgentLog.error("could not write the report to " + path + ": " + e);
        }
      }
      for (String line : ReportSummary.lines(report, location)) {
        AgentLog.info(line);
      }
      if (export != null) {
        // Last: the leaks open at exit are among the spans this flushes; a slow or absent
        // collector can delay the exit by at most the shutdown's timeout, never lose the report.
        export.shutdown();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      AgentLog.error("could not produce the exit report: " + t);
    }
  }
}
