package io.poolagent.agent;

import io.poolagent.lease.LeaseTracker;
import io.poolagent.log.AgentLog;
import io.poolagent.report.ReportFile;

/**
 * Writes the report as it stands, on the sweeper thread every {@code reportInterval}: what a JVM
 * killed before its exit leaves. Off the borrow and return paths; a failure is said once, and the
 * next checkpoint and the report at exit are still tried.
 */
final class Checkpoint implements Runnable {

  private final LeaseTracker tracker;
  private final ReportFile file;
  private boolean failureSaid;

  Checkpoint(LeaseTracker tracker, ReportFile file) {
    this.tracker = tracker;
    this.file = file;
  }

  @Override
  public void run() {
    try {
      file.writeCheckpoint(tracker.report());
    } catch (Exception e) {
      if (!failureSaid) {
        failureSaid = true;
        AgentLog.warn(
            "could not write the checkpoint report to "
                + file.path()
                + ": "
                + e
                + "; later checkpoints and the report at exit are still tried");
      }
    }
  }
}
