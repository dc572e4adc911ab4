package io.poolagent.runtimes.forks;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.report.ReportJson;
import io.poolagent.runtimes.harness.AgentJar;
import io.poolagent.runtimes.harness.ChildProcess;
import io.poolagent.runtimes.harness.LeakMarkers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A project's test suite run with the agent, as the README sets it up: the shop project
 * (src/it/shop) built by a real Maven, offline, its three test classes in forked JVMs (Surefire,
 * forkCount=2, reuseForks=false: one JVM per class) and one IT in Failsafe's, the agent in
 * argLine with {@code report=target/pool-agent/report-%p.json}. Each JVM keeps its own report,
 * where a single name would have left only the last fork's; the two planted leaks are each in the
 * report of the JVM that ran them, and {@code check} fails on them.
 */
class MavenForksIT {

  /** One JVM per test class with reuseForks=false: three for Surefire, one for Failsafe. */
  private static final int JVMS = 4;

  private static Path project;
  private static ChildProcess build;
  private static int buildExit;

  @BeforeAll
  static void buildTheShop() throws Exception {
    Path target = Path.of(System.getProperty("poolagent.target", "target"));
    project = target.resolve("shop");
    copy(Path.of(System.getProperty("poolagent.project", "src/it/shop")), project);
    List<String> command =
        List.of(
            System.getProperty("poolagent.mvnw", "../../mvnw"),
            "-B",
            "-o",
            "verify",
            "-Dmaven.repo.local=" + System.getProperty("poolagent.localRepository"),
            "-Dpoolagent.jar=" + AgentJar.path(),
            "-Dhikaricp.version=" + System.getProperty("poolagent.hikaricpVersion"),
            "-Dh2.version=" + System.getProperty("poolagent.h2Version"),
            "-Djunit.version=" + System.getProperty("poolagent.junitVersion"));
    // The forks run with OpenTelemetry's defaults, as a user's suite does: no collector listens.
    build =
        ChildProcess.start(
            command, Map.of("OTEL_SDK_DISABLED", "false"), project, target.resolve("shop.log"));
    buildExit = build.awaitExit(Duration.ofMinutes(5));
  }

  @Test
  void theBuildPassesLeaksDoNotFailTheTestsThemselves() {
    assertThat(buildExit).as(build.describe()).isZero();
    assertThat(build.output()).contains("BUILD SUCCESS");
  }

  @Test
  void everyForkedJvmKeepsItsOwnReportNamedByItsPid() throws Exception {
    Map<Path, Report> reports = reports();

    assertThat(reports).as("reports in " + reportDir() + "\n" + build.describe()).hasSize(JVMS);
    assertThat(reports.values().stream().map(Report::pid).distinct()).hasSize(JVMS);
    reports.forEach(
        (file, report) -> {
          assertThat(file.getFileName()).hasToString("report-" + report.pid() + ".json");
          assertThat(report.finalReport()).as(file + " is the exit's report").isTrue();
        });
  }

  @Test
  void eachLeakIsInTheReportOfTheJvmThatRanIt() throws Exception {
    LeakMarkers markers = new LeakMarkers(project.resolve("src/main/java"));
    Map<String, Long> leaksBySite = new HashMap<>();
    List<Integer> sitesPerReport = new ArrayList<>();
    for (Report report : reports().values()) {
      List<Report.LeakSite> failing =
          report.leakSites().stream().filter(s -> s.counts().failing() > 0).toList();
      sitesPerReport.add(failing.size());
      failing.forEach(s -> leaksBySite.merge(s.callSite(), s.counts().failing(), Long::sum));
    }

    assertThat(leaksBySite)
        .containsOnly(
            Map.entry(markers.callSite("invoices"), 1L),
            Map.entry(markers.callSite("customers"), 1L));
    // InvoicesTest's JVM and CustomersTest's; OrdersTest's and CheckoutIT's are clean.
    assertThat(sitesPerReport).containsExactlyInAnyOrder(1, 1, 0, 0);
  }

  @Test
  void checkFailsTheLeakyJvmsReportsAndPassesTheCleanOnes() throws Exception {
    LeakMarkers markers = new LeakMarkers(project.resolve("src/main/java"));
    List<Integer> exits = new ArrayList<>();
    StringBuilder said = new StringBuilder();
    for (Path file : reports().keySet()) {
      Path log = file.resolveSibling(file.getFileName() + ".check.log");
      try (ChildProcess check =
          ChildProcess.start(
              List.of(java(), "-jar", AgentJar.path().toString(), "check", file.toString()),
              Map.of(),
              project,
              log)) {
        exits.add(check.awaitExit(Duration.ofMinutes(1)));
        said.append(check.output());
      }
    }

    assertThat(exits).containsExactlyInAnyOrder(1, 1, 0, 0);
    assertThat(said.toString())
        .contains(markers.callSite("invoices"))
        .contains(markers.callSite("customers"));
  }

  /** The whole build as one verdict: {@code check DIR} over every fork's report, and JUnit XML. */
  @Test
  void checkOfTheReportDirectoryJudgesTheBuildAsOneRun() throws Exception {
    LeakMarkers markers = new LeakMarkers(project.resolve("src/main/java"));
    Path junit = project.resolve("target/pool-agent-check.xml");
    int exit;
    String said;
    try (ChildProcess check =
        ChildProcess.start(
            List.of(
                java(),
                "-jar",
                AgentJar.path().toString(),
                "check",
                "--junit",
                junit.toString(),
                reportDir().toString()),
            Map.of(),
            project,
            project.resolve("target/pool-agent-check.log"))) {
      exit = check.awaitExit(Duration.ofMinutes(1));
      said = check.output();
    }

    assertThat(exit).as(said).isEqualTo(1);
    assertThat(said)
        .startsWith(JVMS + " reports, judged as one run")
        .contains("2 connection leaks at 2 call sites")
        .contains(markers.callSite("invoices"))
        .contains(markers.callSite("customers"));
    assertThat(Files.readString(junit))
        .contains("failures=\"2\"")
        .contains("name=\"" + markers.callSite("invoices") + "\"");
  }

  private static Path reportDir() {
    return project.resolve("target/pool-agent");
  }

  /** The reports the forks left, in name order; the checks' logs beside them are not reports. */
  private static Map<Path, Report> reports() throws Exception {
    Map<Path, Report> reports = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.list(reportDir())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        reports.put(file, ReportJson.read(file));
      }
    }
    return reports;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void copy(Path from, Path to) throws IOException {
    if (Files.exists(to)) {
      try (Stream<Path> old = Files.walk(to)) {
        for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path copy = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
