package io.poolagent.runtimes.payara;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Payara Micro 6 run as its users run it ({@code java -jar payara-micro.jar --deploy app.war}, the
 * agent on that command line), with and without the agent: two boots, since each takes a while.
 */
class PayaraMicroIT {

  private static final Path MICRO = Path.of(System.getProperty("poolagent.payaraMicro"));
  private static final Path WAR = Path.of(System.getProperty("poolagent.war"));
  private static final Path RUNS = Path.of(System.getProperty("poolagent.target"), "runs");
  /** The JNDI name the application's {@code @DataSourceDefinition} gives its pool. */
  private static final String POOL = "java:app/jdbc/orders";

  /** Payara Micro has no option for the HTTP listener's address: an asadmin command sets it. */
  private static final String LOOPBACK_ONLY =
      "set configs.config.server-config.network-config.network-listeners.network-listener"
          + ".http-listener.address=127.0.0.1\n";

  /** The pool Payara's own configuration defines, behind {@code jdbc/__default}. */
  private static final String DEFAULT_POOL = "H2Pool";

  /** What one run left: the pages, the exit code, the console and the server's log files. */
  private record Run(List<Http.Response> pages, int exitCode, String console, Path logs) {}

  @Test
  void theAgentReportsThePlantedLeakAtTheServletsLineInPayarasPool() throws Exception {
    Run without = run("without-agent", null);
    Path report = RUNS.resolve("with-agent").resolve("report.json");
    Run with = run("with-agent", AgentJar.option("leakThreshold=1s", report));
    String context = "console and logs under " + RUNS.resolve("with-agent");

    assertThat(without.pages())
        .as("the pages without the agent")
        .containsExactly(
            new Http.Response(200, "orders: 42, audited: 42\n"),
            new Http.Response(200, "default: 42\n"));
    assertThat(with.pages()).as("the pages with the agent; " + context).isEqualTo(without.pages());
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
    assertThat(pool.kind()).as("vendor; " + context).isEqualTo("glassfish");
    assertThat(pool.borrows()).as("borrows; " + context).isEqualTo(2);
    Report.PoolSummary defaultPool = RunChecks.pool(result, DEFAULT_POOL, context);
    assertThat(defaultPool.kind()).as("vendor; " + context).isEqualTo("glassfish");
    assertThat(defaultPool.borrows())
        .as("borrows of " + DEFAULT_POOL + "; " + context)
        .isEqualTo(1);
    assertThat(defaultPool.open()).as("open in " + DEFAULT_POOL + "; " + context).isZero();
    // The pools' own connects, through the driver's DataSource, are no leases and no sources.
    assertThat(result.pools()).as("sources; " + context).hasSize(2);
  }

  /** One Payara Micro instance with its own root directory: started, asked once, stopped. */
  private static Run run(String label, String agentOption) throws Exception {
    Path dir = RUNS.resolve(label);
    deleteRecursively(dir);
    Files.createDirectories(dir);
    Path preboot = Files.writeString(dir.resolve("preboot.asadmin"), LOOPBACK_ONLY);
    Path root = dir.resolve("root");
    int port = Http.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (agentOption != null) {
      command.add(agentOption);
    }
    command.addAll(
        List.of(
            "-jar", MICRO.toString(),
            "--deploy", WAR.toString(),
            "--port", String.valueOf(port),
            "--nocluster",
            "--disablephonehome",
            "--prebootcommandfile", preboot.toString(),
            "--rootdir", root.toString()));
    Path console = dir.resolve("console.log");
    try (ChildProcess payara = ChildProcess.start(command, Map.of(), dir, console)) {
      URI app = URI.create("http://127.0.0.1:" + port + "/app/");
      payara.awaitHttp(app, Duration.ofMinutes(4));
      List<Http.Response> pages =
          List.of(Http.get(app.resolve("orders")), Http.get(app.resolve("default")));
      int exitCode = payara.stop(Duration.ofSeconds(90));
      return new Run(pages, exitCode, payara.output(), root.resolve("logs"));
    }
  }

  private static void assertNoLinkageErrors(Run run, String context) throws Exception {
    RunChecks.assertNoLinkageErrors(run.console(), "console; " + context);
    if (Files.isDirectory(run.logs())) {
      try (Stream<Path> logs = Files.list(run.logs())) {
        for (Path log : logs.filter(Files::isRegularFile).toList()) {
          RunChecks.assertNoLinkageErrors(log, log.getFileName() + "; " + context);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
