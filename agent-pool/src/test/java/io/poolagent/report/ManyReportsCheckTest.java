package io.poolagent.report;

import static io.poolagent.report.CheckFixtures.jvm;
import static io.poolagent.report.CheckFixtures.openAtExit;
import static io.poolagent.report.CheckFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report.LeakSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check DIR} and {@code check A B}: a build's forked JVMs judged as one run. */
class ManyReportsCheckTest {

  @TempDir Path dir;

  private final CheckFixtures check = new CheckFixtures();

  @Test
  void aDirectoryIsJudgedAsOneRunWithLeakSitesMergedAcrossJvms() throws Exception {
    write(
        "pool-agent-101.json",
        jvm(101, List.of(openAtExit(TestReports.ORDERS_SITE, 2)), List.of()));
    write(
        "pool-agent-102.json",
        jvm(102, List.of(openAtExit(TestReports.ORDERS_SITE, 3)), List.of()));
    write("pool-agent-103.json", TestReports.clean());

    int code = check.check(dir);

    assertThat(code).isEqualTo(ReportCheck.LEAKS);
    assertThat(check.out())
        .startsWith("3 reports, judged as one run (leak call sites merged, pools per JVM):\n")
        .contains(dir.resolve("pool-agent-101.json") + ": pid 101, final report of ")
        .contains("5 connection leaks at 1 call site: 5 open at exit")
        .contains("  LEAK x5 open at exit  " + TestReports.ORDERS_SITE)
        .endsWith("FAIL: 5 connection leaks (suspected, collected or open at exit)\n");
    // One sample stack for the merged site, not one per JVM.
    assertThat(check.out().split("e\\.g\\. ", -1)).hasSize(2);
  }

  @Test
  void poolsStayPerJvmNamedByPid() throws Exception {
    write("a.json", jvm(101, List.of(), List.of(pool("HikariPool-1", 3, 0L, 0))));
    write("b.json", jvm(102, List.of(), List.of(pool("HikariPool-1", 3, 0L, 0))));

    int code = check.check(dir);

    assertThat(code).isZero();
    assertThat(check.out())
        .contains("  HikariPool-1 (pid 101) (hikari): borrows 600")
        .contains("  HikariPool-1 (pid 102) (hikari): borrows 600")
        .endsWith("PASS: no connection leaks\n");
  }

  @Test
  void aCheckpointAmongThemIsSaidFileByFile() throws Exception {
    write("a.json", jvm(101, List.of(), List.of()));
    write("b.json", TestReports.asCheckpoint(jvm(102, List.of(), List.of())));

    check.check(dir);

    assertThat(check.out())
        .contains(dir.resolve("a.json") + ": pid 101, final report of 2025-03-14T09:27:00Z\n")
        .contains(
            dir.resolve("b.json")
                + ": pid 102, a checkpoint of 2025-03-14T09:27:00Z: the JVM had not exited"
                + " (still running, or killed)\n");
  }

  @Test
  void oneBlindJvmMakesTheRunBlind() throws Exception {
    write("a.json", TestReports.clean());
    write("b.json", TestReports.blind());

    int code = check.check(dir);

    assertThat(code).isEqualTo(ReportCheck.BLIND);
    assertThat(check.out()).contains("blind spot: 1 JDBC class left unwoven in 1 class loader");
  }

  @Test
  void filesAndDirectoriesMixAndAFileNamedTwiceCountsOnce() throws Exception {
    Path a = write("a.json", jvm(101, List.of(openAtExit(TestReports.ORDERS_SITE, 1)), List.of()));
    Path other = Files.createDirectory(dir.resolve("other"));
    Path b = other.resolve("b.json");
    ReportJson.write(
        jvm(102, List.of(new LeakSite(TestReports.ORDERS_SITE, 1, 1, 0, 0, 0)), List.of()), b);

    int code = check.check(dir, a, b);

    assertThat(code).isEqualTo(ReportCheck.LEAKS);
    assertThat(check.out())
        .startsWith("2 reports")
        .contains("LEAK x2: 1 suspected, 1 open at exit  " + TestReports.ORDERS_SITE);
  }

  /**
   * Subdirectories are not searched; the report other helpers write beside the JSON is not JSON.
   */
  @Test
  void onlyTheJsonFilesDirectlyInTheDirectoryAreRead() throws Exception {
    write("a.json", TestReports.clean());
    Files.writeString(dir.resolve("pool-agent-report.html"), "<html></html>");
    Path sub = Files.createDirectory(dir.resolve("node_modules"));
    Files.writeString(sub.resolve("package.json"), "{\"name\": \"not a report\"}");

    assertThat(check.check(dir)).isZero();
    assertThat(check.out()).doesNotContain("reports, judged");
  }

  @Test
  void anUnreadableFileInTheDirectoryFailsTheWholeRunNamingIt() throws Exception {
    write("a.json", jvm(101, List.of(openAtExit(TestReports.ORDERS_SITE, 1)), List.of()));
    Path broken = dir.resolve("b.json");
    Files.writeString(broken, "{\"schemaVersion\": 1, \"agentVer");

    int code = check.check(dir);

    assertThat(code).isEqualTo(ReportCheck.UNREADABLE);
    assertThat(check.err())
        .startsWith(
            "pool-agent check: not a valid pool-agent report: " + broken + ": not valid JSON")
        .hasLineCount(1);
    assertThat(check.out()).isEmpty();
  }

  @Test
  void everyMissingInputIsNamed() {
    int code = check.check(dir.resolve("x.json"), dir.resolve("y.json"));

    assertThat(code).isEqualTo(ReportCheck.UNREADABLE);
    assertThat(check.err())
        .isEqualTo(
            "pool-agent check: cannot read "
                + dir.resolve("x.json")
                + ": no such file\n"
                + "pool-agent check: cannot read "
                + dir.resolve("y.json")
                + ": no such file\n");
  }

  @Test
  void aDirectoryWithoutAReportCannotBeChecked() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "no report here");

    int code = check.check(dir);

    assertThat(code).isEqualTo(ReportCheck.UNREADABLE);
    assertThat(check.err())
        .isEqualTo("pool-agent check: cannot read " + dir + ": no report (*.json) in it\n");
  }

  private Path write(String name, Report report) throws Exception {
    Path file = dir.resolve(name);
    ReportJson.write(report, file);
    return file;
  }
}
