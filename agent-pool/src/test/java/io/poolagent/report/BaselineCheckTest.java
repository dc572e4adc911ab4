package io.poolagent.report;

import static io.poolagent.report.CheckFixtures.jvm;
import static io.poolagent.report.CheckFixtures.openAtExit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --baseline FILE}: fail only on leak call sites the team has not accepted. */
class BaselineCheckTest {

  static final String ORDERS_MOVED =
      "com.acme.orders.OrderRepository.findOpen(OrderRepository.java:91)";

  @TempDir Path dir;

  private final CheckFixtures check = new CheckFixtures();

  @Test
  void acceptedSitesPassEvenAfterTheirLineMoved() throws Exception {
    Path baseline =
        text(
            "# known leaks of the orders service\n"
                + "\n"
                + TestReports.ORDERS_SITE
                + "  # JIRA-123, fixed in 2.4\n"
                + "com.acme.batch.ExportJob.lambda$run$0   # nightly export, see ADR 7\n");
    // Since the baseline was written, a line was added above the leak and a lambda before it.
    Path report =
        write(
            jvm(
                101,
                List.of(
                    openAtExit(ORDERS_MOVED, 2),
                    openAtExit("com.acme.batch.ExportJob.lambda$run$3(ExportJob.java:50)", 1)),
                List.of()));

    int code = check.check(baselined(baseline, report));

    assertThat(code).isZero();
    assertThat(check.out())
        .contains("baseline: 3 connection leaks at 2 call sites accepted as known\n")
        .endsWith(
            "PASS: no new connection leaks (every leak is at a call site the baseline accepts)\n");
  }

  @Test
  void aNewSiteFailsAndAFixedOneIsSaidToBeGone() throws Exception {
    Path baseline = text(TestReports.ORDERS_SITE + "\n" + TestReports.DOWNLOAD_SITE + " # old\n");
    Path report =
        write(
            jvm(
                101,
                List.of(
                    openAtExit(TestReports.ORDERS_SITE, 2), openAtExit(TestReports.EXPORT_SITE, 1)),
                List.of()));

    int code = check.check(baselined(baseline, report));

    assertThat(code).isEqualTo(ReportCheck.LEAKS);
    assertThat(check.out())
        .contains("baseline: new leak call site: " + TestReports.EXPORT_SITE + "\n")
        .contains(
            "baseline: gone (no leak there now; remove it from "
                + baseline
                + "): "
                + TestReports.DOWNLOAD_SITE
                + "\n")
        .contains("baseline: 2 connection leaks at 1 call site accepted as known\n")
        .endsWith("FAIL: 1 connection leak at 1 call site not in the baseline\n");
  }

  @Test
  void anOldReportIsABaseline() throws Exception {
    Path old = dir.resolve("last-release.json");
    ReportJson.write(jvm(7, List.of(openAtExit(TestReports.ORDERS_SITE, 9)), List.of()), old);
    Path report =
        write(
            jvm(
                101,
                List.of(openAtExit(ORDERS_MOVED, 1), openAtExit(TestReports.EXPORT_SITE, 1)),
                List.of()));

    int code = check.check(baselined(old, report));

    assertThat(code).isEqualTo(ReportCheck.LEAKS);
    assertThat(check.out())
        .contains("baseline: new leak call site: " + TestReports.EXPORT_SITE + "\n")
        .doesNotContain("baseline: new leak call site: " + ORDERS_MOVED);
  }

  @Test
  void aWrittenBaselineAcceptsTheRunItWasWrittenFrom() throws Exception {
    Path report =
        write(
            jvm(
                101,
                List.of(
                    openAtExit(TestReports.ORDERS_SITE, 2),
                    new Report.LeakSite(TestReports.DOWNLOAD_SITE, 1, 0, 1, 0, 0)),
                List.of()));
    Path baseline = dir.resolve("ci/pool-agent-baseline.txt");

    int written = check.check(new CheckOptions(List.of(report), null, baseline, null, List.of()));
    CheckFixtures again = new CheckFixtures();
    int rechecked = again.check(baselined(baseline, report));

    assertThat(written).isZero();
    assertThat(check.out())
        .endsWith(
            "wrote a baseline of 1 leak call site to "
                + baseline
                + "; say on each line why it is accepted\n");
    // Late returns never fail, so they are not written.
    assertThat(Files.readString(baseline))
        .startsWith("# pool-agent baseline: leak call sites accepted as known.\n")
        .contains("\n" + TestReports.ORDERS_SITE + "  # 2 leaks when written\n")
        .doesNotContain(TestReports.DOWNLOAD_SITE);
    assertThat(rechecked).isZero();
  }

  @Test
  void aLineThatIsNotACallSiteIsRejectedNamingIt() throws Exception {
    Path baseline = text("# ok\n" + TestReports.ORDERS_SITE + "\nOrderRepository line 88\n");
    Path report = write(TestReports.clean());

    int code = check.check(baselined(baseline, report));

    assertThat(code).isEqualTo(ReportCheck.UNREADABLE);
    assertThat(check.err())
        .isEqualTo(
            "pool-agent check: not a valid baseline: "
                + baseline
                + " line 3: 'OrderRepository line 88' is not a call site; accepted: Class.method"
                + " or Class.method(File.java:NN), then optionally # a comment\n");
  }

  @Test
  void aMissingBaselineCannotBeUsed() throws Exception {
    Path report = write(TestReports.clean());

    int code = check.check(baselined(dir.resolve("nope.txt"), report));

    assertThat(code).isEqualTo(ReportCheck.UNREADABLE);
    assertThat(check.err())
        .isEqualTo(
            "pool-agent check: cannot read baseline "
                + dir.resolve("nope.txt")
                + ": no such file\n");
  }

  @Test
  void keysIgnoreLineNumbersAndSyntheticNumbers() {
    assertThat(Baseline.key("a.B.m(B.java:3)")).isEqualTo("a.B.m");
    assertThat(Baseline.key("a.B.lambda$run$12(B.java:3)")).isEqualTo("a.B.lambda$run$");
    assertThat(Baseline.key("a.B$2.run(B.java:3)")).isEqualTo("a.B$.run");
    assertThat(Baseline.key("a.B$Inner.run")).isEqualTo("a.B$Inner.run");
    assertThat(Baseline.key("unknown")).isEqualTo("unknown");
  }

  private static CheckOptions baselined(Path baseline, Path report) {
    return new CheckOptions(List.of(report), baseline, null, null, List.of());
  }

  private Path text(String content) throws Exception {
    return Files.writeString(dir.resolve("baseline.txt"), content);
  }

  private Path write(Report report) throws Exception {
    Path file = dir.resolve("report.json");
    ReportJson.write(report, file);
    return file;
  }
}
