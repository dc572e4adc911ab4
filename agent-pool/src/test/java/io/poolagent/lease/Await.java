package io.poolagent.lease;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Polls for something that happens on another thread, in the collector or on a database server,
 * with a deadline. Shared by the tracker's tests and the managed pool's.
 */
public final class Await {

  /** Generous: only a broken build ever waits this long. */
  public static final Duration DEADLINE = Duration.ofSeconds(30);

  /** A reading; may throw (a query to the server). */
  @FunctionalInterface
  public interface Probe<T> {
    T read() throws Exception;
  }

  /** What to do before each reading (a collection, a drain); may throw. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  private Await() {}

  /**
   * Runs {@code eachTry} and reads {@code probe} until {@code done} holds, pausing a few
   * milliseconds between tries; returns the last reading, done or not, when the deadline passes:
   * the caller asserts on it.
   */
  public static <T> T until(Probe<T> probe, Predicate<T> done, Step eachTry) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      eachTry.run();
      T value = probe.read();
      if (done.test(value) || System.nanoTime() - deadline > 0) {
        return value;
      }
      Thread.sleep(5);
    }
  }

  public static <T> T until(Probe<T> probe, Predicate<T> done) throws Exception {
    return until(probe, done, () -> {});
  }
}
