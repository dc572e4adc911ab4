package io.poolagent.agent;

import io.poolagent.bootstrap.PoolAgentBridge;
import io.poolagent.lease.LeakSweeper;
import io.poolagent.lease.LeaseTracker;
import io.poolagent.log.AgentLog;
import io.poolagent.otel.OtelExport;
import io.poolagent.report.Report;
import io.poolagent.report.ReportFile;
import io.poolagent.report.ReportSummary;
import java.nio.file.Files;

/**
 * Runs as a shutdown hook: classifies what is still open, writes the JSON report (and its HTML
 * page), prints the summary. The file is written before anything else that could fail, so a
 * pipeline always has it.
 */
final class ExitReport implements Runnable {

  static final String THREAD_NAME = "pool-agent-exit-report";

  private final LeaseTracker tracker;
  private final LeakSweeper sweeper;
  /** Null when export is off. */
  private final OtelExport export;
  /** Null with {@code report=none}. */
  private final ReportFile file;

  ExitReport(LeaseTracker tracker, LeakSweeper sweeper, OtelExport export, ReportFile file) {
    this.tracker = tracker;
    this.sweeper = sweeper;
    this.export = export;
    this.file = file;
  }

  @Override
  public void run() {
    try {
      if (export != null) {
        // On its own thread, while this one writes the report: a second core's worth of exit.
        export.exiting();
      }
      sweeper.stop();
      Report report = tracker.finish();
      // Leases of connections closed by other shutdown hooks from now on are no longer tracked.
      PoolAgentBridge.uninstall();
      String location = null;
      if (file != null) {
        try {
          file.writeFinal(report);
          location = file.path().toString();
        } catch (Exception e) {
          AgentLog.error("could not write the report to " + file.path() + ": " + e);
        }
      }
      for (String line : ReportSummary.lines(report, location)) {
        AgentLog.info(line);
      }
      if (location != null && Files.isRegularFile(file.htmlPath())) {
        AgentLog.info("HTML report: " + file.htmlPath());
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
