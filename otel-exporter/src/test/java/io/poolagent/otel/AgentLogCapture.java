package io.poolagent.otel;

import io.poolagent.log.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The agent's own log lines, captured for a test; {@link #close} gives stderr back. */
final class AgentLogCapture implements AutoCloseable {

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  AgentLogCapture() {
    AgentLog.setOutput(new PrintStream(buffer, true, StandardCharsets.UTF_8));
  }

  /** Every line printed so far. */
  synchronized List<String> lines() {
    String text = buffer.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
  }

  /** The lines printed so far that contain {@code text}. */
  List<String> linesWith(String text) {
    return lines().stream().filter(line -> line.contains(text)).toList();
  }

  @Override
  public void close() {
    AgentLog.setOutput(System.err);
  }
}
