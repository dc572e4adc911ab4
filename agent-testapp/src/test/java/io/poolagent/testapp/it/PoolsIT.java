package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.testapp.telemetry.OtlpReceiver;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pool users run, each in a child JVM on PostgreSQL with the agent: leases counted on the
 * connections the pool hands out (never on its physical connects), leaks at the scenario's marked
 * line, the pool under the name it was given; its state exported as {@code db.client.connection.*}
 * under that same name; the HikariCP versions still in use in front of the app's own; and the
 * pools' own ways of ending a borrow without {@code close()}, which are no leaks.
 */
class PoolsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String DB = "postgres";

  static Stream<Arguments> poolsAndScenarios() {
    return Stream.of(PoolUnderTest.values())
        .flatMap(
            pool ->
                Stream.of(Scenario.NO_LEAK, Scenario.METHOD_LEAK, Scenario.DROPPED)
                    .map(scenario -> Arguments.of(pool, scenario)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("poolsAndScenarios")
  void leasesAreTheConnectionsThePoolHandsOut(PoolUnderTest pool, Scenario scenario)
      throws Exception {
    Report report = ScenarioRun.runAndVerify(Jdk.JDK17, scenario, DB, pool.via);

    if (scenario == Scenario.DROPPED && pool.outcome(scenario).collected() > 0) {
      // Found while the app ran (it lingers 3 s after dropping them), not only at exit.
      assertThat(report.leaks()).allSatisfy(leak -> assertThat(leak.heldMillis()).isLessThan(2500));
    }
  }

  static Stream<String> hikariVersions() {
    return Arrays.stream(System.getProperty("poolagent.hikariVersions").split(","));
  }

  @ParameterizedTest(name = "HikariCP {0}")
  @MethodSource("hikariVersions")
  void hikariVersionsUsersRun(String version, @TempDir Path dir) throws Exception {
    Path hikariJar = Path.of(System.getProperty("poolagent.hikariDir"), "HikariCP-" + version + ".jar");
    assertThat(hikariJar).exists();
    Path classLog = dir.resolve("classes.log");

    // The chosen HikariCP first: its classes win over the copy inside the test-app jar.
    ScenarioRun.runAndVerify(
        Jdk.JDK17,
        Scenario.METHOD_LEAK,
        DB,
        "hikari",
        args -> {
          List<String> command =
              new ArrayList<>(
                  List.of(
                      "-cp",
                      hikariJar + File.pathSeparator + ChildJvm.TESTAPP_JAR,
                      "io.poolagent.testapp.TestApp"));
          command.addAll(List.of(args));
          return ChildJvm.command(command.toArray(String[]::new))
              .jvmOption("-Xlog:class+load=info:file=" + classLog);
        });

    assertThat(Files.readAllLines(classLog))
        .as("the pool that ran is HikariCP " + version)
        .anyMatch(
            line ->
                line.contains(" com.zaxxer.hikari.HikariDataSource ")
                    && line.endsWith(hikariJar.getFileName().toString()));
  }

  /**
   * The pools' own ways of disposing of a borrowed connection without {@code close()}: HikariCP's
   * {@code evictConnection}, DBCP2's {@code invalidateConnection}, Vibur's {@code
   * severConnection}. The app borrows 4 connections and hands each back that way, 3 never closed
   * (garbage-collected while it runs), 1 closed afterwards: no leak, each borrow counted as
   * evicted, not as a return, and {@code check} passes.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = PoolUnderTest.class,
      names = {"HIKARI", "DBCP2", "VIBUR"})
  void connectionsThePoolEvictsAreNoLeaks(PoolUnderTest pool, @TempDir Path dir) throws Exception {
    Databases.requireReachable(DB);
    Path reportFile = dir.resolve("report.json");
    ChildJvm.Result result =
        ChildJvm.testApp("--scenario", "evicted", "--db", DB, "--via", pool.via, "--linger", "1s")
            .withAgent("leakThreshold=" + Scenario.THRESHOLD + ",report=" + reportFile)
            .in(dir)
            .run();
    String context = pool + "\n" + result.describe();

    assertThat(result.exitCode()).as(context).isZero();
    assertThat(result.stdout()).as(context).contains("scenario evicted done");
    Report report = ChildJvm.readReport(reportFile, result);
    assertThat(report.leakSites()).as("leak sites; " + context).isEmpty();
    assertThat(report.leaks()).as("leaks; " + context).isEmpty();
    assertThat(report.pools())
        .as(context)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.name()).isEqualTo(pool.reportName);
              assertThat(p.kind()).isEqualTo(pool.kind);
              // The app's one borrow to set up the schema, closed, then the scenario's 4.
              assertThat(p.borrows()).as("borrows; " + context).isEqualTo(1 + 4);
              assertThat(p.returns()).as("returns; " + context).isEqualTo(1);
              assertThat(p.evicted()).as("evicted; " + context).isEqualTo(4);
              assertThat(p.open()).as("open; " + context).isZero();
              assertThat(p.holdMillis().count()).as("hold times; " + context).isEqualTo(1 + 4);
            });
    assertThat(result.agentLines())
        .as("the agent's summary; " + context)
        .contains("[pool-agent] no connection leaks")
        .anyMatch(
            line ->
                line.startsWith(
                    "[pool-agent]   " + pool.reportName + " (" + pool.kind + "): borrows 5,"
                        + " returns 1, evicted 4, open 0, "));

    ChildJvm.Result check =
        ChildJvm.command("-jar", ChildJvm.AGENT_JAR.toString(), "check", reportFile.toString()).run();
    assertThat(check.exitCode()).as(check.describe()).isZero();
    assertThat(check.stdout()).as(check.describe()).contains("PASS: no connection leaks");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(PoolUnderTest.class)
  void poolStateReachesTheCollectorUnderThePoolsName(PoolUnderTest pool, @TempDir Path dir)
      throws Exception {
    Databases.requireReachable(DB);
    int maxSize = 5;
    Path reportFile = dir.resolve("report.json");
    ChildJvm.Result result;
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      result =
          ChildJvm.testApp(
                  "--scenario", "method-leak", "--db", DB, "--via", pool.via,
                  "--pool-size", String.valueOf(maxSize), "--linger", "1500ms")
              .withAgent("leakThreshold=10m,report=" + reportFile)
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
              .env("OTEL_TRACES_EXPORTER", "none")
              .in(dir)
              .run();
      assertThat(result.exitCode()).as(result.describe()).isZero();
      String name = ChildJvm.readReport(reportFile, result).pools().get(0).name();
      assertThat(name).as("the report's pool name").isEqualTo(pool.reportName);

      Map<String, String> ofPool = Map.of("db.client.connection.pool.name", name);
      receiver.awaitMetric("db.client.connection.count", points -> !points.isEmpty(), WAIT);
      long used = latest(receiver, "db.client.connection.count", state(name, "used"));
      long max = latest(receiver, "db.client.connection.max", ofPool);
      assertThat(used)
          .as("the 3 cursors method-leak keeps open hold 3 connections; received: %s\n%s",
              receiver.metricPoints("db.client.connection.count"), result.describe())
          .isEqualTo(3);
      assertThat(max).as("--pool-size").isEqualTo(maxSize);
      if (pool.exposesIdleCount()) {
        long idle = latest(receiver, "db.client.connection.count", state(name, "idle"));
        assertThat(idle).as("idle connections fit beside the used ones").isBetween(0L, max - used);
        // The last export still read the pool itself, not the agent's fallback (used only).
        assertThat(receiver.latest("db.client.connection.count", state(name, "idle")).get().timeUnixNano())
            .isEqualTo(receiver.latest("db.client.connection.count", state(name, "used")).get().timeUnixNano());
      } else {
        assertThat(receiver.latest("db.client.connection.count", state(name, "idle")))
            .as("a pool that does not count its idle connections: absent, not a made-up 0")
            .isEmpty();
      }
    }
  }

  private static Map<String, String> state(String pool, String state) {
    return Map.of("db.client.connection.pool.name", pool, "db.client.connection.state", state);
  }

  private static long latest(OtlpReceiver receiver, String metric, Map<String, String> attributes) {
    return (long)
        receiver
            .latest(metric, attributes)
            .orElseThrow(
                () ->
                    new AssertionError(
                        metric + " " + attributes + " not received; received: "
                            + receiver.metricNames() + " " + receiver.metricPoints(metric)))
            .doubleValue();
  }
}
