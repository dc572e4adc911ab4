package io.poolagent.testapp.it;

import io.poolagent.report.Report;
import io.poolagent.report.ReportJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real JVM, with or without the agent, as a user would: {@code java -javaagent:... -jar
 * agent-testapp.jar ...}. Collects its output, exit code and the JSON report.
 */
final class ChildJvm {

  static final Path AGENT_JAR = Path.of(System.getProperty("poolagent.agentJar"));
  static final Path TESTAPP_JAR = Path.of(System.getProperty("poolagent.testappJar"));
  private static final long TIMEOUT_SECONDS = 120;

  private Jdk jdk = Jdk.JDK17;
  private String agentArgs;
  private boolean agent;
  private final List<String> jvmOptions = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private List<String> mainAndArgs = new ArrayList<>();
  private Path workDir;

  static ChildJvm testApp(String... args) {
    ChildJvm jvm = new ChildJvm();
    jvm.mainAndArgs.add("-jar");
    jvm.mainAndArgs.add(TESTAPP_JAR.toString());
    jvm.mainAndArgs.addAll(List.of(args));
    return jvm;
  }

  static ChildJvm command(String... mainAndArgs) {
    ChildJvm jvm = new ChildJvm();
    jvm.mainAndArgs.addAll(List.of(mainAndArgs));
    return jvm;
  }

  ChildJvm on(Jdk which) {
    this.jdk = which;
    return this;
  }

  /** Attaches the agent with {@code -javaagent}, its argument as given (null for none). */
  ChildJvm withAgent(String args) {
    this.agent = true;
    this.agentArgs = args;
    return this;
  }

  ChildJvm jvmOption(String option) {
    jvmOptions.add(option);
    return this;
  }

  ChildJvm env(String name, String value) {
    env.put(name, value);
    return this;
  }

  ChildJvm in(Path dir) {
    this.workDir = dir;
    return this;
  }

  List<String> commandLine() {
    List<String> cmd = new ArrayList<>();
    cmd.add(jdk.java().toString());
    if (agent) {
      cmd.add("-javaagent:" + AGENT_JAR + (agentArgs == null ? "" : "=" + agentArgs));
    }
    cmd.addAll(jvmOptions);
    cmd.addAll(mainAndArgs);
    return cmd;
  }

  Process start() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(commandLine());
    // The child must not inherit settings from the environment the tests run in.
    pb.environment().keySet().removeIf(k -> k.startsWith("POOL_AGENT_") || k.startsWith("OTEL_"));
    pb.environment().putAll(env);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    return pb.start();
  }

  Result run() throws Exception {
    return waitFor(start(), null);
  }

  /** Waits for {@code process}, writing {@code stdin} (if any) once it is running. */
  static Result waitFor(Process process, String stdin) throws Exception {
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    if (stdin != null) {
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "child JVM did not exit within " + TIMEOUT_SECONDS + " s; stderr so far: " + err.getNow(""));
    }
    return new Result(process.exitValue(), out.get(), err.get());
  }

  static CompletableFuture<String> drain(java.io.InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "<unreadable: " + e + ">";
          }
        });
  }

  record Result(int exitCode, String stdout, String stderr) {

    /** The agent's own stderr lines. */
    List<String> agentLines() {
      return stderr.lines().filter(l -> l.startsWith("[pool-agent]")).toList();
    }

    String describe() {
      return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  static Report readReport(Path file, Result result) throws Exception {
    if (!Files.exists(file)) {
      throw new AssertionError("no report at " + file + "\n" + result.describe());
    }
    return ReportJson.read(file);
  }
}
