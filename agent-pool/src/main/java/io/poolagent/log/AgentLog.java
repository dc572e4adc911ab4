package io.poolagent.log;

import io.poolagent.config.LogLevel;
import java.io.PrintStream;

/**
 * The agent's own lines on stderr, each prefixed {@code [pool-agent]} so they are easy to grep out
 * of a service's log. No logging framework: the agent must not touch the app's logging setup.
 */
public final class AgentLog {

  public static final String PREFIX = "[pool-agent] ";

  private static volatile LogLevel level = LogLevel.INFO;
  private static volatile PrintStream out = System.err;

  private AgentLog() {}

  public static void setLevel(LogLevel newLevel) {
    level = newLevel;
  }

  /** Tests capture the agent's lines; production keeps stderr. */
  public static void setOutput(PrintStream stream) {
    out = stream;
  }

  public static void error(String message) {
    log(LogLevel.ERROR, message);
  }

  public static void warn(String message) {
    log(LogLevel.WARN, message);
  }

  public static void info(String message) {
    log(LogLevel.INFO, message);
  }

  public static void debug(String message) {
    log(LogLevel.DEBUG, message);
  }

  private static void log(LogLevel at, String message) {
    if (level.includes(at)) {
      out.println(PREFIX + message);
    }
  }
}
