package io.poolagent.runtimes.wildfly;

import io.poolagent.runtimes.harness.ChildProcess;
import io.poolagent.runtimes.harness.Http;
import io.poolagent.runtimes.harness.RunChecks;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The WildFly distribution the build unpacked, booted with {@code bin/standalone.sh} once per run.
 * Each run gets its own server base directory (configuration, deployments, logs) under {@code
 * target/runs/}, so that runs leave the distribution's {@code standalone/} untouched and each one's
 * logs stay apart; {@code bin/standalone.conf}, which all runs share, is rewritten from the
 * distribution's own before each boot, plus the one line a user would add.
 */
final class WildFlyServer {

  /**
   * A second datasource, set up as production ones often are: the driver's DataSource class
   * ({@code datasource-class}) and a pool filled when it starts ({@code prefill}). The application
   * never uses it; its physical connects run on IronJacamar's {@code JCA PoolFiller} thread, in no
   * borrow, and must leave no trace in the report.
   */
  static final String PREFILLED_DATA_SOURCE =
      """
        <datasource jndi-name="java:jboss/datasources/PrefilledDS" pool-name="PrefilledDS">
            <connection-property name="url">jdbc:h2:mem:prefilled</connection-property>
            <datasource-class>org.h2.jdbcx.JdbcDataSource</datasource-class>
            <driver>h2</driver>
            <pool>
                <min-pool-size>2</min-pool-size>
                <prefill>true</prefill>
            </pool>
            <security user-name="sa" password="sa"/>
        </datasource>
      """
          .indent(14);

  /** WFLYSRV0025 "started in", WFLYSRV0026 "started (with errors) in": boot is over either way. */
  private static final Pattern BOOTED = Pattern.compile("WFLYSRV002[56]");
  private static final String STARTED_CLEANLY = "WFLYSRV0025";
  private static final Duration BOOT = Duration.ofMinutes(3);
  private static final Duration SHUTDOWN = Duration.ofMinutes(1);

  private final Path home;
  private final Path war;
  private final Path runs;

  private WildFlyServer(Path home, Path war, Path runs) {
    this.home = home;
    this.war = war;
    this.runs = runs;
  }

  static WildFlyServer fromBuild() {
    return new WildFlyServer(
        Path.of(System.getProperty("poolagent.wildflyHome")),
        Path.of(System.getProperty("poolagent.war")),
        Path.of(System.getProperty("poolagent.target"), "runs"));
  }

  /** Where a run's agent writes its report. */
  Path reportPath(String name) {
    return runs.resolve(name).resolve("pool-agent-report.json");
  }

  /**
   * The agent's metrics, scraped as Prometheus scrapes them, with the datasources' statistics
   * ({@code statistics-enabled}, off as WildFly ships) on or off.
   */
  record Metrics(boolean statistics) {}

  /** What one boot answered and left behind; {@code metrics} empty when none were scraped. */
  record Run(
      Http.Response query,
      Http.Response leak,
      Http.Response queryAgain,
      String metrics,
      boolean startedCleanly,
      int exitCode,
      Path serverLog,
      String describe) {

    void assertNoLinkageErrors() throws Exception {
      RunChecks.assertNoLinkageErrors(describe, "console");
      RunChecks.assertNoLinkageErrors(serverLog, "server.log " + serverLog);
    }
  }

