package io.poolagent.report;

/**
 * A report file that cannot be used: not JSON, a required field missing or of the wrong type, or
 * written by a newer pool-agent with an incompatible layout. The message starts with the file (or
 * other source) and names the field, e.g. {@code build/pool-agent-report.json: field
 * "pools[0].borrows" must be an integer, found a string}.
 *
 * <p>Checked on purpose: a bad file is an everyday input error that every reader must turn into a
 * clear message, not a crash.
 */
public final class ReportFormatException extends Exception {

  private static final long serialVersionUID = 1L;

  ReportFormatException(String source, String problem) {
    super(source + ": " + problem);
  }

  ReportFormatException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
  }
}
