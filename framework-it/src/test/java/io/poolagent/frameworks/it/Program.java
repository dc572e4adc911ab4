package io.poolagent.frameworks.it;

import io.poolagent.report.Report;
import io.poolagent.report.ReportJson;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One of this module's programs, started in a child JVM as a user starts a service: {@code java
 * [-javaagent:pool-agent.jar=...] -cp ... Main args}, in a fresh working directory.
 */
final class Program {

  private static final Path AGENT_JAR = Path.of(System.getProperty("poolagent.agentJar"));
  private static final long TIMEOUT_SECONDS = 180;

  /** What follows the JVM options: the class path and main class, or {@code -jar}, then args. */
  private final List<String> launch = new ArrayList<>();

  private Program() {}

  /** The program's main class on this module's class path. */
  static Program of(Class<?> mainClass, String... args) {
    Program program = new Program();
    program.launch.addAll(List.of("-cp", classPath(), mainClass.getName()));
    program.launch.addAll(List.of(args));
    return program;
  }

  /**
   * The Spring Boot program as Spring Boot packages it: {@code java -jar} on the executable jar,
   * whose classes and nested dependency jars Spring Boot's own class loader loads.
   */
  static Program springBootJar(String... args) {
    Path jar = Path.of(System.getProperty("poolagent.springBootJar"));
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("no Spring Boot jar at " + jar + ": run the package phase first");
    }
    Program program = new Program();
    program.launch.addAll(List.of("-jar", jar.toString()));
    program.launch.addAll(List.of(args));
    return program;
  }

  /** Runs the program as it is, without the agent. */
  Result runWithoutAgent() throws Exception {
    return run(null);
  }

  /** Runs the program with the agent, its JSON report written into the run's directory. */
  Result runWithAgent(String agentSettings) throws Exception {
    if (!Files.isRegularFile(AGENT_JAR)) {
      throw new AssertionError("no agent jar at " + AGENT_JAR + ": build the agent module first");
    }
    return run(agentSettings);
  }

  private Result run(String agentSettings) throws Exception {
    Path dir = Files.createTempDirectory("pool-agent-framework-it-");
    Path report = dir.resolve("report.json");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (agentSettings != null) {
      cmd.add("-javaagent:" + AGENT_JAR + "=" + agentSettings + ",report=" + report);
    }
    cmd.addAll(launch);

    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    // Neither the agent's settings nor OpenTelemetry's may leak in from the build's environment;
    // export is off so that no run waits on an absent collector.
    pb.environment().keySet().removeIf(k -> k.startsWith("POOL_AGENT_") || k.startsWith("OTEL_"));
    pb.environment().put("OTEL_SDK_DISABLED", "true");
    Process process = pb.start();
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          String.join(" ", cmd) + " did not exit within " + TIMEOUT_SECONDS + " s; stderr so far: "
              + err.getNow(""));
    }
    // The class path is long and always the same: failure messages name it instead.
    String shown = String.join(" ", cmd).replace(classPath(), "<framework-it classes and deps>");
    return new Result(
        shown, process.exitValue(), out.get(), err.get(), agentSettings == null ? null : report);
  }

  /** This module's classes and its runtime dependencies, as Maven resolved them. */
  private static String classPath() {
    try {
      String dependencies =
          Files.readString(Path.of(System.getProperty("poolagent.programClassPath"))).trim();
      return System.getProperty("poolagent.programClasses") + File.pathSeparator + dependencies;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "<unreadable: " + e + ">";
          }
        });
  }

  /** What a run left: exit code, output and, with the agent, its report file. */
  record Result(String commandLine, int exitCode, String stdout, String stderr, Path reportFile) {

    /** The agent's own stderr lines. */
    List<String> agentLines() {
      return stderr.lines().filter(l -> l.startsWith("[pool-agent]")).toList();
    }

    Report report() throws Exception {
      if (reportFile == null || !Files.exists(reportFile)) {
        throw new AssertionError("no report at " + reportFile + "\n" + describe());
      }
      return ReportJson.read(reportFile);
    }

    String describe() {
      return commandLine + "\nexit " + exitCode + "\n--- stdout ---\n" + stdout
          + "\n--- stderr ---\n" + stderr;
    }
  }
}
