package io.poolagent.lease;

/** JDBC URLs as the agent may show them: never with credentials or driver properties. */
public final class JdbcUrls {

  private JdbcUrls() {}

  /**
   * Drops everything that may hold a secret: the query string ({@code ?password=}), H2-style
   * {@code ;KEY=value} settings, and user info before an {@code @} ({@code //user:pw@host},
   * Oracle's {@code user/pw@host}).
   */
  public static String redact(String url) {
    if (url == null) {
      return "unknown";
    }
    String s = url;
    int cut = indexOfAny(s, '?', ';');
    if (cut >= 0) {
      s = s.substring(0, cut);
    }
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      int slashes = s.indexOf("//");
      int from = slashes >= 0 && slashes < at ? slashes + 2 : s.lastIndexOf(':', at) + 1;
      s = s.substring(0, from) + s.substring(at + 1);
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
