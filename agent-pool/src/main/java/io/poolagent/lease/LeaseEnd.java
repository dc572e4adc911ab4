package io.poolagent.lease;

/**
 * A lease ended by {@code close()}, for listeners that want every lease ({@link
 * LeaseListener#wantsEveryLease()}). Carries the raw captured stack: turning it into text costs,
 * so only a listener that needs it pays.
 */
public record LeaseEnd(
    String pool,
    String thread,
    long borrowEpochNanos,
    long returnEpochNanos,
    long heldNanos,
    Object capturedStack,
    Object borrowContext) {

  /** The borrow stack as text, innermost first; empty when not sampled. */
  public StackTraceElement[] stack() {
    return StackCapture.materialize(capturedStack);
  }
}
