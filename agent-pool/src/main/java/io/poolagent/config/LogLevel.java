package io.poolagent.config;

/** How much the agent says on stderr; each level includes the ones above it. */
public enum LogLevel {
  OFF,
  ERROR,
  WARN,
  INFO,
  DEBUG;

  public boolean includes(LogLevel other) {
    return other.ordinal() <= ordinal() && other != OFF;
  }
}
