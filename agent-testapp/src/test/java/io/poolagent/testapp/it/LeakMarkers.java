package io.poolagent.testapp.it;

import java.nio.file.Path;

/**
 * The call site each leaking scenario must be reported at, read from the test app's sources: the
 * line that ends with {@code // LEAK: <scenario>}, in the method that contains it. Reading it here,
 * not hard-coding it, keeps the tests true when the test app's code moves.
 */
final class LeakMarkers {

  private static final io.poolagent.runtimes.harness.LeakMarkers SOURCES =
      new io.poolagent.runtimes.harness.LeakMarkers(
          Path.of(System.getProperty("poolagent.testappSources")));

  private LeakMarkers() {}

  /** {@code io.poolagent.testapp.orders.OrderRepository.openOrderCursor(OrderRepository.java:26)}. */
  static String callSite(String scenario) {
    return SOURCES.callSite(scenario);
  }

  /** Where {@code scenario} borrows connections it holds on purpose: {@code // HOLDS: scenario}. */
  static String holderCallSite(String scenario) {
    return SOURCES.marked("// HOLDS: " + scenario);
  }
}
