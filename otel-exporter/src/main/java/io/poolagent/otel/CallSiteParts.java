package io.poolagent.otel;

/**
 * A call site {@code com.acme.Repo.find(Repo.java:42)} split into the {@code code.*} attributes:
 * function {@code com.acme.Repo.find}, file {@code Repo.java}, line 42. Parts it cannot find are
 * null (line: -1), and the span leaves them out rather than inventing them.
 */
record CallSiteParts(String function, String file, long line) {

  static CallSiteParts parse(String callSite) {
    int open = callSite.lastIndexOf('(');
    if (open < 0 || !callSite.endsWith(")")) {
      return new CallSiteParts(null, null, -1);
    }
    String function = callSite.substring(0, open);
    String location = callSite.substring(open + 1, callSite.length() - 1);
    int colon = location.lastIndexOf(':');
    String file = colon < 0 ? location : location.substring(0, colon);
    long line = -1;
    if (colon >= 0) {
      try {
        line = Long.parseLong(location.substring(colon + 1));
      } catch (NumberFormatException e) {
        // no line number: left out
      }
    }
    boolean knownFile = !file.isEmpty() && !file.equals("Unknown Source") && !file.equals("Native Method");
    return new CallSiteParts(function, knownFile ? file : null, line);
  }
}
