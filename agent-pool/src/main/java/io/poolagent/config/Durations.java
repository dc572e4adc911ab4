package io.poolagent.config;

import java.time.Duration;
import java.util.Locale;

/** The duration format of every setting: a whole number with a unit, {@code 500ms}, {@code 10s}. */
public final class Durations {

  public static final String ACCEPTED = "a whole number with a unit: ms, s, m or h (e.g. 500ms, 10s, 2m)";

  private Durations() {}

  /** Parses {@code text}; returns null when it is not a duration in the accepted format. */
  public static Duration parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    int unitStart = 0;
    while (unitStart < s.length() && Character.isDigit(s.charAt(unitStart))) {
      unitStart++;
    }
    if (unitStart == 0 || unitStart > 12) {
      return null;
    }
    long amount = Long.parseLong(s.substring(0, unitStart));
    switch (s.substring(unitStart)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        return null;
    }
  }

  /** The shortest exact text for {@code d} in the accepted format. */
  public static String format(Duration d) {
    long millis = d.toMillis();
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0 && millis > 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
