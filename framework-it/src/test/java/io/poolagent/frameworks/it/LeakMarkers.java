package io.poolagent.frameworks.it;

import java.nio.file.Path;

/**
 * The call site a planted leak must be reported at, read from the programs' sources: the line that
 * ends with {@code // LEAK: <name>}, in the method that contains it. Reading it, not hard-coding
 * it, keeps the tests true when the programs' code moves.
 */
final class LeakMarkers {

  private static final io.poolagent.runtimes.harness.LeakMarkers SOURCES =
      new io.poolagent.runtimes.harness.LeakMarkers(
          Path.of(System.getProperty("poolagent.programSources")));

  private LeakMarkers() {}

  static String callSite(String name) {
    return SOURCES.callSite(name);
  }
}
