package io.poolagent.otel;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls for something that happens on another thread, with a deadline. */
final class Await {

  /** Generous: only a broken build ever waits this long. */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private Await() {}

  /** Returns true as soon as {@code done} holds, false when the deadline passes first. */
  static boolean until(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }
}
