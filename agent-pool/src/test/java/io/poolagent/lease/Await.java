package io.poolagent.lease;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls for something that happens on another thread or in the collector, with a deadline. */
final class Await {

  /** Generous: only a broken build ever waits this long. */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private Await() {}

  /**
   * Runs {@code eachTry} and reads {@code probe} until {@code done} holds, pausing a few
   * milliseconds between tries; returns the last reading, done or not, when the deadline passes.
   */
  static <T> T until(Supplier<T> probe, Predicate<T> done, Runnable eachTry)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      eachTry.run();
      T value = probe.get();
      if (done.test(value) || System.nanoTime() - deadline > 0) {
        return value;
      }
      Thread.sleep(5);
    }
  }
}
