package io.poolagent.report;

import io.poolagent.report.Report.Exhaustion;
import io.poolagent.report.Report.Holder;
import io.poolagent.report.Report.Leak;
import io.poolagent.report.Report.LeakSite;
import io.poolagent.report.Report.Percentiles;
import io.poolagent.report.Report.PoolSummary;
import io.poolagent.report.Report.TimelinePoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reports as a soak run would produce them, shared by the report tests. */
final class TestReports {

  static final String ORDERS_SITE =
      "com.acme.orders.OrderRepository.findOpen(OrderRepository.java:88)";
  static final String EXPORT_SITE = "com.acme.batch.ExportJob.lambda$run$0(ExportJob.java:41)";
  static final String DOWNLOAD_SITE =
      "com.acme.web.ReportController.download(ReportController.java:130)";

  private TestReports() {}

  /**
   * Three call sites: one with collected and open-at-exit leaks, one suspected plus a late return,
   * one with a late return only; a pool with sizing advice and a non-pooling DriverManager source.
   */
  static Report realistic() {
    List<LeakSite> sites =
        List.of(
            new LeakSite(ORDERS_SITE, 3, 0, 0, 1, 2),
            new LeakSite(EXPORT_SITE, 2, 1, 1, 0, 0),
            new LeakSite(DOWNLOAD_SITE, 1, 0, 1, 0, 0));
    List<Leak> leaks =
        List.of(
            new Leak(
                "open_at_exit",
                "HikariPool-1",
                ORDERS_SITE,
                "http-nio-8080-exec-7",
                "2025-03-14T09:26:53.589Z",
                1_520,
                stack(ORDERS_SITE, 25)),
            new Leak(
                "collected",
                "HikariPool-1",
                ORDERS_SITE,
                "http-nio-8080-exec-2",
                "2025-03-14T09:20:01.001Z",
                61_000,
                stack(ORDERS_SITE, 3)),
            new Leak(
                "late_return",
                "jdbc:h2:mem:orders",
                EXPORT_SITE,
                "wörker-1 ✓ \"export\" \\ 日本\nsecond line\ttab\u0001",
                "2025-03-14T09:00:00Z",
                12_345,
                List.of()),
            new Leak(
                "suspected",
                "jdbc:h2:mem:orders",
                EXPORT_SITE,
                "export-pool-thread-2",
                "2025-03-14T09:01:00Z",
                45_000,
                stack(EXPORT_SITE, 4)),
            new Leak(
                "late_return",
                "HikariPool-1",
                DOWNLOAD_SITE,
                "http-nio-8080-exec-1",
                "2025-03-14T09:10:00Z",
                11_000,
                stack(DOWNLOAD_SITE, 2)));
    List<PoolSummary> pools =
        List.of(
            new PoolSummary(
                "HikariPool-1",
                "hikari",
                true,
                12_034,
                12_031,
                0,
                2,
                new Percentiles(12_031, 0.4, 12.25, 310.5, 61_000),
                new Percentiles(12_034, 0.012, 0.09, 1.5, 250.125),
                null,
                SizingAdvice.of(
                    new SizingAdvice.Observed(
                        3_599_000_000_000L, 12_034, 12_031, 51_132_000_000L, 0.09, 0L, 10)),
                hikariTimeline(),
                List.of(hikariExhaustion()),
                3),
            new PoolSummary(
                "jdbc:h2:mem:orders",
                "drivermanager",
                false,
                40,
                39,
                0,
                1,
                new Percentiles(39, 2.5, 8, 9.75, 12_345),
                new Percentiles(40, 3.1, 8.0, 11.2, 15.001),
                null,
                null,
                List.of(),
                List.of(),
                0));
    return new Report(
        Report.SCHEMA_VERSION,
        "0.1.0",
        "2025-03-14T09:27:00.123Z",
        4242,
        "17.0.15",
        3_600_000,
        settings("mode", "observe", "leakThreshold", "10s", "report", "build/report.json"),
        sites,
        leaks,
        1,
        pools,
        new Report.Coverage(
            true,
            3,
            0,
            0,
            List.of(
                new Report.LoaderCoverage(
                    "app",
                    3,
                    List.of(
                        "com.zaxxer.hikari.HikariDataSource",
                        "com.zaxxer.hikari.pool.HikariProxyConnection",
                        "com.example.orders.OrderRepository"),
                    0,
                    List.of()))),
        true);
  }

  /** {@link #realistic()} with its leaks and pools replaced; nothing omitted. */
  static Report realisticWith(List<LeakSite> sites, List<Leak> leaks, List<PoolSummary> pools) {
    Report r = realistic();
    return new Report(
        r.schemaVersion(),
        r.agentVersion(),
        r.generatedAt(),
        r.pid(),
        r.javaVersion(),
        r.uptimeMillis(),
        r.settings(),
        sites,
        leaks,
        0,
        pools,
        r.coverage(),
        r.finalReport());
  }

