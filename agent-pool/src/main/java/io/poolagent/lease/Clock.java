package io.poolagent.lease;

import java.time.Instant;

/**
 * Turns {@link System#nanoTime()} readings into wall-clock instants. The borrow path reads only
 * {@code nanoTime}; wall time is derived when a report is written.
 */
public final class Clock {

  private final long originNanos = System.nanoTime();
  private final long originEpochMillis = System.currentTimeMillis();

  /** The {@code nanoTime} this clock started at: where the report's timelines begin. */
  long originNanos() {
    return originNanos;
  }

  Instant instantOf(long nanoTime) {
    return Instant.ofEpochMilli(originEpochMillis + (nanoTime - originNanos) / 1_000_000);
  }

  /** Nanoseconds since the epoch, at millisecond accuracy: what telemetry timestamps take. */
  public long epochNanosOf(long nanoTime) {
    return originEpochMillis * 1_000_000 + (nanoTime - originNanos);
  }
}
