package io.poolagent.pool;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Polls for something another thread, the server or the collector does, with a deadline. */
final class Eventually {

  /** Generous: only a broken build ever waits this long. */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private Eventually() {}

  /**
   * Runs {@code eachTry} and reads {@code probe} until {@code done} holds, pausing between tries;
   * returns the last reading, done or not, when the deadline passes: the caller asserts on it.
   */
  static <T> T until(Callable<T> probe, Predicate<T> done, Callable<?> eachTry) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      eachTry.call();
      T value = probe.call();
      if (done.test(value) || System.nanoTime() - deadline > 0) {
        return value;
      }
      Thread.sleep(20);
    }
  }

  static <T> T until(Callable<T> probe, Predicate<T> done) throws Exception {
    return until(probe, done, () -> null);
  }
}
