package io.poolagent.frameworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** A run with the agent held against the same run without it, as a user would compare them. */
final class SameAsWithoutAgent {

  /**
   * The one line the JVM itself adds on Java 17 when an agent appends to the bootstrap class path
   * (the README lists it among the known costs).
   */
  private static final String CDS_NOTICE =
      "warning: Sharing is only supported for boot loader classes because bootstrap classpath has"
          + " been appended";

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

  private static List<String> applicationLines(String stderr) {
    return stderr.lines()
        .filter(l -> !l.startsWith("[pool-agent]") && !l.endsWith(CDS_NOTICE))
        .toList();
  }
}
