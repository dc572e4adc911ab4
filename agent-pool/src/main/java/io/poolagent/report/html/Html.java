package io.poolagent.report.html;

/**
 * Text into HTML. Every string that comes from a report goes through {@link #text}: thread names,
 * call sites, pool names and loader descriptions are the application's and may hold anything,
 * markup and line breaks included, and the page must show them, never run them.
 */
final class Html {

  private Html() {}

  /** {@code value} escaped for element content and quoted attribute values; null as {@code —}. */
  static String text(String value) {
    if (value == null) {
      return "—";
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        case '\n', '\t' -> out.append(c);
        default -> {
          // Control characters are not allowed in HTML text; shown the way the JSON writes them.
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** A count on an axis or in a tooltip: a whole number where it is one. */
  static String count(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  static String plural(long count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }
}
