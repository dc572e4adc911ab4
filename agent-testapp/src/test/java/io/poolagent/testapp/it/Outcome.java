package io.poolagent.testapp.it;

/**
 * The leaks a run must report, by final state. Usually the scenario's own ({@link
 * Scenario#outcome()}); a pool that keeps what it handed out reachable, or does not, changes how
 * the same leaks end (see {@link PoolUnderTest}).
 */
record Outcome(long suspected, long lateReturns, long collected, long openAtExit) {

  long leaks() {
    return suspected + lateReturns + collected + openAtExit;
  }

  long failingLeaks() {
    return suspected + collected + openAtExit;
  }

  /** The same leaks, none of them collected: the pool keeps every handed-out connection. */
  Outcome collectedStayOpen() {
    return new Outcome(suspected, lateReturns, 0, openAtExit + collected);
  }

  /** The same leaks, those open at exit collected: nothing but the pool's state refers to them. */
  Outcome openAreCollected() {
    return new Outcome(suspected, lateReturns, collected + openAtExit, 0);
  }
}
