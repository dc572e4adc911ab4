package io.poolagent.testapp.load;

import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Failed requests by SQLState, so that a benchmark can tell the database refusing connections
 * (53300, {@code too many connections}) from every other failure. Not thread-safe: one per worker,
 * merged at the end.
 */
public final class SqlStateCounts {
  /** For a failure that carries no SQLState anywhere in its causes. */
  static final String UNKNOWN = "unknown";

  // Sorted, so that the printed line is the same from run to run.
  private final Map<String, Long> counts = new TreeMap<>();

  public void record(SQLException error) {
    counts.merge(stateOf(error), 1L, Long::sum);
  }

  public void add(SqlStateCounts other) {
    other.counts.forEach((state, count) -> counts.merge(state, count, Long::sum));
  }

  /** {@code 53300=120 08006=2}, or {@code none} when nothing failed. */
  @Override
  public String toString() {
    if (counts.isEmpty()) {
      return "none";
    }
    StringBuilder line = new StringBuilder();
    counts.forEach(
        (state, count) -> {
          if (line.length() > 0) {
            line.append(' ');
          }
          line.append(state).append('=').append(count);
        });
    return line.toString();
  }

  /**
   * The failure's own SQLState, else the first one among its causes: some pools wrap the driver's
   * refusal in an exception of their own that carries none.
   */
  static String stateOf(SQLException error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException && ((SQLException) t).getSQLState() != null) {
        return ((SQLException) t).getSQLState();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return UNKNOWN;
  }
}
