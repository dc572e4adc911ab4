package io.poolagent.agent.live;

import io.poolagent.lease.LeaseTracker;
import io.poolagent.lease.PoolLeases;
import io.poolagent.report.ReportFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The running agent's live look: the {@code io.poolagent:type=Leases} MBean, and what {@code
 * leases PID} and {@code report PID} ask for through the attach API ({@link LiveCommand}).
 */
public final class LiveLeases implements LeasesMXBean {

  /**
   * The agent running in this JVM, for a command loaded later through the attach API: that load
   * runs in the same class loader (the system one), so it finds this field set.
   */
  private static volatile LiveLeases running;

  private final LeaseTracker tracker;
  /** Null with {@code report=none}. */
  private final ReportFile report;

  public LiveLeases(LeaseTracker tracker, ReportFile report) {
    this.tracker = tracker;
    this.report = report;
  }

  /**
   * Makes this the agent's live look, for {@link LiveCommand}; returns what registers its MBean
   * once JMX is in use, for the sweeper to run.
   */
  public Runnable install() {
    running = this;
    return new MBeanRegistration(this);
  }

  /** Null until an agent started in this JVM. */
  static LiveLeases running() {
    return running;
  }

  @Override
  public List<PoolLeasesView> getPools() {
    List<PoolLeasesView> views = new ArrayList<>();
    for (PoolLeases pool : tracker.live()) {
      views.add(new PoolLeasesView(pool));
    }
    return views;
  }

  @Override
  public List<String> getLines() {
    return PoolLeases.lines(tracker.live());
  }

  @Override
  public String getReportPath() {
    return report == null ? null : report.path().toString();
  }

  @Override
  public String writeReport() throws IOException {
    if (report == null) {
      throw new IllegalStateException(
          "report=none: this agent writes no report; give a file to write it to instead");
    }
    return write(report);
  }

  /** Writes a checkpoint to {@code file} rather than to the agent's report. */
  String writeReport(Path file) throws IOException {
    return write(new ReportFile(file));
  }

  private String write(ReportFile file) throws IOException {
    if (!file.writeCheckpoint(tracker.report())) {
      throw new IllegalStateException(
          "the JVM is exiting: its final report was written to " + file.path());
    }
    return file.path().toString();
  }
}
