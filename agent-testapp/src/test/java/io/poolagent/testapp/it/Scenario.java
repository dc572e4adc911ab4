package io.poolagent.testapp.it;

import java.util.List;
import java.util.OptionalLong;

/**
 * Each test-app scenario and the leaks the agent must report for it, by final state. The counts
 * are exact: the scenario makes that many leaks and the agent must find every one, no more.
 */
enum Scenario {
  NO_LEAK("no-leak", 0, 0, 0, 0),
  METHOD_LEAK("method-leak", 0, 0, 0, 3),
  EXCEPTION_LEAK("exception-leak", 0, 0, 2, 0),
  EXECUTOR_LEAK("executor-leak", 0, 0, 0, 4),
  ASYNC_LEAK("async-leak", 0, 0, 0, 2),
  LONG_HOLD("long-hold", 0, 1, 0, 0),
  DROPPED("dropped", 0, 0, 2, 0),
  LOAD("load", 0, 0, 0, 0);

  /**
   * The leak threshold of every scenario run: short, so the tests stay short, yet well above the
   * longest legitimate hold (the app's set-up, slow on a loaded two-core machine), or that hold
   * would be one more late return than the scenario makes.
   */
  static final String THRESHOLD = "1500ms";

  final String cliName;
  final long suspected;
  final long lateReturns;
  final long collected;
  final long openAtExit;

  Scenario(String cliName, long suspected, long lateReturns, long collected, long openAtExit) {
    this.cliName = cliName;
    this.suspected = suspected;
    this.lateReturns = lateReturns;
    this.collected = collected;
    this.openAtExit = openAtExit;
  }

  long leaks() {
    return suspected + lateReturns + collected + openAtExit;
  }

  long failingLeaks() {
    return suspected + collected + openAtExit;
  }

  /** What the agent must report for this scenario where nothing changes how its leaks end. */
  Outcome outcome() {
    return new Outcome(suspected, lateReturns, collected, openAtExit);
  }

  /**
   * The connections the run borrows: the app's one for setting up the schema, then the
   * scenario's own (empty for {@code load}, whose count depends on the machine). A pool's
   * physical connects must not add to it.
   */
  OptionalLong borrows() {
    switch (this) {
      case NO_LEAK:
        return OptionalLong.of(1 + 20);
      case METHOD_LEAK:
        return OptionalLong.of(1 + 3);
      case EXCEPTION_LEAK:
        return OptionalLong.of(1 + 2);
      case EXECUTOR_LEAK:
        return OptionalLong.of(1 + 4);
      case ASYNC_LEAK:
        return OptionalLong.of(1 + 2);
      case LONG_HOLD:
        return OptionalLong.of(1 + 1);
      case DROPPED:
        return OptionalLong.of(1 + 2);
      default:
        return OptionalLong.empty();
    }
  }

  /**
   * Test-app arguments beyond scenario, database and path. Every run lingers past the threshold,
   * so open leaks are suspected while the app runs, as in a soak test. {@code dropped} lingers
   * longest: the test checks its leaks were found while the app ran, not only at exit.
   */
  List<String> extraArgs() {
    switch (this) {
      case LONG_HOLD:
        return List.of("--hold", "3s", "--linger", "200ms");
      case LOAD:
        return List.of("--threads", "4", "--duration", "1s");
      case DROPPED:
        return List.of("--linger", "3s");
      default:
        return List.of("--linger", "1s");
    }
  }
}
