package io.poolagent.report;

import io.poolagent.report.Report.Advice;
import io.poolagent.report.Report.LeakSite;
import io.poolagent.report.Report.Percentiles;
import io.poolagent.report.Report.PoolSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Reports of forked JVMs and a {@code check} to run on them, for the check tests. */
final class CheckFixtures {

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** A JVM's report: its pid, leak sites (one sample leak each) and pools. */
  static Report jvm(long pid, List<LeakSite> sites, List<PoolSummary> pools) {
    return TestReports.withPid(TestReports.withSites(sites, pools), pid);
  }

  /** A HikariCP pool whose borrows waited {@code waitP95} ms at p95. */
  static PoolSummary pool(String name, double waitP95, Long timeouts, long open) {
    Advice advice = new Advice(60, 10.0, 5.0, 0.05, 2, 10, timeouts, false, "pool was big enough");
    return new PoolSummary(
        name,
        "hikari",
        true,
        600,
        600 - open,
        0,
        open,
        new Percentiles(600, 1, 5, 9, 20),
        new Percentiles(600, waitP95 / 2, waitP95, waitP95, waitP95),
        null,
        advice,
        List.of(),
        List.of(),
        0);
  }

  static LeakSite openAtExit(String callSite, long n) {
    return new LeakSite(callSite, n, 0, 0, 0, n);
  }

  int check(CheckOptions options) {
    return ReportCheck.run(
        options,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  int check(Path... inputs) {
    return check(new CheckOptions(List.of(inputs), null, null, null, List.of()));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
