package io.poolagent.runtimes.liberty;

import io.poolagent.runtimes.harness.ChildProcess;
import io.poolagent.runtimes.harness.Http;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Open Liberty the build unpacked into {@code target/liberty/wlp}, run as its users run it: a
 * server directory under {@code wlp/usr/servers} holding server.xml, bootstrap.properties and
 * jvm.options (where an agent goes), the WAR in its {@code apps}, {@code bin/server run} in the
 * foreground and {@code bin/server stop} to end it, which runs the JVM's shutdown hooks.
 */
final class LibertyServer {

  private static final Duration BOOT = Duration.ofMinutes(3);
  private static final Duration STOP = Duration.ofMinutes(2);

  private final Path wlp;
  private final Path war;
  private final Path jdbcDriver;
  private final Path target;

  private LibertyServer(Path wlp, Path war, Path jdbcDriver, Path target) {
    this.wlp = wlp;
    this.war = war;
    this.jdbcDriver = jdbcDriver;
    this.target = target;
  }

  /** The runtime, WAR and driver the build put in {@code target/} (see the module's pom). */
  static LibertyServer fromBuild() {
    return new LibertyServer(
        existing("liberty.wlp", "target/liberty/wlp"),
        existing("liberty.war", "target/pool-app.war"),
        existing("liberty.jdbcDriver", "target/jdbc/h2.jar"),
        Path.of(System.getProperty("poolagent.target", "target")).toAbsolutePath());
  }

  /** The WAR's sources, where the planted leak is marked. */
  static Path appSources() {
    return Path.of(System.getProperty("liberty.appSources", "src/main/java")).toAbsolutePath();
  }

  Path target() {
    return target;
  }

  /** What one server run left: the answers, the exit code, the console, the log directory. */
  record Run(String name, List<String> responses, int exitCode, String console, Path logs) {

    String describe() {
      return "server " + name + ", exit " + exitCode + ", responses " + responses
          + "\n--- console ---\n" + console;
    }
  }

  /**
   * Creates server {@code name} afresh, starts it with {@code agentOption} (null for none) as its
   * jvm.options line, sends {@code GET /pool-app/stock?op=OP} for each of {@code ops}, and stops
   * it.
   */
  Run run(String name, String agentOption, List<String> ops) throws Exception {
    int port = Http.freePort();
    Path server = createServer(name, port, agentOption);
    Path console = target.resolve(name + "-console.log");
    List<String> responses = new ArrayList<>();
    try (ChildProcess liberty = serverCommand("run", name, console)) {
      // Ready: the application started, then the server says it is.
      liberty.awaitOutput("CWWKZ0001I: Application pool-app started", BOOT);
      liberty.awaitOutput("CWWKF0011I", BOOT);
      for (String op : ops) {
        Http.Response response =
            Http.get(URI.create("http://127.0.0.1:" + port + "/pool-app/stock?op=" + op));
        responses.add(response.status() + " " + response.body().strip());
      }
      try (ChildProcess stop = serverCommand("stop", name, target.resolve(name + "-stop.log"))) {
        int stopped = stop.awaitExit(STOP);
        if (stopped != 0) {
          throw new AssertionError(
              "server stop " + name + " exited " + stopped + "\n" + stop.describe());
        }
      }
      int exitCode = liberty.awaitExit(STOP);
      return new Run(name, responses, exitCode, liberty.output(), server.resolve("logs"));
    }
  }

  private ChildProcess serverCommand(String action, String name, Path log) throws IOException {
    // The JDK the build runs on, as a user's JAVA_HOME; the script finds java there.
    return ChildProcess.start(
        List.of(wlp.resolve("bin/server").toString(), action, name),
        Map.of("JAVA_HOME", System.getProperty("java.home")),
        wlp,
        log);
  }

  private Path createServer(String name, int port, String agentOption) throws IOException {
    Path server = wlp.resolve("usr/servers").resolve(name);
    deleteRecursively(server);
    Files.createDirectories(server.resolve("apps"));
    try (InputStream xml = LibertyServer.class.getResourceAsStream("/liberty/server.xml")) {
      Files.copy(xml, server.resolve("server.xml"));
    }
    // server.xml's variables; bootstrap.properties is where Liberty reads them from.
    Files.writeString(
        server.resolve("bootstrap.properties"),
        "http.port=" + port + "\nh2.jar=" + jdbcDriver + "\n");
    if (agentOption != null) {
      Files.writeString(server.resolve("jvm.options"), agentOption + "\n");
    }
    Files.copy(war, server.resolve("apps/pool-app.war"), StandardCopyOption.REPLACE_EXISTING);
    return server;
  }

  private static Path existing(String property, String fallback) {
    Path path = Path.of(System.getProperty(property, fallback)).toAbsolutePath();
    if (!Files.exists(path)) {
      throw new AssertionError("no " + path + ": run the module's build to pre-integration-test");
    }
    return path;
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
