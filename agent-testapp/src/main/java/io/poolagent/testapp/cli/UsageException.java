package io.poolagent.testapp.cli;

/** A bad command line; its message is the one line shown to the user before exit code 2. */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
