package io.poolagent.runtimes.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** The agent jar the agent module built, as a runtime's users put it on the command line. */
public final class AgentJar {

  private AgentJar() {}

  public static Path path() {
    Path jar = Path.of(System.getProperty("poolagent.agentJar", "../../agent/target/pool-agent.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("no agent jar at " + jar + ": build the agent module first");
    }
    return jar.toAbsolutePath();
  }

  /** {@code -javaagent:pool-agent.jar=SETTINGS,report=REPORT}. */
  public static String option(String settings, Path report) {
    String all = (settings == null || settings.isEmpty() ? "" : settings + ",") + "report=" + report;
    return "-javaagent:" + path() + "=" + all;
  }
}
