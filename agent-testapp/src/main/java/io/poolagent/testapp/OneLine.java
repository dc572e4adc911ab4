package io.poolagent.testapp;

/** Error text fit for a single stderr line: tests and scripts read exactly one line. */
public final class OneLine {
  private OneLine() {}

  public static String of(Throwable error) {
    String message = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
