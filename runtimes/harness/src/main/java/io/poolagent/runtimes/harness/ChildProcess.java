package io.poolagent.runtimes.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server or launcher started as its users start it: a script or {@code java} command, an
 * environment, a working directory. Its stdout and stderr go to one log file, which survives the
 * test for the failure message and for a person reading {@code target/}.
 */
public final class ChildProcess implements AutoCloseable {

  private final List<String> command;
  private final Process process;
  private final Path log;

  /** Where stderr goes when it is kept apart from stdout; else null. */
  private final Path errorLog;

  private ChildProcess(List<String> command, Process process, Path log, Path errorLog) {
    this.command = command;
    this.process = process;
    this.log = log;
    this.errorLog = errorLog;
  }

  /**
   * Starts {@code command} in {@code dir}, with the build's environment less the agent's and
   * OpenTelemetry's settings, plus {@code env}. Export is off unless {@code env} says otherwise,
   * so that no run waits on an absent collector.
   */
  public static ChildProcess start(List<String> command, Map<String, String> env, Path dir, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    return new ChildProcess(command, start(pb, env), log, null);
  }

  /**
   * As {@link #start(List, Map, Path, Path)}, but stdout goes to {@code log} and stderr to {@code
   * errorLog}: for a program whose stdout is its result, which the agent must leave as it is while
   * it writes its own lines to stderr.
   */
  public static ChildProcess start(
      List<String> command, Map<String, String> env, Path dir, Path log, Path errorLog)
      throws IOException {
    Files.createDirectories(log.getParent());
    Files.createDirectories(errorLog.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(log.toFile())
            .redirectError(errorLog.toFile());
    return new ChildProcess(command, start(pb, env), log, errorLog);
  }

  private static Process start(ProcessBuilder pb, Map<String, String> env) throws IOException {
    Map<String, String> environment = pb.environment();
    environment.keySet().removeIf(k -> k.startsWith("POOL_AGENT_") || k.startsWith("OTEL_"));
    environment.put("OTEL_SDK_DISABLED", "true");
    environment.putAll(env);
    return pb.start();
  }

  /** Everything the process printed so far: stdout, and stderr unless kept apart. */
  public String output() {
    return read(log);
  }

  /** What the process printed to stderr so far, when kept apart from stdout; else empty. */
  public String errors() {
    return errorLog == null ? "" : read(errorLog);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the output holds {@code text}; fails if the process exits or time runs out. */
  public void awaitOutput(String text, Duration timeout) throws InterruptedException {
    awaitOutput(Pattern.compile(Pattern.quote(text)), timeout);
  }

  /**
   * Waits until the output matches {@code pattern}, e.g. a server's "started" line and its
   * "started with errors" line alike, so that a failed start fails now rather than at the timeout;
   * returns the first match. Fails if the process exits or time runs out.
   */
  public String awaitOutput(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher match = pattern.matcher(output());
      if (match.find()) {
        return match.group();
      }
      if (!process.isAlive()) {
        throw new AssertionError("exited (" + process.exitValue() + ") before printing '"
            + pattern + "'\n" + describe());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no '" + pattern + "' within " + timeout + "\n" + describe());
      }
      Thread.sleep(200);
    }
  }

  /** Waits until {@code uri} answers 200; fails if the process exits or time runs out. */
  public void awaitHttp(URI uri, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (Http.get(uri).status() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      if (!process.isAlive()) {
        throw new AssertionError("exited (" + process.exitValue() + ") before " + uri
            + " answered\n" + describe());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(uri + " did not answer 200 within " + timeout + "\n" + describe());
      }
      Thread.sleep(250);
    }
  }

  /** Waits for the process to exit by itself; returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not exit within " + timeout + "\n" + describe());
    }
    return process.exitValue();
  }

  /**
   * Stops the process as an operator does: SIGTERM, so that the JVM runs its shutdown hooks (the
   * agent writes its report in one), then waits; returns the exit code.
   */
  public int stop(Duration timeout) throws InterruptedException {
    process.destroy();
    return awaitExit(timeout);
  }

  /** The process's pid, for scripts that stop a server by pid. */
  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /** The command and what it printed, for a failure message. */
  public String describe() {
    String described = String.join(" ", command) + "\n--- output (" + log + ") ---\n" + output();
    return errorLog == null
        ? described
        : described + "\n--- stderr (" + errorLog + ") ---\n" + errors();
  }

  /**
   * Kills what is left, the process's own children first: a start script (WildFly's {@code
   * standalone.sh}, {@code catalina.sh run}) runs the JVM as its child, which outlives a killed
   * script and would keep its ports and memory.
   */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
