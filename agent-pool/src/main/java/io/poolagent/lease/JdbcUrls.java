package io.poolagent.lease;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JDBC URLs as the agent may show them: never with credentials or driver properties. */
public final class JdbcUrls {

  /** DB2-style properties after the database name: {@code /SHOP:password=...;}. */
  private static final Pattern COLON_PROPERTY = Pattern.compile(":[A-Za-z_][A-Za-z0-9_.-]*=");

  private JdbcUrls() {}

  /**
   * Drops everything that may hold a secret: user info ({@code //user:pw@host}, Oracle's {@code
   * user/pw@host}), the query string ({@code ?password=}), {@code ;KEY=value} settings (H2, SQL
   * Server) and {@code :key=value} properties (DB2). User info goes first, so that a {@code ;} or
   * {@code ?} inside a password cannot leave part of it behind. When in doubt it drops more: a
   * shorter URL in a report costs nothing, a password in one is a breach.
   */
  public static String redact(String url) {
    if (url == null) {
      return "unknown";
    }
    String s = url;
    int query = s.indexOf('?');
    int at = s.lastIndexOf('@', (query >= 0 ? query : s.length()) - 1);
    if (at >= 0) {
      int slashes = s.indexOf("//");
      if (s.startsWith("jdbc:oracle:") && (slashes < 0 || slashes > at)) {
        // jdbc:oracle:thin:user/pw@host -> jdbc:oracle:thin:@host
        s = s.substring(0, s.lastIndexOf(':', at) + 1) + s.substring(at);
      } else if (slashes >= 0 && slashes < at) {
        s = s.substring(0, slashes + 2) + s.substring(at + 1);
      }
    }
    int cut = indexOfAny(s, '?', ';');
    if (cut >= 0) {
      s = s.substring(0, cut);
    }
    Matcher property = COLON_PROPERTY.matcher(s);
    if (property.find()) {
      s = s.substring(0, property.start());
    }
    return s;
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return -1;
  }
}
