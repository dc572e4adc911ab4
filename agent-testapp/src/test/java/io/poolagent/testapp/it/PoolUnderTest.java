package io.poolagent.testapp.it;

import java.util.Arrays;
import java.util.Optional;

/**
 * Each pool the test app runs ({@code --via}), with what the agent's report must call it and how
 * the pool changes the way a scenario's leaks end.
 */
enum PoolUnderTest {
  HIKARI("hikari", "testapp-hikari", "hikari"),
  /** No name in DBCP2's API: the agent generates one. */
  DBCP2("dbcp2", "dbcp2-1", "dbcp2"),
  TOMCAT("tomcat", "testapp-tomcat", "tomcat-jdbc"),
  C3P0("c3p0", "testapp-c3p0", "c3p0"),
  /** No name in Agroal's API: the agent generates one. */
  AGROAL("agroal", "agroal-1", "agroal"),
  VIBUR("vibur", "testapp-vibur", "vibur"),
  UCP("ucp", "testapp-ucp", "ucp"),
  DRUID("druid", "testapp-druid", "druid");

  final String via;
  /** The pool's name in the report and in the metrics. */
  final String reportName;
  /** The report's {@code kind}. */
  final String kind;

  PoolUnderTest(String via, String reportName, String kind) {
    this.via = via;
    this.reportName = reportName;
    this.kind = kind;
  }

  static Optional<PoolUnderTest> byVia(String via) {
    return Arrays.stream(values()).filter(p -> p.via.equals(via)).findFirst();
  }

  /**
   * The leaks {@code scenario} ends with on this pool. A dropped connection is collected only if
   * nothing else refers to the object the pool handed out; a kept cursor keeps its connection open
   * only if the cursor refers to that object.
   */
  Outcome outcome(Scenario scenario) {
    switch (this) {
      case C3P0:
        // c3p0 keeps each checked-out proxy in its pooled connection (NewPooledConnection's
        // exposedProxy) until it is closed: a dropped connection is never garbage, so the agent
        // can only report it open at exit. It is a leak either way, and fails `check` either way.
        return scenario.outcome().collectedStayOpen();
      case TOMCAT:
        // Tomcat JDBC hands out a JDK proxy, and the statements and result sets the app gets from
        // it do not refer back to that proxy: a connection reachable only through a kept cursor is
        // garbage, and the agent reports it collected, not open (the pool still counts it busy).
        return scenario == Scenario.METHOD_LEAK
            ? scenario.outcome().openAreCollected()
            : scenario.outcome();
      default:
        return scenario.outcome();
    }
  }

  /**
   * Whether the pool tells how many of its connections are idle. Agroal counts them only when
   * configured with {@code metricsEnabled} (off by default, and off here as in most services);
   * otherwise its metrics answer 0 for everything, which the agent must not pass off as a count.
   */
  boolean exposesIdleCount() {
    return this != AGROAL;
  }

  @Override
  public String toString() {
    return via;
  }
}
