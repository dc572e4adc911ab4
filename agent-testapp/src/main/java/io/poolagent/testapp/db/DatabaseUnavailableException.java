package io.poolagent.testapp.db;

/**
 * The database could not be reached at start. Kept apart from other SQL failures because it is
 * an environment problem (exit code 3), not a bug in a scenario.
 */
public final class DatabaseUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String url;

  public DatabaseUnavailableException(String url, Throwable cause) {
    super(cause.getMessage(), cause);
    this.url = url;
  }

  public String url() {
    return url;
  }
}
