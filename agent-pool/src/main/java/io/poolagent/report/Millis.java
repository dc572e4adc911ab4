package io.poolagent.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Millisecond values for people: {@code 0.4 ms}, {@code 12 ms}, {@code 1.52 s}, {@code 4 min 5 s},
 * {@code 3 h 12 min}. Two or three significant digits are what a reader compares; the JSON has the
 * rest.
 */
public final class Millis {

  private Millis() {}

  public static String format(double millis) {
    if (!Double.isFinite(millis)) {
      return millis + " ms";
    }
    if (millis < 0) {
      return "-" + format(-millis);
    }
    if (millis < 10) {
      String text = significant(millis, 2);
      if (!text.equals("10")) {
        return text + " ms";
      }
    }
    if (millis < 999.5) {
      return Math.round(millis) + " ms";
    }
    double seconds = millis / 1000;
    if (seconds < 59.95) {
      return significant(seconds, 3) + " s";
    }
    long totalSeconds = Math.round(seconds);
    if (totalSeconds < 3600) {
      return compound(totalSeconds / 60, "min", totalSeconds % 60, "s");
    }
    long totalMinutes = Math.round(seconds / 60);
    return compound(totalMinutes / 60, "h", totalMinutes % 60, "min");
  }

  private static String compound(long major, String majorUnit, long minor, String minorUnit) {
    String text = major + " " + majorUnit;
    return minor == 0 ? text : text + " " + minor + " " + minorUnit;
  }

  private static String significant(double value, int digits) {
    return plain(BigDecimal.valueOf(value).round(new MathContext(digits, RoundingMode.HALF_UP)));
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }
}
