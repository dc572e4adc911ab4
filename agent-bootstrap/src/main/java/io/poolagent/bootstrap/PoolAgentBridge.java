package io.poolagent.bootstrap;

/**
 * The single entry point of woven code. Lives on the bootstrap class path so that a
 * {@code getConnection} or {@code close} in any class loader can call it.
 *
 * <p>Every method here swallows its own failures: woven code calls it inside the application's
 * {@code getConnection} and {@code close}, and the agent must never change what those return or
 * throw.
 *
 * <p>It owns the one piece of per-thread state the agent needs: the depth of nested {@code
 * getConnection} calls, so that a DataSource wrapping another (Spring proxies over HikariCP, a pool
 * calling its driver) yields one lease, the outermost. Everything else is the hooks' business.
 */
public final class PoolAgentBridge {

  /**
   * Returned by {@link #enterBorrow()} when the agent is not active, or when it failed: the exit
   * then does nothing.
   */
  public static final long UNTRACKED = 0;

  /** Returned by {@link #enterBorrow()} for a call nested in another {@code getConnection}. */
  public static final long NESTED = Long.MIN_VALUE;

  private static volatile BorrowHooks hooks;

  private static final ThreadLocal<BorrowDepth> DEPTH = ThreadLocal.withInitial(BorrowDepth::new);

  private PoolAgentBridge() {}

  /** Called once by the agent when it is ready; until then every call here is a no-op. */
  public static void install(BorrowHooks borrowHooks) {
    hooks = borrowHooks;
  }

  /** Called when the agent stands aside (e.g. at shutdown after the final report). */
  public static void uninstall() {
    hooks = null;
  }

  /**
   * Woven into the start of {@code getConnection}. Returns the start time of an outermost call, or
   * {@link #NESTED} / {@link #UNTRACKED}; the value must be passed back to {@link #exitBorrow}.
   */
  public static long enterBorrow() {
    try {
      if (hooks == null) {
        return UNTRACKED;
      }
      BorrowDepth depth = DEPTH.get();
      if (depth.depth++ > 0) {
        return NESTED;
      }
      long start = System.nanoTime();
      // nanoTime may in theory hit a sentinel value; nudging it by a nanosecond is harmless.
      return start != UNTRACKED && start != NESTED ? start : start + 1;
    } catch (Throwable t) {
      // Only DEPTH.get() can fail (out of memory), before the depth moved: nothing to undo.
      return UNTRACKED;
    }
  }

  /** Woven into each exit of {@code getConnection}, normal or by a throwable. */
  public static void exitBorrow(Object source, Object connection, Throwable thrown, long enter) {
    if (enter == UNTRACKED) {
      return;
    }
    try {
      BorrowDepth depth = DEPTH.get();
      depth.depth--;
      BorrowHooks current = hooks;
      if (enter == NESTED) {
        if (current != null && thrown == null && connection != null) {
          depth.nested = current.nestedBorrow(source, depth.nested);
        }
        return;
      }
      Object nested = depth.nested;
      depth.nested = null;
      if (current == null) {
        return;
      }
      if (thrown != null || connection == null) {
        current.borrowFailed(source, thrown, enter);
      } else {
        current.borrowed(source, connection, enter, nested);
      }
    } catch (Throwable t) {
      // Never into the application: see the class comment.
    }
  }

  /** Woven into the start of {@code Connection.close()}. */
  public static void closing(Object connection) {
    try {
      BorrowHooks current = hooks;
      if (current != null) {
        current.closing(connection);
      }
    } catch (Throwable t) {
      // Never into the application: see the class comment.
    }
  }

  /**
   * Woven into a pool's own physical connect (HikariCP's {@code newConnection}), at each return.
   *
   * @param connection what the connect returned; null is no connection made
   * @param startNanos {@link System#nanoTime()} when the connect began
   */
  public static void connectionCreated(
      String vendor, String poolName, Object connection, long startNanos) {
    try {
      BorrowHooks current = hooks;
      if (current != null && connection != null) {
        current.connectionCreated(vendor, poolName, System.nanoTime() - startNanos);
      }
    } catch (Throwable t) {
      // Never into the pool's code: see the class comment.
    }
  }

  /** Per-thread nesting state; mutable and never shared, so plain fields suffice. */
  private static final class BorrowDepth {
    int depth;
    Object nested;
  }
}
