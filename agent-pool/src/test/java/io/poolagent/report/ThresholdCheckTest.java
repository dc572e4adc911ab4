package io.poolagent.report;

import static io.poolagent.report.CheckFixtures.jvm;
import static io.poolagent.report.CheckFixtures.openAtExit;
import static io.poolagent.report.CheckFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolagent.report.Report.LeakSite;
import io.poolagent.report.Threshold.Kind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --max-wait-p95 ... --max-timeouts ... --max-open ... --max-late-returns ...}. */
class ThresholdCheckTest {

  @TempDir Path dir;

  private final CheckFixtures check = new CheckFixtures();

  @Test
  void aSlowPoolFailsWithItsOwnCodeAndOneLineNamingPoolValueAndLimit() throws Exception {
    Path a = write("a.json", jvm(101, List.of(), List.of(pool("HikariPool-1", 312, 0L, 0))));
    Path b = write("b.json", jvm(102, List.of(), List.of(pool("HikariPool-1", 12, 0L, 0))));

    int code = check.check(options(List.of(a, b), "--max-wait-p95", "200ms"));

    assertThat(code).isEqualTo(ReportCheck.THRESHOLD).isEqualTo(4);
    assertThat(check.out())
        .contains(
            "FAIL: pool HikariPool-1 (pid 101): wait p95 312 ms > limit 200 ms (--max-wait-p95)\n")
        .contains(
            "ok: pool HikariPool-1 (pid 102): wait p95 12 ms <= limit 200 ms (--max-wait-p95)\n");
  }

  @Test
  void aPoolsOwnLimitWinsOverTheAllPoolsOne() throws Exception {
    Path a =
        write(
            "a.json",
            jvm(101, List.of(), List.of(pool("reporting", 900, 0L, 0), pool("web", 150, 0L, 0))));

    int code =
        check.check(
            options(List.of(a), "--max-wait-p95", "100ms", "--max-wait-p95", "reporting=2s"));

    assertThat(code).isEqualTo(ReportCheck.THRESHOLD);
    assertThat(check.out())
        .contains("ok: pool reporting: wait p95 900 ms <= limit 2 s (--max-wait-p95)\n")
        .contains("FAIL: pool web: wait p95 150 ms > limit 100 ms (--max-wait-p95)\n")
        .doesNotContain("pool reporting: wait p95 900 ms > limit 100 ms");
  }

  @Test
  void timeoutsOpenLeasesAndLateReturnsHaveLimitsToo() throws Exception {
    LeakSite late = new LeakSite(TestReports.DOWNLOAD_SITE, 3, 0, 3, 0, 0);
    Path a = write("a.json", jvm(101, List.of(late), List.of(pool("main", 1, 4L, 2))));

    int code =
        check.check(
            options(
                List.of(a),
                "--max-timeouts",
                "3",
                "--max-open",
                "main=2",
                "--max-late-returns",
                "2"));

    assertThat(code).isEqualTo(ReportCheck.THRESHOLD);
    assertThat(check.out())
        .contains("FAIL: pool main: timeouts 4 > limit 3 (--max-timeouts)\n")
        .contains("ok: pool main: open leases 2 <= limit 2 (--max-open)\n")
        .contains("FAIL: late returns 3 > limit 2 (--max-late-returns)\n");
  }

  @Test
  void limitsWithinReachPass() throws Exception {
    Path a = write("a.json", jvm(101, List.of(), List.of(pool("main", 20, 0L, 0))));

    int code = check.check(options(List.of(a), "--max-wait-p95", "20ms", "--max-timeouts", "0"));

    assertThat(code).isZero();
    assertThat(check.out()).endsWith("PASS: no connection leaks\n");
  }

  /** A typo in a pool's name must not pass the gate quietly. */
  @Test
  void aLimitOnAPoolNoReportHasFails() throws Exception {
    Path a = write("a.json", jvm(101, List.of(), List.of(pool("main", 20, 0L, 0))));

    int code = check.check(options(List.of(a), "--max-open", "mian=0"));

    assertThat(code).isEqualTo(ReportCheck.THRESHOLD);
    assertThat(check.out())
        .contains(
            "FAIL: pool mian: not in any report, so --max-open mian=0 cannot be checked"
                + " (pools: main)\n");
  }

