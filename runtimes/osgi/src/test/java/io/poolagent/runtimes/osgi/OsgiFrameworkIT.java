package io.poolagent.runtimes.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.runtimes.harness.AgentJar;
import io.poolagent.runtimes.harness.ChildProcess;
import io.poolagent.runtimes.harness.LeakMarkers;
import io.poolagent.runtimes.harness.RunChecks;
import java.io.IOException;
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
 * The inventory bundle (this module's jar: H2 through its DataSource, DriverManager and a HikariCP
 * pool, two planted leaks) deployed in an OSGi framework installed and launched as its users do,
 * run once without and once with the agent. The framework's settings are its defaults: nothing here
 * makes its bundle class loaders delegate the agent's packages to the boot class path.
 */
abstract class OsgiFrameworkIT {

  private static final Path TARGET = Path.of(System.getProperty("poolagent.target", "target"));

  /** The launchers and the bundles the build fetched from Maven Central. */
  private static final Path DIST =
      Path.of(System.getProperty("osgi.dist", TARGET.resolve("osgi-dist").toString()));

  private static final String RESULT = "inventory: items=3 names=[bolt, nut, washer] leaked=2";
  private static final String POOL = "inventory-pool";

  /** How the report names the bundle's DriverManager URL and its H2 DataSource. */
  private static final String DRIVER_MANAGER = "DriverManager(jdbc:h2:mem:inventory)";

  private static final String DATA_SOURCE = "JdbcDataSource(jdbc:h2:mem:inventory)";

  /** A launch takes seconds; the bound is for a loaded CI machine, and for a hung framework. */
  private static final Duration EXIT = Duration.ofSeconds(90);

  /** What one launch left: its output, its exit code, the framework's own log files. */
  private record Run(int exit, String stdout, String stderr, List<Path> logs, String described) {}

  /**
   * Installs the framework under {@code home}, empty, with {@code bundles} deployed the way its
   * users deploy bundles; returns the launcher's arguments after {@code java} and its options.
   */
  abstract List<String> install(Path home, List<Path> bundles) throws IOException;

  /** The framework's log files under {@code home} after a launch, besides its console. */
  abstract List<Path> logFiles(Path home) throws IOException;

  /** A short name for the framework: its run directories and failure messages. */
  abstract String name();

  @Test
  void bundleRunsAsWithoutTheAgentAndItsLeaksAreReportedAtItsLines() throws Exception {
    Run plain = launch("plain", false);
    assertThat(plain.exit()).as("exit code without the agent\n" + plain.described()).isZero();
    assertThat(plain.stdout().lines().toList())
        .as("stdout without the agent\n" + plain.described())
        .containsExactly(RESULT);

    Run agent = launch("agent", true);
    String context = name() + " with the agent\n" + agent.described();
    assertThat(agent.stdout()).as("stdout; " + context).isEqualTo(plain.stdout());
    assertThat(agent.exit()).as("exit code; " + context).isEqualTo(plain.exit());
    for (Run run : List.of(plain, agent)) {
      String console = run == plain ? "console without the agent\n" + plain.described() : context;
      RunChecks.assertNoLinkageErrors(run.stdout() + run.stderr(), console);
      for (Path log : run.logs()) {
        RunChecks.assertNoLinkageErrors(log, log.toString());
      }
    }

    Report report = RunChecks.report(home("agent").resolve("report.json"), context);
    // A bundle loader that cannot see the agent's bridge has its JDBC classes left alone: the
    // run would be blind there, however the rest looks.
    assertThat(report.coverage().complete())
        .as("coverage " + report.coverage() + "; " + context)
        .isTrue();
    LeakMarkers markers = new LeakMarkers(TARGET.getParent().resolve("src/main/java"));
    String pooledLeak = markers.callSite("hikari");
    String directLeak = markers.callSite("drivermanager");
    RunChecks.assertOnlyLeaks(
        report,
        Map.of(pooledLeak, 1L, directLeak, 1L),
        Map.of(pooledLeak, POOL, directLeak, DRIVER_MANAGER),
        context);

    // Every borrow the bundle made, and none of the pool's own connects to H2.
    Report.PoolSummary pool = RunChecks.pool(report, POOL, context);
    assertThat(pool.kind()).as("kind of " + POOL + "; " + context).isEqualTo("hikari");
    assertThat(pool.borrows()).as("borrows from " + POOL + "; " + context).isEqualTo(2);
    assertThat(RunChecks.pool(report, DRIVER_MANAGER, context).borrows())
        .as("borrows through DriverManager; " + context)
        .isEqualTo(2);
    assertThat(RunChecks.pool(report, DATA_SOURCE, context).borrows())
        .as("borrows from H2's DataSource; " + context)
        .isEqualTo(1);
  }

  private Run launch(String run, boolean withAgent) throws Exception {
    Path home = home(run);
    deleteTree(home);
    Files.createDirectories(home);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (withAgent) {
      command.add(AgentJar.option("leakThreshold=1s", home.resolve("report.json")));
    }
    command.addAll(install(home, bundles()));
    try (ChildProcess process =
        ChildProcess.start(
            command, Map.of(), home, home.resolve("stdout.log"), home.resolve("stderr.log"))) {
      int exit = process.awaitExit(EXIT);
      return new Run(exit, process.output(), process.errors(), logFiles(home), process.describe());
    }
  }

  private Path home(String run) {
    return TARGET.resolve(name()).resolve(run);
  }

  /** The bundles a user deploys for the inventory job: its own and what it imports. */
  private static List<Path> bundles() throws IOException {
    List<Path> bundles = new ArrayList<>();
    try (Stream<Path> jars = Files.list(DIST.resolve("bundles"))) {
      jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(bundles::add);
    }
    Path inventory = Path.of(System.getProperty("osgi.bundle", "no osgi.bundle property"));
    assertThat(inventory).as("the inventory bundle: this module's jar").isRegularFile();
    bundles.add(inventory);
    return bundles;
  }

  static Path dist(String file) {
    Path path = DIST.resolve(file);
    assertThat(path).as("fetched by the build (maven-dependency-plugin)").isRegularFile();
    return path;
  }

  /** The files directly in {@code dir} whose names end with {@code suffix}; none if no dir. */
  static List<Path> filesEndingWith(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  /** A launch starts from a new installation: no framework cache from an earlier build. */
  private static void deleteTree(Path dir) throws IOException {
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
