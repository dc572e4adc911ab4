package io.poolagent.agent;

import io.poolagent.agent.instrumentation.JdbcInstrumentation;
import io.poolagent.agent.live.LiveLeases;
import io.poolagent.agent.live.MBeanRegistration;
import io.poolagent.bootstrap.PoolAgentBridge;
import io.poolagent.config.AgentSettings;
import io.poolagent.config.Durations;
import io.poolagent.config.ReportPath;
import io.poolagent.lease.AgentVersion;
import io.poolagent.lease.Frames;
import io.poolagent.lease.LeakSweeper;
import io.poolagent.lease.LeaseTracker;
import io.poolagent.log.AgentLog;
import io.poolagent.otel.OtelExport;
import io.poolagent.otel.pools.PoolMaxSizes;
import io.poolagent.pool.ManagedPools;
import io.poolagent.report.ReportFile;
import java.lang.instrument.Instrumentation;
import java.util.function.LongSupplier;

/** Wires the agent together once the bridge is on the bootstrap class path. */
final class AgentInstaller {

  private AgentInstaller() {}

  static void install(
      AgentSettings settings, Instrumentation inst, boolean attached, JdbcInstrumentation weaving)
      throws ClassNotFoundException {
    long start = System.nanoTime();
    AgentLog.setLevel(settings.logLevel());
    // Before any weaving: the weaver marks call sites in the classes this rule calls application.
    Frames.setCallSiteSkip(settings.callSiteSkip());
    LeaseTracker tracker = new LeaseTracker(settings);
    LeakSweeper sweeper = new LeakSweeper(tracker, settings.leakThreshold());
    OtelExport export = OtelExport.start(tracker, settings.spanPerLease());
    // Hooks first, then instrumentation: a borrow seen by newly woven code is tracked from the start.
    ManagedPools managed =
        settings.manage()
            ? new ManagedPools(tracker, settings.pool(), new BridgeDriverManagerConnector())
            : null;
    tracker
        .coverage()
        .countFailedCallsWith(
            new LongSupplier() {
              @Override
              public long getAsLong() {
                return PoolAgentBridge.failedCalls();
              }
            });
    // The report compares each known pool's use with its maximum, telemetry exported or not.
    tracker.sources().onNewPool(new PoolMaxSizes());
    PoolAgentBridge.install(new LeaseHooks(tracker, managed));
    weaving.weaveJdbc(tracker.coverage());
    ReportFile report =
        settings.report() == null ? null : new ReportFile(ReportPath.resolve(settings.report()));
    if (report != null && !settings.reportInterval().isZero()) {
      sweeper.every(settings.reportInterval(), new Checkpoint(tracker, report));
    }
    sweeper.every(MBeanRegistration.LOOK_EVERY, new LiveLeases(tracker, report).install());
    sweeper.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(new ExitReport(tracker, sweeper, export, report), ExitReport.THREAD_NAME));
    AgentLog.info(
        "pool-agent "
            + AgentVersion.get()
            + (attached ? " attached" : " started")
            + ": tracking JDBC connection leases"
            + (settings.manage() ? " and pooling those of non-pooling DataSources (mode=manage)" : "")
            + ", leakThreshold="
            + Durations.format(settings.leakThreshold())
            + ", report="
            + (report == null ? "none" : report.path().toString())
            + " (ready in "
            + (System.nanoTime() - start) / 1_000_000
            + " ms)");
  }
}