  /**
   * Boots with {@code confLine} appended to {@code standalone.conf} (none if empty), calls the WAR
   * ({@code /query}, {@code /leak}, {@code /query}), scrapes the metrics if asked (null: none),
   * and stops the server with SIGTERM.
   */
  Run run(String name, String confLine, Metrics metrics) throws Exception {
    Path dir = runs.resolve(name);
    Path base = dir.resolve("server");
    deleteRecursively(base);
    Files.deleteIfExists(reportPath(name));
    copyRecursively(home.resolve("standalone/configuration"), base.resolve("configuration"));
    addPrefilledDataSource(base.resolve("configuration/standalone.xml"));
    Files.createDirectories(base.resolve("deployments"));
    Files.copy(war, base.resolve("deployments/app.war"));
    writeStandaloneConf(confLine);

    int http = Http.freePort();
    int prometheus = Http.freePort();
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            home.resolve("bin/standalone.sh").toString(),
            "-Djboss.server.base.dir=" + base,
            "-Djboss.http.port=" + http,
            "-Djboss.https.port=" + Http.freePort(),
            "-Djboss.management.http.port=" + Http.freePort(),
            "-Djboss.management.https.port=" + Http.freePort(),
            "-b",
            "127.0.0.1",
            "-bmanagement",
            "127.0.0.1"));
    Map<String, String> env =
        new HashMap<>(
            Map.of(
            // The script then runs the JVM in the background and relays SIGTERM to it, as
            // WildFly's service scripts run it; in the foreground a SIGTERM would stop the script
            // and leave the JVM running.
            "LAUNCH_JBOSS_IN_BACKGROUND", "1",
            // The JDK the build runs on; standalone.conf's defaults apply only while these are
            // empty, so none from the build's environment may leak in.
            "JAVA_HOME", System.getProperty("java.home"),
            "JAVA_OPTS", "",
            "MODULE_OPTS", "",
            "JBOSS_MODULES_SYSTEM_PKGS", ""));
    if (metrics != null) {
      command.add("-Dwildfly.datasources.statistics-enabled=" + metrics.statistics());
      env.putAll(
          Map.of(
              "OTEL_SDK_DISABLED", "false",
              "OTEL_METRICS_EXPORTER", "prometheus",
              "OTEL_EXPORTER_PROMETHEUS_PORT", Integer.toString(prometheus),
              "OTEL_TRACES_EXPORTER", "none"));
    }
    try (ChildProcess server = ChildProcess.start(command, env, home, dir.resolve("console.log"))) {
      boolean clean = server.awaitOutput(BOOTED, BOOT).equals(STARTED_CLEANLY);
      URI app = URI.create("http://127.0.0.1:" + http + "/app/");
      Http.Response query = Http.get(app.resolve("query"));
      Http.Response leak = Http.get(app.resolve("leak"));
      Http.Response queryAgain = Http.get(app.resolve("query"));
      // The exporter reads the pool when scraped: its state now, the leaked connection in use.
      String scraped =
          metrics == null
              ? ""
              : Http.get(URI.create("http://127.0.0.1:" + prometheus + "/metrics")).body();
      int exit = server.stop(SHUTDOWN);
      return new Run(
          query,
          leak,
          queryAgain,
          scraped,
          clean,
          exit,
          base.resolve("log/server.log"),
          server.describe());
    }
  }

  /** As a user adds a datasource: in the datasources subsystem, before its drivers. */
  private static void addPrefilledDataSource(Path standaloneXml) throws IOException {
    String xml = Files.readString(standaloneXml);
    int drivers = xml.indexOf("<drivers>");
    if (drivers < 0) {
      throw new AssertionError("no <drivers> in " + standaloneXml);
    }
    int lineStart = xml.lastIndexOf('\n', drivers) + 1;
    Files.writeString(
        standaloneXml,
        xml.substring(0, lineStart) + PREFILLED_DATA_SOURCE + xml.substring(lineStart));
  }

  /** The distribution's own {@code standalone.conf}, kept aside the first time, plus the line. */
  private void writeStandaloneConf(String line) throws IOException {
    Path conf = home.resolve("bin/standalone.conf");
    Path original = home.resolve("bin/standalone.conf.as-shipped");
    if (!Files.exists(original)) {
      Files.copy(conf, original);
    }
    String text = Files.readString(original);
    Files.writeString(conf, line.isEmpty() ? text : text + "\n" + line + "\n");
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
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
