package io.poolagent.lease;

/**
 * Captures something of the borrowing thread's context with each lease, e.g. the trace the
 * borrow ran in. Installed by an exporter only when there is something to capture (the official
 * OpenTelemetry agent is present), so the default borrow path pays nothing for it.
 */
@FunctionalInterface
public interface BorrowContext {

  /** What to keep with the lease, or null. Runs on the borrow path: cheap, never throws. */
  Object capture();
}