  /** A report with the given sites and one sample leak (with a stack) per site and state. */
  static Report withSites(List<LeakSite> sites, List<PoolSummary> pools) {
    List<Leak> leaks = new ArrayList<>();
    for (LeakSite site : sites) {
      if (site.suspected() > 0) {
        leaks.add(leak("suspected", site.callSite()));
      }
      if (site.collected() > 0) {
        leaks.add(leak("collected", site.callSite()));
      }
      if (site.openAtExit() > 0) {
        leaks.add(leak("open_at_exit", site.callSite()));
      }
      if (site.lateReturns() > 0) {
        leaks.add(leak("late_return", site.callSite()));
      }
    }
    return new Report(
        Report.SCHEMA_VERSION,
        "0.1.0",
        "2025-03-14T09:27:00Z",
        1,
        "17",
        1_000,
        settings("mode", "observe"),
        sites,
        leaks,
        0,
        pools,
        null,
        true);
  }

  static Report clean() {
    return withSites(List.of(), List.of(hikari()));
  }

  static PoolSummary hikari() {
    return new PoolSummary(
        "main",
        "hikari",
        true,
        10,
        10,
        0,
        0,
        new Percentiles(10, 1, 2, 3, 4),
        new Percentiles(10, 0.1, 0.2, 0.3, 0.4),
        null,
        null,
        List.of(),
        List.of(),
        0);
  }

  /**
   * Three intervals of an hour's run, merged unevenly as a long run's are: a quiet start, a leak
   * and the pool at its maximum with borrows timing out, then an interval with no return.
   */
  /** The pool ran dry in the second interval: the export held most of it, one was collected. */
  static Exhaustion hikariExhaustion() {
    return new Exhaustion(
        "2025-03-14T08:52:10Z",
        "2025-03-14T08:52:41Z",
        2,
        10,
        List.of(
            new Holder(
                EXPORT_SITE, 7, 45_000, List.of("export-pool-thread-2"), stack(EXPORT_SITE, 4)),
            new Holder(DOWNLOAD_SITE, 2, 11_000, List.of("http-nio-8080-exec-1"), List.of())),
        List.of(new Holder(DOWNLOAD_SITE, 1, 600_000, List.of(), stack(DOWNLOAD_SITE, 2))));
  }

  static List<TimelinePoint> hikariTimeline() {
    return List.of(
        new TimelinePoint(
            "2025-03-14T08:27:00Z", 1_200_000, 4, 0L, 10, 4_000, 0L, 0.05, 8.5, 0, 0, 0),
        new TimelinePoint(
            "2025-03-14T08:47:00Z", 1_200_000, 10, 3L, 10, 6_000, 2L, 250.125, 40.0, 1, 1, 0),
        new TimelinePoint(
            "2025-03-14T09:07:00Z", 1_200_000, 2, null, null, 2_034, null, 0.5, null, 1, 0, 1));
  }

  static Leak leak(String state, String callSite) {
    return new Leak(
        state, "main", callSite, "main", "2025-03-14T09:00:00Z", 20_000, stack(callSite, 3));
  }

  /** A borrow stack: JDBC and pool frames, then the call site, then the frames above it. */
  static List<String> stack(String callSite, int frames) {
    List<String> stack = new ArrayList<>();
    stack.add("com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:100)");
    stack.add(callSite);
    for (int i = stack.size(); i < frames; i++) {
      stack.add("com.acme.Frame" + i + ".call(Frame" + i + ".java:" + i + ")");
    }
    return List.copyOf(stack.subList(0, frames));
  }

  private static Map<String, String> settings(String... keysAndValues) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      settings.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return settings;
  }

  /**
   * A report without a leak whose run was blind in one loader: an H2 class left unwoven, and one
   * woven call that failed.
   */
  static Report blind() {
    Report r = withSites(List.of(), List.of());
    return with(
        r,
        new Report.Coverage(
            false,
            0,
            1,
            1,
            List.of(
                new Report.LoaderCoverage(
                    "bundle 7 (com.example.billing)",
                    0,
                    List.of(),
                    1,
                    List.of(
                        new Report.LeftAlone(
                            "org.h2.jdbc.JdbcConnection",
                            "its class loader cannot see the agent's bridge"))))),
        r.finalReport());
  }

  /** {@code r} as a checkpoint written while the JVM ran. */
  static Report asCheckpoint(Report r) {
    return with(r, r.coverage(), false);
  }

  /** The same report as another JVM's: {@code check} over several tells them apart by pid. */
  static Report withPid(Report r, long pid) {
    return with(r, pid, r.coverage(), r.finalReport());
  }

  /** {@code p} with another advice, timeline and exhaustion episodes. */
  static PoolSummary with(
      PoolSummary p,
      Report.Advice advice,
      List<TimelinePoint> timeline,
      List<Exhaustion> exhaustions,
      long exhaustionsOmitted) {
    return new PoolSummary(
        p.name(),
        p.kind(),
        p.pooling(),
        p.borrows(),
        p.returns(),
        p.evicted(),
        p.open(),
        p.holdMillis(),
        p.acquireMillis(),
        p.reclaimed(),
        advice,
        timeline,
        exhaustions,
        exhaustionsOmitted);
  }

  private static Report with(Report r, Report.Coverage coverage, boolean finalReport) {
    return with(r, r.pid(), coverage, finalReport);
  }

  private static Report with(Report r, long pid, Report.Coverage coverage, boolean finalReport) {
    return new Report(
        r.schemaVersion(),
        r.agentVersion(),
        r.generatedAt(),
        pid,
        r.javaVersion(),
        r.uptimeMillis(),
        r.settings(),
        r.leakSites(),
        r.leaks(),
        r.leaksOmitted(),
        r.pools(),
        coverage,
        finalReport);
  }
}
