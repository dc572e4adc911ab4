package io.poolagent.lease;

/**
 * Where a lease is in its life. A lease starts {@link #OPEN}; the normal end is {@link #RETURNED}.
 * The other states are leaks, named as the report and the telemetry name them.
 *
 * <pre>
 * OPEN ──close──────────────▶ RETURNED
 *  │ held past leakThreshold
 *  ▼
 * SUSPECTED ──close─────────▶ LATE_RETURN
 *  │ (OPEN too) connection garbage-collected without close ──▶ COLLECTED
 *  │ (OPEN too) JVM exit ────────────────────────────────────▶ OPEN_AT_EXIT
 * </pre>
 */
public enum LeakState {
  OPEN(null),
  RETURNED(null),
  SUSPECTED("suspected"),
  LATE_RETURN("late_return"),
  COLLECTED("collected"),
  OPEN_AT_EXIT("open_at_exit");

  /** The name in the JSON report and the {@code poolagent.leak.state} attribute. */
  public final String reportName;

  LeakState(String reportName) {
    this.reportName = reportName;
  }

  /** Whether a report holding a leak in this state fails {@code check}. */
  public boolean failsCheck() {
    return this == SUSPECTED || this == COLLECTED || this == OPEN_AT_EXIT;
  }
}
