package io.poolagent.bootstrap;

/**
 * What the agent's machinery does with the events the bridge collects. Implemented once, by the
 * agent, behind an isolated (relocated) class; signatures use plain JDK types only because this
 * interface lives on the bootstrap class path.
 *
 * <p>Every method runs on the application's thread, inside {@code getConnection} or {@code close},
 * so implementations must be cheap and must never throw (the bridge swallows throwables, but a
 * throw would still lose the event).
 */
public interface BorrowHooks {

  /**
   * A {@code getConnection} returned inside an outer one (a DataSource wrapping another).
   *
   * @param source the inner DataSource, or the JDBC URL for {@code DriverManager}
   * @param remembered what this method returned for a deeper call of the same borrow, or null
   * @return what to remember for the outer calls; handed to {@link #borrowed} in the end
   */
  Object nestedBorrow(Object source, Object remembered);

  /**
   * The outermost {@code getConnection} of a borrow returned a connection: a lease may start.
   *
   * @param source the DataSource, or the JDBC URL (a {@code String}) for {@code DriverManager}
   * @param connection the object handed to the application
   * @param startNanos {@link System#nanoTime()} when the outermost call began
   * @param nested what {@link #nestedBorrow} remembered, or null when nothing was nested
   * @param site the call site the weaver marked ({@link PoolAgentBridge#borrowSite}), or 0
   */
  void borrowed(Object source, Object connection, long startNanos, Object nested, int site);

  /**
   * {@code mode=manage}: a borrow the agent's managed pool may serve, asked before the {@code
   * getConnection} runs. Implementations start the lease themselves.
   *
   * @param source the DataSource, or the JDBC URL (a {@code String}) for {@code DriverManager}
   * @param info {@code DriverManager}'s properties, or null
   * @param user the user passed to {@code getConnection}, or null
   * @param password the password passed to {@code getConnection}, or null
   * @param site the call site the weaver marked, or 0
   * @return the connection to hand to the application instead, or null: run {@code getConnection}
   * @throws Exception a checked exception (an {@code SQLException}) is the pool's answer to the
   *     borrow and reaches the application; an unchecked one is the agent's failure and is not
   */
  Object route(Object source, java.util.Properties info, String user, String password, int site)
      throws Exception;

  /** The outermost {@code getConnection} threw. */
  void borrowFailed(Object source, Throwable thrown, long startNanos);

  /** {@code close()} was called on a connection; it may or may not be a tracked lease. */
  void closing(Object connection);

  /**
   * A pool was asked to end the borrow of {@code connection} by its own documented way, without
   * {@code close()}: HikariCP's {@code evictConnection}, DBCP2's {@code invalidateConnection},
   * Vibur's {@code severConnection}. It may or may not be a tracked lease; it may be null.
   */
  void evicting(Object connection);

  /**
   * A pool made a physical connection, as the pool itself measures it (HikariCP's {@code
   * newConnection}); runs on the pool's thread, off the borrow path.
   *
   * @param vendor the pool implementation, as {@code SourceClassifier} names it
   * @param poolName the pool's own name
   */
  void connectionCreated(String vendor, String poolName, long nanos);
}
