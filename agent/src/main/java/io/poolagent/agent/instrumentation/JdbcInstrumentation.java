package io.poolagent.agent.instrumentation;

import io.poolagent.bootstrap.PoolAgentBridge;
import io.poolagent.log.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * The instrumentations: {@code DataSource.getConnection}, {@code DriverManager.getConnection} and
 * {@code Connection.close}, in any class loader, including classes loaded before the agent
 * (retransformed), and in the pool classes those methods are inherited from; plus
 * HikariCP's physical connect, timed for its create-time metric.
 *
 * <p>Plain ASM rather than an advice framework: the agent weaves four small method shapes, and
 * Byte Buddy's agent builder cost more than a thousand classes loaded at start, most of the
 * agent's start-up time (docs/benchmarks.md).
 */
public final class JdbcInstrumentation {

  private JdbcInstrumentation() {}

  /** @param route {@code mode=manage}: borrows ask the managed pool first */
  public static void install(Instrumentation inst, boolean route) {
    // DriverManager's module (java.sql) must read the bridge's before DriverManager is woven. Found
    // by name, not as DriverManager.class.getModule(): that would load DriverManager here, and it
    // would then have to be retransformed (a VM operation, 5 ms at start) rather than woven as it
    // loads.
    Module bridge = PoolAgentBridge.class.getModule();
    Module javaSql = ModuleLayer.boot().findModule("java.sql").orElse(null);
    if (javaSql != null && !javaSql.canRead(bridge)) {
      inst.redefineModule(javaSql, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
    }
    JdbcTransformer transformer = new JdbcTransformer(inst, route);
    transformer.warmUp();
    inst.addTransformer(transformer, true);
    retransformLoaded(inst);
  }

  /**
   * Classes loaded before the agent (a pool started by an earlier agent, {@code DriverManager},
   * anything loaded before {@code attach}) are retransformed. Asking the JVM which loaded classes
   * are JDBC types is exact and cheap; each is retransformed on its own so one class that cannot
   * be changed does not stop the others.
   */
  private static void retransformLoaded(Instrumentation inst) {
    for (Class<?> type : inst.getAllLoadedClasses()) {
      if (JdbcTypes.kinds(type) != JdbcTypes.NONE
          && inst.isModifiableClass(type)
          && !JdbcTransformer.isExcluded(type.getName().replace('.', '/'))) {
        try {
          inst.retransformClasses(type);
        } catch (Throwable t) {
          AgentLog.debug("could not retransform " + type.getName() + ": " + t);
        }
      }
    }
  }
}
