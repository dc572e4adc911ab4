package io.poolagent.config;

/** A setting the agent cannot accept; its message is the one line the user sees. */
public final class InvalidSettingException extends Exception {

  private static final long serialVersionUID = 1L;

  public InvalidSettingException(String message) {
    super(message);
  }
}
