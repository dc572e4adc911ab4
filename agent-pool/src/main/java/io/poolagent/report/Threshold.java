package io.poolagent.report;

import io.poolagent.config.Durations;
import java.time.Duration;

/**
 * A limit {@code check} holds the run to, besides leaks: {@code --max-wait-p95 200ms}, {@code
 * --max-timeouts HikariPool-1=0}. A limit naming a pool holds for every pool of that name (one per
 * JVM); a limit without one holds for every pool that has no limit of its own.
 *
 * @param pool the pool's name, or null for all pools ({@link Kind#LATE_RETURNS} takes none)
 * @param limit the largest value that passes: milliseconds for {@link Kind#WAIT_P95}, a count for
 *     the others
 */
public record Threshold(Kind kind, String pool, long limit) {

  /** What is limited, by its option. */
  public enum Kind {
    WAIT_P95("--max-wait-p95", "wait p95", true),
    TIMEOUTS("--max-timeouts", "timeouts", true),
    OPEN("--max-open", "open leases", true),
    LATE_RETURNS("--max-late-returns", "late returns", false);

    public final String option;
    final String measure;
    final boolean perPool;

    Kind(String option, String measure, boolean perPool) {
      this.option = option;
      this.measure = measure;
      this.perPool = perPool;
    }

    /** The accepted values, as the one-line error for a bad one says them. */
    public String accepted() {
      String value =
          this == WAIT_P95 ? "DURATION, " + Durations.ACCEPTED : "N, a whole number >= 0";
      return perPool ? "[POOL=]" + value : value;
    }

    /** The kind whose option is {@code option}, or null. */
    public static Kind ofOption(String option) {
      for (Kind kind : values()) {
        if (kind.option.equals(option)) {
          return kind;
        }
      }
      return null;
    }
  }

  /**
   * Parses an option's value, {@code 200ms} or {@code HikariPool-1=200ms}.
   *
   * @throws IllegalArgumentException with the one line to print: the option, the value and what it
   *     accepts
   */
  public static Threshold parse(Kind kind, String value) {
    String pool = null;
    String amount = value;
    int eq = value.lastIndexOf('=');
    if (eq >= 0 && kind.perPool) {
      // The last '=': a pool's name may hold one (a JDBC URL does), a limit never does.
      pool = value.substring(0, eq).trim();
      amount = value.substring(eq + 1);
      if (pool.isEmpty()) {
        throw bad(kind, value);
      }
    }
    if (kind == Kind.WAIT_P95) {
      Duration d = Durations.parse(amount);
      if (d == null) {
        throw bad(kind, value);
      }
      return new Threshold(kind, pool, d.toMillis());
    }
    if (!amount.matches("[0-9]{1,18}")) {
      throw bad(kind, value);
    }
    return new Threshold(kind, pool, Long.parseLong(amount));
  }

  private static IllegalArgumentException bad(Kind kind, String value) {
    return new IllegalArgumentException(
        kind.option + ": '" + value + "' is not valid; accepted: " + kind.accepted());
  }

  /** The limit as the user wrote it: {@code 200ms}, {@code 0}. */
  String limitText() {
    return kind == Kind.WAIT_P95
        ? Durations.format(Duration.ofMillis(limit))
        : Long.toString(limit);
  }
}
