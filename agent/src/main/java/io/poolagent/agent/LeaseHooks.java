package io.poolagent.agent;

import io.poolagent.bootstrap.BorrowHooks;
import io.poolagent.bootstrap.LeaseCarrier;
import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.Frames;
import io.poolagent.lease.Lease;
import io.poolagent.lease.LeaseTracker;
import io.poolagent.lease.SourceClassifier;
import io.poolagent.lease.SourceKind;
import io.poolagent.pool.ManagedPools;
import io.poolagent.pool.PoolThread;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Decides what a borrow is, then hands it to the tracker. Runs inside the application's {@code
 * getConnection} and {@code close}, and a pool's own way of ending a borrow ({@link #evicting}).
 *
 * <ul>
 *   <li>A DataSource wrapping a known pool (a Spring proxy over HikariCP): one lease, keyed by the
 *       object the application got, counted for the outermost pool.
 *   <li>A physical connect made by a pool filling itself (HikariCP's creator thread calling the
 *       driver's DataSource, DBCP calling {@code DriverManager}): not a lease. Only borrows from
 *       sources that do not pool get this check, a stack walk that costs little next to the
 *       physical connect it accompanies.
 * </ul>
 */
final class LeaseHooks implements BorrowHooks {

  private final LeaseTracker tracker;
  /** {@code mode=manage} only; null in {@code observe}. */
  private final ManagedPools managed;

  LeaseHooks(LeaseTracker tracker, ManagedPools managed) {
    this.tracker = tracker;
    this.managed = managed;
  }

  @Override
  public Object route(Object source, Properties info, String user, String password, int site)
      throws SQLException {
    return managed == null ? null : managed.route(source, info, user, password, site);
  }

  /**
   * Nested calls return innermost first, so keeping the last pool seen keeps the outermost one:
   * the pool the application configured, e.g. DBCP2's {@code BasicDataSource} rather than the
   * {@code PoolingDataSource} it borrows through, which has neither its name nor its state.
   */
  @Override
  public Object nestedBorrow(Object source, Object remembered) {
    return isPool(source) ? source : remembered;
  }

  @Override
  public void borrowed(
      Object source, Object connection, long startNanos, Object nested, int site) {
    long now = System.nanoTime();
    // The outermost known pool; a wrapper that is no pool (a Spring proxy) defers to the pool
    // it wraps.
    Object owner = nested == null || isPool(source) ? source : nested;
    // A source seen before, the source of nearly every borrow, needs no classifying.
    ConnectionSource known = tracker.sources().cached(owner);
    boolean pool = known != null ? known.kind() == SourceKind.POOL : isPool(owner);
    // Decided before the source is registered: a pool's physical connects must leave no trace.
    if (!pool && (PoolThread.isCurrent() || Frames.poolOnStack())) {
      return;
    }
    if (known == null) {
      known = tracker.sources().of(owner);
    }
    boolean carried = connection instanceof LeaseCarrier;
    Lease lease = tracker.borrowed(known, connection, startNanos, now, null, site, carried);
    if (carried) {
      ((LeaseCarrier) connection).poolAgent$lease(lease);
    }
  }

  @Override
  public void borrowFailed(Object source, Throwable thrown, long startNanos) {
    // A failed borrow starts no lease; from a pool it may be a timeout, which is counted.
    if (isPool(source)) {
      tracker.borrowFailed(tracker.sources().of(source), thrown, startNanos);
    }
  }

  @Override
  public void closing(Object connection) {
    if (connection instanceof LeaseCarrier) {
      // Not cleared: a second close finds the lease ended, and a borrow of the same object sets
      // its own (the pool gets the object back only after this close). Null for a connection
      // closed before any borrow (a pool's physical one): the tracker ignores it.
      Lease lease = (Lease) ((LeaseCarrier) connection).poolAgent$lease();
      tracker.returned(lease, System.nanoTime());
    } else {
      tracker.returned(connection, System.nanoTime());
    }
  }

  /**
   * The lease is found as {@link #closing} finds it: by the object the application got, which it
   * hands back to its pool. Passed an object inside that one (the pool's proxy under a wrapper the
   * application got), nothing is found and nothing ends.
   */
  @Override
  public void evicting(Object connection) {
    if (connection instanceof LeaseCarrier) {
      Lease lease = (Lease) ((LeaseCarrier) connection).poolAgent$lease();
      tracker.evicted(lease, System.nanoTime());
    } else {
      tracker.evicted(connection, System.nanoTime());
    }
  }

  @Override
  public void connectionCreated(String vendor, String poolName, long nanos) {
    tracker.connectionCreated(vendor, poolName, nanos);
  }

  /** A known pool; {@code DriverManager} borrows arrive as their URL, a String. */
  private static boolean isPool(Object source) {
    return !(source instanceof String) && SourceClassifier.kind(source.getClass()) == SourceKind.POOL;
  }
}
