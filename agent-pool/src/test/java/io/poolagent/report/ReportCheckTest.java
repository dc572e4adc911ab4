package io.poolagent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report.LeakSite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCheckTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void cleanReportPasses() throws Exception {
    int code = check(write(TestReports.clean()));

    assertThat(code).isZero();
    assertThat(out()).startsWith("no connection leaks\n").endsWith("PASS: no connection leaks\n");
    assertThat(err()).isEmpty();
  }

  @Test
  void failingLeaksFail() throws Exception {
    int code = check(write(TestReports.realistic()));

    assertThat(code).isEqualTo(1);
    assertThat(out())
        .startsWith("4 connection leaks at 2 call sites")
        .contains("  LEAK x3: 1 collected, 2 open at exit  " + TestReports.ORDERS_SITE)
        .endsWith("FAIL: 4 connection leaks (suspected, collected or open at exit)\n");
    assertThat(err()).isEmpty();
  }

  @Test
  void aBlindRunFailsWithItsOwnCodeAndSaysWhere() throws Exception {
    int code = check(write(TestReports.blind()));

    assertThat(code).isEqualTo(ReportCheck.BLIND).isEqualTo(3);
    assertThat(out())
        .startsWith(
            "no connection leaks\n"
                + "blind spot: 1 JDBC class left unwoven in 1 class loader; connections through"
                + " them were not tracked\n"
                + "  bundle 7 (com.example.billing): org.h2.jdbc.JdbcConnection (its class loader"
                + " cannot see the agent's bridge)\n"
                + "blind spot: 1 woven call failed inside the agent (the application went on);"
                + " leases may be missing\n")
        .endsWith(
            "FAIL: not a clean run: the agent could not see everything (1 JDBC classes left"
                + " unwoven, 1 woven calls failed); see the report's coverage section\n");
    assertThat(err()).isEmpty();
  }

  @Test
  void leaksOutrankABlindRun() throws Exception {
    Report blind = TestReports.blind();
    Report leaking = TestReports.realistic();
    Report both =
        new Report(
            leaking.schemaVersion(),
            leaking.agentVersion(),
            leaking.generatedAt(),
            leaking.pid(),
            leaking.javaVersion(),
            leaking.uptimeMillis(),
            leaking.settings(),
            leaking.leakSites(),
            leaking.leaks(),
            leaking.leaksOmitted(),
            leaking.pools(),
            blind.coverage(),
            leaking.finalReport());

    assertThat(check(write(both))).isEqualTo(ReportCheck.LEAKS);
    assertThat(out()).contains("blind spot: 1 JDBC class left unwoven");
  }

  /** What a JVM killed in the middle of a soak test leaves: its last checkpoint. */
  @Test
  void aCheckpointIsCheckedLikeAFinalReportAndSaysItIsOne() throws Exception {
    Report killed =
        TestReports.asCheckpoint(
            TestReports.withSites(
                List.of(new LeakSite(TestReports.ORDERS_SITE, 2, 2, 0, 0, 0)), List.of()));

    int code = check(write(killed));

    assertThat(code).isEqualTo(ReportCheck.LEAKS);
    assertThat(out())
        .contains(
            "a checkpoint of 2025-03-14T09:27:00Z: the JVM had not exited (still running, or"
                + " killed)")
        .endsWith("FAIL: 2 connection leaks (suspected, collected or open at exit)\n");
  }

  /** A soak run still going: its checkpoint carries the pools' timelines so far. */
  @Test
  void aCheckpointWithATimelineIsChecked() throws Exception {
    Report running = TestReports.asCheckpoint(TestReports.realistic());

    int code = check(write(running));

    assertThat(code).isEqualTo(ReportCheck.LEAKS);
    assertThat(out())
        .contains("a checkpoint of 2025-03-14T09:27:00.123Z")
        .contains("    timeline (UTC): peak in use 10/10 at 08:47:00, up to 3 waiting;");
  }

  @Test
  void lateReturnsAlonePassWithAWarning() throws Exception {
    Report lateOnly =
        TestReports.withSites(
            List.of(new LeakSite(TestReports.DOWNLOAD_SITE, 1, 0, 1, 0, 0)), List.of());

    int code = check(write(lateOnly));

    assertThat(code).isZero();
    assertThat(out())
        .endsWith(
            "PASS with a warning: 1 connection was returned late"
                + " (held past leakThreshold, then closed)\n");
  }

  @Test
  void sizingAdviceIsPrintedButNeverFailsTheCheck() throws Exception {
    // A pool that made requests wait is worth reading about; a soak gate fails on leaks only.
    Report.Advice tooSmall =
        SizingAdvice.of(
            new SizingAdvice.Observed(
                600_000_000_000L, 120_000, 120_000, 6_000_000_000_000L, 120, 3L, 10));
    Report.PoolSummary hikari = TestReports.hikari();
    Report report =
        TestReports.withSites(
            List.of(),
            List.of(
                new Report.PoolSummary(
                    hikari.name(),
                    hikari.kind(),
                    hikari.pooling(),
                    hikari.borrows(),
                    hikari.returns(),
                    hikari.evicted(),
                    hikari.open(),
                    hikari.holdMillis(),
                    hikari.acquireMillis(),
                    null,
                    tooSmall,
                    List.of(),
                    List.of(),
                    0)));

    int code = check(write(report));

    assertThat(code).isZero();
    assertThat(out())
        .contains(
            "\n    sizing: pool was the bottleneck: p95 wait 120 ms, 3 timeouts,"
                + " 10 of 10 connections in use on average; suggested maximum 19 (now 10)\n")
        .endsWith("PASS: no connection leaks\n");
  }

  @Test
  void missingFileCannotBeChecked() {
    Path absent = dir.resolve("pool-agent-report.json");

    int code = check(absent);

    assertThat(code).isEqualTo(2);
    assertThat(err()).isEqualTo("pool-agent check: cannot read " + absent + ": no such file\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void notJsonCannotBeChecked() throws Exception {
    Path file = dir.resolve("report.json");
    Files.writeString(file, "Exception in thread \"main\" java.lang.OutOfMemoryError\n");

    int code = check(file);

    assertThat(code).isEqualTo(2);
    assertThat(err())
        .startsWith(
            "pool-agent check: not a valid pool-agent report: "
                + file
                + ": not valid JSON: line 1, column 1: expected a JSON value")
        .hasLineCount(1);
  }

  @Test
  void newerSchemaCannotBeChecked() throws Exception {
    Path file = dir.resolve("report.json");
    String json = ReportJson.toJson(TestReports.clean());
    Files.writeString(file, json.replace("\"schemaVersion\": 1", "\"schemaVersion\": 9"));

    int code = check(file);

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains(file.toString(), "schemaVersion", "is 9").hasLineCount(1);
  }

  @Test
  void aDirectoryWithoutReportsCannotBeChecked() {
    int code = check(dir);

    assertThat(code).isEqualTo(2);
    assertThat(err())
        .isEqualTo("pool-agent check: cannot read " + dir + ": no report (*.json) in it\n");
  }

  private Path write(Report report) throws Exception {
    Path file = dir.resolve("pool-agent-report.json");
    ReportJson.write(report, file);
    return file;
  }

  private int check(Path report) {
    return ReportCheck.run(
        report,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
