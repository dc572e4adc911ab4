package io.poolagent.lease;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * What the agent's woven code does around {@code getConnection} and {@code close()}, for the tests that
 * drive a {@link LeaseTracker} with real H2 connections.
 */
final class Advice {

  /** A connection handed to the application, and when {@code getConnection} returned it. */
  record Borrow(Connection connection, long atNanos) {}

  private Advice() {}

  /** Borrows from application code, so that the lease's call site is {@link AppCode#CALL_SITE}. */
  static Borrow borrowFromApp(LeaseTracker tracker, DataSource dataSource) {
    AtomicReference<Borrow> borrow = new AtomicReference<>();
    AppCode.run(() -> borrow.set(borrow(tracker, dataSource)));
    return borrow.get();
  }

  /**
   * Borrows from application code and drops the connection without closing it: once this returns,
   * nothing refers to the connection any more.
   */
  static void leakFromApp(LeaseTracker tracker, DataSource dataSource) {
    AppCode.run(() -> borrow(tracker, dataSource));
  }

  /** {@code dataSource.getConnection()}, reported to the tracker as the woven code does. */
  static Borrow borrow(LeaseTracker tracker, DataSource dataSource) {
    long start = System.nanoTime();
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    long now = System.nanoTime();
    tracker.borrowed(tracker.sources().of(dataSource), connection, start, now);
    return new Borrow(connection, now);
  }

  /** {@code connection.close()}, reported to the tracker as returned at {@code nowNanos}. */
  static void close(LeaseTracker tracker, Connection connection, long nowNanos)
      throws SQLException {
    connection.close();
    tracker.returned(connection, nowNanos);
  }
}
