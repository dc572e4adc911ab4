package io.poolagent.runtimes.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * A run with the agent held against the same run without it, as a user compares them: the same
 * exit code and the same console output, the agent's own lines aside.
 */
public final class SameAsWithoutAgent {

  /**
   * The one line the JVM itself adds on Java 17 when an agent appends to the bootstrap class path
   * (docs/how-it-works.md lists it among the known costs).
   */
  private static final String CDS_NOTICE =
      "Sharing is only supported for boot loader classes because bootstrap classpath has been"
          + " appended";

  private SameAsWithoutAgent() {}

  /** Same exit code and, line for line, the same output but the agent's own lines. */
  public static void assertSame(
      int plainExit, String plainOutput, int agentExit, String agentOutput, String context) {
    assertThat(agentExit).as("exit code; " + context).isEqualTo(plainExit);
    assertThat(applicationLines(agentOutput))
        .as("output, the agent's lines aside; " + context)
        .isEqualTo(applicationLines(plainOutput));
  }

  /** A console's lines less those the agent (and the JVM, for the agent) printed. */
  public static List<String> applicationLines(String output) {
    return output.lines()
        .filter(l -> !l.startsWith("[pool-agent]") && !l.endsWith(CDS_NOTICE))
        .toList();
  }
}
