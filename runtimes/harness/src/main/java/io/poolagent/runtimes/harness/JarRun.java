package io.poolagent.runtimes.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An application that does its work and exits, run as its users run it: {@code java
 * [-javaagent:...] -jar APP.jar ARGS}, in a directory of its own under the module's target.
 *
 * @param exitCode the JVM's exit code
 * @param output stdout and stderr, as the console shows them
 * @param dir where it ran, and where its report is written
 */
public record JarRun(int exitCode, String output, Path dir) {

  /**
   * Runs {@code jar} in {@code target/runs/<name>}, after removing a report left by an earlier
   * run there.
   *
   * @param agentOption the {@code -javaagent:} option ({@link AgentJar#option}), or null for none
   */
  public static JarRun run(
      Path target, String name, String agentOption, Duration timeout, Path jar, String... args)
      throws Exception {
    Path dir = target.resolve("runs").resolve(name);
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("report.json"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (agentOption != null) {
      command.add(agentOption);
    }
    command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    try (ChildProcess app = ChildProcess.start(command, Map.of(), dir, dir.resolve("console.log"))) {
      int exit = app.awaitExit(timeout);
      return new JarRun(exit, app.output(), dir);
    }
  }

  /** For a failure message. */
  public String describe(String what) {
    return "--- " + what + " (" + dir + ") exit " + exitCode + " ---\n" + output;
  }
}
