package io.poolagent.bootstrap;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicLong;

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
 * calling its driver) yields one lease, the outermost; and the call site the weaver marked for the
 * borrow under way. Everything else is the hooks' business.
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

  /**
   * Remembered for the outer calls of a borrow that a managed pool served: its lease is started,
   * and the outermost exit must not start another.
   */
  private static final Object ROUTED = new Object();

  private static volatile Method driverManagerConnect;

  /** A subclass, not {@code withInitial}: a lambda costs each JVM's start a class spun then. */
  private static final ThreadLocal<BorrowDepth> DEPTH =
      new ThreadLocal<>() {
        @Override
        protected BorrowDepth initialValue() {
          return new BorrowDepth();
        }
      };

  /**
   * Woven calls that failed inside the agent and were swallowed: the application went on, but the
   * event may be lost, so the report must not call the run clean. Touched only on a failure.
   */
  private static final AtomicLong FAILED_CALLS = new AtomicLong();

  private PoolAgentBridge() {}

  /** Called once by the agent when it is ready; until then every call here is a no-op. */
  public static void install(BorrowHooks borrowHooks) {
    hooks = borrowHooks;
  }

  /** How many woven calls failed inside the agent so far. */
  public static long failedCalls() {
    return FAILED_CALLS.get();
  }

  private static void failed() {
    FAILED_CALLS.incrementAndGet();
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
      // The innermost marked call of a borrow names its site: the one a stack's first frame of
      // application code would name. A call that nothing marked keeps the outer call's site.
      if (depth.pendingSite != 0) {
        depth.site = depth.pendingSite;
        depth.pendingSite = 0;
      } else if (depth.depth == 0) {
        depth.site = 0;
      }
      if (depth.depth++ > 0) {
        return NESTED;
      }
      long start = System.nanoTime();
      // nanoTime may in theory hit a sentinel value; nudging it by a nanosecond is harmless.
      return start != UNTRACKED && start != NESTED ? start : start + 1;
    } catch (Throwable t) {
      // Only DEPTH.get() can fail (out of memory), before the depth moved: nothing to undo.
      failed();
      return UNTRACKED;
    }
  }

  /**
   * Woven before each call of a {@code getConnection} in the application's code (not in a pool's
   * or a framework's): {@code site} is the id the weaver gave that call instruction. A borrow the
   * call starts takes the id ({@link #enterBorrow}), and with it the site's shared stack, so that
   * the borrow need not capture its own. The id is an int constant in the woven code: marking a
   * call costs a thread-local write.
   */
  public static void borrowSite(int site) {
    try {
      if (hooks != null) {
        DEPTH.get().pendingSite = site;
      }
    } catch (Throwable t) {
      // Out of memory: the borrow captures its own stack.
      failed();
    }
  }

  /**
   * Woven after each marked call returns. A {@code getConnection} that is no borrow (a helper
   * returning a connection it already holds) leaves its mark unused; it must not name the site of
   * the thread's next, unmarked, borrow. A call that throws keeps its mark until the next mark or
   * borrow: a borrow from an unmarked call on that thread in between takes the stale site, and
   * with it, if the site shares one, a stack that is not its own. That needs a failed call that
   * borrowed nothing, then a borrow from code the weaver never saw (a method reference, reflection).
   */
  public static void borrowSiteEnd() {
    try {
      if (hooks != null) {
        DEPTH.get().pendingSite = 0;
      }
    } catch (Throwable t) {
      // Out of memory: see borrowSite.
      failed();
    }
  }

  /**
   * {@code mode=manage}: woven first into {@code getConnection} of DataSources and {@code
   * DriverManager}. Returns the managed pool's connection, which the woven method then returns
   * without running its body, or null to run it as written.
   *
   * <p>The pool's own failure (an {@code SQLException}: no connection in time, the database
   * refused) is the application's to handle, so it is thrown on; the agent's own failure is
   * swallowed and the borrow goes ahead unrouted.
   */
  public static Object route(
      Object source, java.util.Properties info, String user, String password) {
    BorrowHooks current = hooks;
    if (current == null) {
      return null;
    }
    BorrowDepth depth;
    try {
      depth = DEPTH.get();
    } catch (Throwable t) {
      failed();
      return null;
    }
    // Routing runs before enterBorrow: this call's mark is still pending, an outer call's taken.
    int site = depth.pendingSite != 0 ? depth.pendingSite : depth.depth > 0 ? depth.site : 0;
    Object routed;
    try {
      routed = current.route(source, info, user, password, site);
    } catch (RuntimeException | Error e) {
      failed();
      return null;
    } catch (Throwable t) {
      throw PoolAgentBridge.<RuntimeException>sneaky(t);
    }
    if (routed != null) {
      depth.pendingSite = 0;
      if (depth.depth > 0) {
        depth.nested = ROUTED;
      }
    }
    return routed;
  }

  /**
   * A managed pool's physical connect through {@code DriverManager.getConnection(url, info)},
   * called from here, a class of the bootstrap loader: {@code DriverManager} then looks for the
   * driver with the thread's context class loader, set to the application's for the call. The
   * agent's own classes would show {@code DriverManager} the agent's loader, which may not see the
   * application's driver.
   */
  public static Object connectThroughDriverManager(
      String url, java.util.Properties info, ClassLoader appLoader) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(appLoader);
    try {
      Method connect = driverManagerConnect;
      if (connect == null) {
        connect =
            Class.forName("java.sql.DriverManager", true, ClassLoader.getPlatformClassLoader())
                .getMethod("getConnection", String.class, java.util.Properties.class);
        driverManagerConnect = connect;
      }
      return connect.invoke(null, url, info);
    } catch (InvocationTargetException e) {
      throw PoolAgentBridge.<RuntimeException>sneaky(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("DriverManager.getConnection is not reachable", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
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
        if (current != null && thrown == null && connection != null && depth.nested != ROUTED) {
          depth.nested = current.nestedBorrow(source, depth.nested);
        }
        return;
      }
      Object nested = depth.nested;
      depth.nested = null;
      int site = depth.site;
      depth.site = 0;
      if (current == null || (nested == ROUTED && thrown == null)) {
        return;
      }
      if (thrown != null || connection == null) {
        current.borrowFailed(source, thrown, enter);
      } else {
        current.borrowed(source, connection, enter, nested, site);
      }
    } catch (Throwable t) {
      // Never into the application: see the class comment.
      failed();
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
      failed();
    }
  }

  /**
   * Woven into the start of a pool's own method for ending a borrow without {@code close()}
   * (HikariCP's {@code evictConnection(Connection)}...): {@code connection} is its argument, what
   * the application passed.
   */
  public static void evicting(Object connection) {
    try {
      BorrowHooks current = hooks;
      if (current != null) {
        current.evicting(connection);
      }
    } catch (Throwable t) {
      // Never into the application: see the class comment.
      failed();
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
      failed();
    }
  }

  /** Per-thread nesting state; mutable and never shared, so plain fields suffice. */
  private static final class BorrowDepth {
    int depth;
    Object nested;
    /** Set by a marked call, taken by the borrow it starts. */
    int pendingSite;
    /** The site of the borrow under way, handed over at its outermost exit. */
    int site;
  }
}
