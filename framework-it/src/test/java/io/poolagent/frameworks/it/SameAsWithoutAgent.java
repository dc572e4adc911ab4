package io.poolagent.frameworks.it;

import static io.poolagent.runtimes.harness.SameAsWithoutAgent.applicationLines;
import static org.assertj.core.api.Assertions.assertThat;

/** A run with the agent held against the same run without it, as a user would compare them. */
final class SameAsWithoutAgent {

  private SameAsWithoutAgent() {}

  /** Same exit code (zero), same stdout, and no stderr line but the agent's own. */
  static void assertSame(Program.Result plain, Program.Result withAgent, String context) {
    assertThat(withAgent.exitCode())
        .as("exit code; " + context)
        .isEqualTo(plain.exitCode())
        .isZero();
    assertThat(withAgent.stdout()).as("stdout; " + context).isEqualTo(plain.stdout());
    assertThat(applicationLines(withAgent.stderr()))
        .as("stderr, the agent's lines aside; " + context)
        .isEqualTo(applicationLines(plain.stderr()));
  }
}
