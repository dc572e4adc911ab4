package io.poolagent.testapp.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations the way the agent's own settings do, so scripts can use one notation. */
final class Durations {
  static final String ACCEPTED = "a duration such as 500ms, 10s or 2m";

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

  private Durations() {}

  /** The shortest text {@link #parse} reads back as {@code d}, in whole milliseconds. */
  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /** Returns the duration, or null if {@code text} is not one; a bare 0 is accepted as zero. */
  static Duration parse(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long amount = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      default:
        return Duration.ofMinutes(amount);
    }
  }
}