  /** A wait limit on a run whose sources do not pool (DriverManager) has nothing to check. */
  @Test
  void aLimitNoPoolFallsUnderFails() throws Exception {
    Report.PoolSummary driverManager = TestReports.realistic().pools().get(1);
    Path a = write("a.json", jvm(101, List.of(), List.of(driverManager)));

    int code = check.check(options(List.of(a), "--max-wait-p95", "200ms"));

    assertThat(code).isEqualTo(ReportCheck.THRESHOLD);
    assertThat(check.out())
        .contains(
            "FAIL: --max-wait-p95 200ms applies to no pool: no report has a pooling source"
                + " (pools: jdbc:h2:mem:orders)\n");
  }

  @Test
  void timeoutsOfAPoolTheAgentCannotCountFailANamedLimit() throws Exception {
    Path a = write("a.json", jvm(101, List.of(), List.of(pool("main", 20, null, 0))));

    assertThat(check.check(options(List.of(a), "--max-timeouts", "main=0")))
        .isEqualTo(ReportCheck.THRESHOLD);
    assertThat(check.out()).contains("FAIL: pool main: timeouts not measured");
  }

  @Test
  void leaksOutrankThresholdsWhichOutrankABlindRun() throws Exception {
    Report slow = jvm(101, List.of(), List.of(pool("main", 500, 0L, 0)));
    Path leaking =
        write("leaking.json", jvm(102, List.of(openAtExit(TestReports.ORDERS_SITE, 1)), List.of()));
    Path slowFile = write("slow.json", slow);
    Path blind = write("blind.json", TestReports.blind());

    CheckFixtures all = new CheckFixtures();
    int leaksAndSlowAndBlind =
        all.check(options(List.of(leaking, slowFile, blind), "--max-wait-p95", "100ms"));
    int slowAndBlind = check.check(options(List.of(slowFile, blind), "--max-wait-p95", "100ms"));

    assertThat(leaksAndSlowAndBlind).isEqualTo(ReportCheck.LEAKS);
    // Every reason is printed, whatever the code.
    assertThat(all.out())
        .contains("FAIL: 1 connection leak ")
        .contains("FAIL: pool main (pid 101): wait p95 500 ms > limit 100 ms")
        .contains("FAIL: not a clean run");
    assertThat(slowAndBlind).isEqualTo(ReportCheck.THRESHOLD);
  }

  @Test
  void badValuesSayTheOptionAndWhatItAccepts() {
    assertThatThrownBy(() -> Threshold.parse(Kind.WAIT_P95, "fast"))
        .hasMessage(
            "--max-wait-p95: 'fast' is not valid; accepted: [POOL=]DURATION, a whole number with"
                + " a unit: ms, s, m or h (e.g. 500ms, 10s, 2m)");
    assertThatThrownBy(() -> Threshold.parse(Kind.TIMEOUTS, "-1"))
        .hasMessage("--max-timeouts: '-1' is not valid; accepted: [POOL=]N, a whole number >= 0");
    assertThatThrownBy(() -> Threshold.parse(Kind.LATE_RETURNS, "main=1"))
        .hasMessage("--max-late-returns: 'main=1' is not valid; accepted: N, a whole number >= 0");
    assertThatThrownBy(() -> Threshold.parse(Kind.OPEN, "=1"))
        .hasMessageStartingWith("--max-open: '=1' is not valid");
  }

  @Test
  void aPoolNamedByItsUrlKeepsItsEqualsSigns() {
    assertThat(Threshold.parse(Kind.OPEN, "jdbc:h2:mem:a;MODE=PostgreSQL=3"))
        .isEqualTo(new Threshold(Kind.OPEN, "jdbc:h2:mem:a;MODE=PostgreSQL", 3));
    assertThat(Threshold.parse(Kind.WAIT_P95, "2s"))
        .isEqualTo(new Threshold(Kind.WAIT_P95, null, 2000));
  }

  private static CheckOptions options(List<Path> inputs, String... optionsAndValues) {
    List<Threshold> thresholds = new java.util.ArrayList<>();
    for (int i = 0; i < optionsAndValues.length; i += 2) {
      thresholds.add(Threshold.parse(Kind.ofOption(optionsAndValues[i]), optionsAndValues[i + 1]));
    }
    return new CheckOptions(inputs, null, null, null, thresholds);
  }

  private Path write(String name, Report report) throws Exception {
    Path file = dir.resolve(name);
    ReportJson.write(report, file);
    return file;
  }
}
