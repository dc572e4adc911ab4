package io.poolagent.runtimes.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.report.ReportJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What a user checks after running a runtime with the agent, as assertions. */
public final class RunChecks {

  /** Errors the JVM raises when woven code cannot link or verify, whoever caught them. */
  private static final Pattern LINKAGE =
      Pattern.compile(
          "LinkageError|NoClassDefFoundError|VerifyError|ClassFormatError"
              + "|IncompatibleClassChangeError|AbstractMethodError|NoSuchMethodError");

  private RunChecks() {}

  /** No line of {@code log} (a console or a server log file) names a linkage or verify error. */
  public static void assertNoLinkageErrors(String log, String context) {
    List<String> lines = log.lines().filter(l -> LINKAGE.matcher(l).find()).toList();
    assertThat(lines).as("linkage or verify errors in the log; " + context).isEmpty();
  }

  public static void assertNoLinkageErrors(Path logFile, String context) throws Exception {
    if (Files.exists(logFile)) {
      assertNoLinkageErrors(Files.readString(logFile), context);
    }
  }

  /**
   * No file under {@code logDir} names a linkage or verify error: a server's log directory holds
   * more than its main log (Open Liberty's FFDC incident files, rotated logs, a trace), and an
   * error the server caught may be written only there.
   */
  public static void assertNoLinkageErrorsUnder(Path logDir, String context) throws Exception {
    List<String> lines = new ArrayList<>();
    if (Files.isDirectory(logDir)) {
      try (Stream<Path> files = Files.walk(logDir)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          // Decoded leniently: a log may hold bytes of another charset.
          new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> LINKAGE.matcher(l).find())
              .forEach(l -> lines.add(logDir.relativize(file) + ": " + l));
        }
      }
    }
    assertThat(lines)
        .as("linkage or verify errors in the logs under " + logDir + "; " + context)
        .isEmpty();
  }

  public static Report report(Path file, String context) throws Exception {
    assertThat(file).as("the agent's report; " + context).isRegularFile();
    return ReportJson.read(file);
  }

  /**
   * Exactly the planted leaks that fail {@code check}: call site to count, each in {@code pool}.
   * Late returns are warnings, not failures, and are not counted.
   */
  public static void assertOnlyLeaks(
      Report report, Map<String, Long> expectedSites, String pool, String context) {
    assertLeaksIn(report, expectedSites, site -> pool, context);
  }

  /**
   * As {@link #assertOnlyLeaks(Report, Map, String, String)}, for leaks planted in more than one
   * source: {@code poolBySite} names the source of each call site's leaks.
   */
  public static void assertOnlyLeaks(
      Report report,
      Map<String, Long> expectedSites,
      Map<String, String> poolBySite,
      String context) {
    assertLeaksIn(report, expectedSites, poolBySite::get, context);
  }

  private static void assertLeaksIn(
      Report report,
      Map<String, Long> expectedSites,
      Function<String, String> poolOfSite,
      String context) {
    Map<String, Long> failing = new TreeMap<>();
    for (Report.LeakSite site : report.leakSites()) {
      if (site.counts().failing() > 0) {
        failing.put(site.callSite(), site.counts().failing());
      }
    }
    assertThat(failing).as("call sites with leaks; " + context).isEqualTo(new TreeMap<>(expectedSites));
    assertThat(report.leaks().stream().filter(l -> !l.state().equals("late_return")))
        .as("leaks; " + context)
        .isNotEmpty()
        .allSatisfy(
            leak -> {
              assertThat(leak.pool())
                  .as("pool of " + leak.callSite() + "; " + context)
                  .isEqualTo(poolOfSite.apply(leak.callSite()));
              assertThat(leak.stack()).as("borrow stack; " + context).contains(leak.callSite());
            });
  }

  /** The one connection source named {@code name}; fails when there is none or more. */
  public static Report.PoolSummary pool(Report report, String name, String context) {
    List<Report.PoolSummary> named =
        report.pools().stream().filter(p -> p.name().equals(name)).toList();
    assertThat(named)
        .as("sources named " + name + " among " + report.pools().stream().map(Report.PoolSummary::name).toList()
            + "; " + context)
        .hasSize(1);
    return named.get(0);
  }

  /**
   * The agent saw every JDBC class it looked at: none left alone (its loader could not see the
   * bridge, or it could not be woven) and no woven call failed inside the agent. A blind run may
   * have missed leases, so its clean report would prove nothing.
   */
  public static void assertCoverageComplete(Report report, String context) {
    assertThat(report.coverage()).as("the report's coverage; " + context).isNotNull();
    assertThat(report.coverage().loaders())
        .as("class loaders with classes left alone; " + context)
        .allSatisfy(loader -> assertThat(loader.leftAloneClasses()).isEmpty());
    assertThat(report.coverage().complete()).as("coverage complete; " + context).isTrue();
    assertThat(report.coverage().wovenClasses()).as("classes woven; " + context).isPositive();
  }
}
