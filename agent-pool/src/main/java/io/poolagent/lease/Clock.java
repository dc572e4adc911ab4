package io.poolagent.lease;

import java.time.Instant;

/**
 * Turns {@link System#nanoTime()} readings into wall-clock instants. The borrow path reads only
 * {@code nanoTime}; wall time is derived when a report is written.
 */
final class Clock {

  private final long originNanos = System.nanoTime();
  private final long originEpochMillis = System.currentTimeMillis();

  Instant instantOf(long nanoTime) {
    return Instant.ofEpochMilli(originEpochMillis + (nanoTime - originNanos) / 1_000_000);
  }
}
