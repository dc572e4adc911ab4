package io.poolagent.agent;

import io.poolagent.agent.instrumentation.JdbcInstrumentation;
import io.poolagent.agent.live.LiveCommand;
import io.poolagent.config.AgentSettings;
import io.poolagent.config.InvalidSettingException;
import io.poolagent.config.SettingsParser;
import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point ({@code premain}) and the attach entry point ({@code
 * agentmain}).
 *
 * <p>Whatever happens here, the application must start as it would without the agent: a bad
 * setting prints one line and the agent stands aside; any other failure likewise. This class must
 * not refer to the bootstrap bridge: the bridge is only on the bootstrap class path once {@link
 * BootstrapBridge#install} has run, and the agent's own class loader may resolve it only once
 * {@link JdbcInstrumentation#delegateBridge} has run; a reference resolved before would load a
 * second copy, or fail for good.
 */
public final class PoolAgent {

  /** Set once the agent is active in this JVM, so a second attach does not instrument twice. */
  public static final String ACTIVE_PROPERTY = "io.poolagent.active";

  private PoolAgent() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst, false);
  }

  public static void agentmain(String args, Instrumentation inst) {
    // leases PID, report PID: a question for the agent running here, never a start.
    if (args != null && args.startsWith(LiveCommand.PREFIX)) {
      LiveCommand.run(args);
      return;
    }
    start(args, inst, true);
  }

  private static void start(String args, Instrumentation inst, boolean attached) {
    try {
      AgentSettings settings;
      try {
        settings = SettingsParser.fromEnvironment(args);
      } catch (InvalidSettingException e) {
        System.err.println(
            "[pool-agent] "
                + e.getMessage()
                + ". pool-agent is disabled; the application runs without it.");
        return;
      }
      if (System.getProperty(ACTIVE_PROPERTY) != null) {
        System.err.println("[pool-agent] already active in this JVM; ignoring the second start.");
        return;
      }
      System.setProperty(ACTIVE_PROPERTY, attached ? "attached" : "premain");
      BootstrapBridge.install(inst);
      // Before anything refers to the bridge: this class's own loader may be one that must first
      // be made to delegate the bridge's package (JBoss Modules, for an agent in MODULE_OPTS).
      JdbcInstrumentation weaving = JdbcInstrumentation.delegateBridge(inst, settings.manage());
      AgentInstaller.install(settings, inst, attached, weaving);
    } catch (Throwable t) {
      System.err.println(
          "[pool-agent] failed to start (" + t + "); the application runs without it.");
    }
  }
}
