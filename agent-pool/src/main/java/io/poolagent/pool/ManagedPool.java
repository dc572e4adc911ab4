package io.poolagent.pool;

import io.poolagent.config.ManagedPoolSettings;
import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.LeaseTracker;
import io.poolagent.shaded.com.zaxxer.hikari.HikariConfig;
import io.poolagent.shaded.com.zaxxer.hikari.HikariDataSource;
import io.poolagent.shaded.com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * One managed pool: the connections of one non-pooling DataSource (or one {@code DriverManager}
 * URL) and user, pooled by HikariCP, relocated inside the agent. Its leases are tracked like any
 * pool's, and a lease the application drops without {@code close()} is reclaimed.
 */
public final class ManagedPool {

  private final String name;
  private final ConnectionSource source;
  private final LeaseTracker tracker;
  private final HikariDataSource engine;
  private final ManagedPoolSettings settings;

  private ManagedPool(
      String name,
      ConnectionSource source,
      LeaseTracker tracker,
      HikariDataSource engine,
      ManagedPoolSettings settings) {
    this.name = name;
    this.source = source;
    this.tracker = tracker;
    this.engine = engine;
    this.settings = settings;
  }

  /**
   * Starts a pool over {@code connects}. Runs on a {@link PoolThread}, like every physical connect
   * of the pool, so that the agent's woven {@code getConnection} lets them through unrouted.
   *
   * <p>The first physical connection is made here, once, before the engine starts: it fails the
   * way the application's own connect would (a wrong password is the driver's exception, at once,
   * not a pool timeout 30 s later), and it tells the session defaults the engine must restore on
   * every return. HikariCP resets catalog and schema only to configured values; unconfigured, a
   * borrower's {@code setSchema} would reach the next borrower. That connection then becomes
   * the engine's first, so the database never sees one more session than {@code pool.maxSize}.
   *
   * @param register makes the pool's source (and its unique name), called once that first
   *     connection was made: a pool that never started is not in the report
   */
  static ManagedPool start(
      Supplier<ConnectionSource> register,
      LeaseTracker tracker,
      PhysicalDataSource connects,
      ManagedPoolSettings settings)
      throws SQLException {
    HikariConfig config = new HikariConfig();
    Connection first = connects.getConnection();
    try {
      config.setCatalog(first.getCatalog());
      config.setSchema(schemaOf(first));
      config.setTransactionIsolation(isolationName(first.getTransactionIsolation()));
    } catch (SQLException | RuntimeException e) {
      first.close();
      throw e;
    }
    connects.keep(first);
    ConnectionSource source = register.get();
    String name = source.name();
    config.setPoolName(name);
    config.setDataSource(connects);
    config.setThreadFactory(PoolThread.factory(name));
    config.setMaximumPoolSize(settings.maxSize());
    config.setMinimumIdle(settings.minIdle());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setIdleTimeout(settings.idleTimeout().toMillis());
    config.setMaxLifetime(settings.maxLifetime().toMillis());
    config.setValidationTimeout(settings.validationTimeout().toMillis());
    // The pool's own connections are made by the application's code: its driver's defaults
    // (auto-commit on, read-write) are what every borrower expects to find.
    config.setAutoCommit(true);
    config.setReadOnly(false);
    HikariDataSource engine;
    try {
      engine = new HikariDataSource(config);
    } finally {
      // Normally the engine took it; if its start failed, it must not stay open.
      connects.closeKept();
    }
    ManagedPool pool = new ManagedPool(name, source, tracker, engine, settings);
    source.reclaimWith(pool::reclaim);
    return pool;
  }

  /** Drivers that do not implement schemas throw or return null; either way nothing to restore. */
  private static String schemaOf(Connection connection) {
    try {
      return connection.getSchema();
    } catch (SQLException | AbstractMethodError | UnsupportedOperationException e) {
      return null;
    }
  }

  private static String isolationName(int level) {
    switch (level) {
      case Connection.TRANSACTION_READ_UNCOMMITTED:
        return "TRANSACTION_READ_UNCOMMITTED";
      case Connection.TRANSACTION_READ_COMMITTED:
        return "TRANSACTION_READ_COMMITTED";
      case Connection.TRANSACTION_REPEATABLE_READ:
        return "TRANSACTION_REPEATABLE_READ";
      case Connection.TRANSACTION_SERIALIZABLE:
        return "TRANSACTION_SERIALIZABLE";
      default:
        return null;
    }
  }

  /**
   * A borrow: a connection of the pool, its lease started; waits up to the connection timeout.
   *
   * @param site the call site the weaver marked, or 0
   */
  ManagedConnection borrow(long startNanos, int site) throws SQLException {
    Connection pooled;
    try {
      pooled = engine.getConnection();
    } catch (SQLException e) {
      tracker.borrowFailed(source, e, startNanos);
      throw e;
    }
    ManagedConnection handed = new ManagedConnection(this, pooled);
    handed.lease =
        tracker.borrowed(source, handed, startNanos, System.nanoTime(), pooled, site, true);
    return handed;
  }

  void returned(ManagedConnection connection) {
    tracker.returned(connection.lease, System.nanoTime());
  }

  /**
   * The application dropped a connection without closing it. Its state is unknown (an open
   * transaction, a half-read result), so it is not reused: the engine closes the physical
   * connection and refills. Returns false when it had already gone back to the pool, closed
   * through one of the engine's own objects (a result set's {@code getStatement().getConnection()}):
   * that was no leak.
   */
  boolean reclaim(Object pooled) {
    Connection connection = (Connection) pooled;
    try {
      if (connection.isClosed()) {
        return false;
      }
    } catch (SQLException e) {
      // Unknown: evicting is the safe side.
    }
    engine.evictConnection(connection);
    return true;
  }

  /**
   * A connection in use that must not be reused (its transaction could not be rolled back): the
   * engine closes it and refills, as for a reclaimed one.
   */
  void discard(Connection pooled) {
    engine.evictConnection(pooled);
  }

  public String name() {
    return name;
  }

  public ConnectionSource source() {
    return source;
  }

  public int maxSize() {
    return settings.maxSize();
  }

  public int minIdle() {
    return settings.minIdle();
  }

  /** Connections lent out now. */
  public int active() {
    HikariPoolMXBean state = engine.getHikariPoolMXBean();
    return state == null ? 0 : state.getActiveConnections();
  }

  public int idle() {
    HikariPoolMXBean state = engine.getHikariPoolMXBean();
    return state == null ? 0 : state.getIdleConnections();
  }

  /**
   * Physical connections the pool holds now, in use and idle: one reading, where {@link #active()}
   * plus {@link #idle()} can count a connection twice that moved between the two reads.
   */
  public int total() {
    HikariPoolMXBean state = engine.getHikariPoolMXBean();
    return state == null ? 0 : state.getTotalConnections();
  }

  /** Borrows waiting for a connection now. */
  public int pending() {
    HikariPoolMXBean state = engine.getHikariPoolMXBean();
    return state == null ? 0 : state.getThreadsAwaitingConnection();
  }

  void close() {
    engine.close();
  }
}
