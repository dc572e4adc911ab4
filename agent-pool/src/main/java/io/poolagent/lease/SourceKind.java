package io.poolagent.lease;

/** What kind of connection source a DataSource class is, decided once per class. */
public enum SourceKind {
  /** A known connection pool (DESIGN.md §4): its leases are observed, never re-pooled. */
  POOL,
  /** A DataSource known to open a physical connection on every borrow (a driver's own, Spring's). */
  NON_POOLING,
  /** {@code DriverManager.getConnection}: a physical connection every time. */
  DRIVER_MANAGER,
  /** Anything else: an application's wrapper, a pool we do not know. */
  UNKNOWN
}
