package io.poolagent.runtimes.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.runtimes.harness.AgentJar;
import io.poolagent.runtimes.harness.ChildProcess;
import io.poolagent.runtimes.harness.Http;
import io.poolagent.runtimes.harness.LeakMarkers;
import io.poolagent.runtimes.harness.RunChecks;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tomcat 11 with a pool defined in the WAR's {@code META-INF/context.xml}, run as its users run
 * it ({@code bin/catalina.sh run}, the agent in {@code CATALINA_OPTS}), with and without the agent.
 */
class TomcatIT {

  private static final Path HOME = Path.of(System.getProperty("poolagent.tomcatHome"));
  private static final Path WAR = Path.of(System.getProperty("poolagent.war"));
  private static final Path RUNS = Path.of(System.getProperty("poolagent.target"), "runs");
  private static final String POOL = "jdbc/test";

  /** What one run of Tomcat left: the page, the exit code, the console and the log files. */
  private record Run(Http.Response page, int exitCode, String console, Path logs) {}

  @Test
  void theAgentReportsThePlantedLeakAtTheServletsLineInThePoolNamedByJndi() throws Exception {
    Run without = run("without-agent", null);
    Path report = RUNS.resolve("with-agent").resolve("report.json");
    Run with = run("with-agent", AgentJar.option("leakThreshold=1s", report));
    String context = "console and logs under " + RUNS.resolve("with-agent");

    assertThat(without.page().status()).as("the page without the agent").isEqualTo(200);
    assertThat(without.page().body()).isEqualTo("orders: 42, audited: 42\n");
    assertThat(with.page()).as("the page with the agent; " + context).isEqualTo(without.page());
    assertThat(with.exitCode())
        .as("exit code on SIGTERM; " + context)
        .isEqualTo(without.exitCode());
    assertNoLinkageErrors(without, "without the agent");
    assertNoLinkageErrors(with, context);

    Report result = RunChecks.report(report, context);
    RunChecks.assertCoverageComplete(result, context);
    Path sources = Path.of(System.getProperty("poolagent.appSources"));
    String site = new LeakMarkers(sources).callSite("orders-leak");
    RunChecks.assertOnlyLeaks(result, Map.of(site, 1L), POOL, context);
    Report.PoolSummary pool = RunChecks.pool(result, POOL, context);
    assertThat(pool.kind()).as("vendor; " + context).isEqualTo("tomcat-dbcp");
    assertThat(pool.borrows()).as("borrows; " + context).isEqualTo(2);
  }

  /**
   * One Tomcat instance in its own CATALINA_BASE (the distribution's conf/ with free loopback
   * ports, the WAR in webapps/): started, asked the page once, stopped with SIGTERM.
   */
  private static Run run(String label, String agentOption) throws Exception {
    Path base = RUNS.resolve(label);
    int port = Http.freePort();
    prepareBase(base, port);
    Map<String, String> env =
        Map.of(
            "CATALINA_HOME", HOME.toString(),
            "CATALINA_BASE", base.toString(),
            "JAVA_HOME", System.getProperty("java.home"),
            "CATALINA_OPTS", agentOption == null ? "" : agentOption);
    // The zip distribution carries no execute bits: the script is run by its shell.
    List<String> command = List.of("sh", HOME.resolve("bin/catalina.sh").toString(), "run");
    Path console = base.resolve("console.log");
    try (ChildProcess tomcat = ChildProcess.start(command, env, base, console)) {
      URI app = URI.create("http://127.0.0.1:" + port + "/app/");
      tomcat.awaitHttp(app, Duration.ofSeconds(90));
      Http.Response page = Http.get(app.resolve("orders"));
      int exitCode = tomcat.stop(Duration.ofSeconds(60));
      return new Run(page, exitCode, tomcat.output(), base.resolve("logs"));
    }
  }

  private static void prepareBase(Path base, int port) throws Exception {
    deleteRecursively(base);
    for (String dir : List.of("conf", "logs", "temp", "webapps", "work")) {
      Files.createDirectories(base.resolve(dir));
    }
    try (Stream<Path> files = Files.list(HOME.resolve("conf"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
      }
    }
    Path serverXml = base.resolve("conf/server.xml");
    String server = Files.readString(serverXml);
    String configured =
        server
            .replace("<Server port=\"8005\"", "<Server port=\"-1\"")
            .replace(
                "<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
                "<Connector port=\"" + port + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
    assertThat(configured)
        .as("the distribution's server.xml has the shutdown port and connector this test sets")
        .contains("<Server port=\"-1\"", "port=\"" + port + "\" address=\"127.0.0.1\"");
    Files.writeString(serverXml, configured);
    Files.copy(WAR, base.resolve("webapps/app.war"));
  }

  private static void assertNoLinkageErrors(Run run, String context) throws Exception {
    RunChecks.assertNoLinkageErrors(run.console(), "console; " + context);
    try (Stream<Path> logs = Files.list(run.logs())) {
      for (Path log : logs.toList()) {
        RunChecks.assertNoLinkageErrors(log, log.getFileName() + "; " + context);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
