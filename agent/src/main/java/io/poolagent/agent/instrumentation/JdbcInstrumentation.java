package io.poolagent.agent.instrumentation;

import io.poolagent.coverage.WeaveCoverage;
import io.poolagent.log.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instrumentations: {@code DataSource.getConnection}, {@code DriverManager.getConnection} and
 * {@code Connection.close}, in any class loader, including classes loaded before the agent
 * (retransformed), and in the pool classes those methods are inherited from; plus HikariCP's
 * physical connect, timed for its create-time metric; and every class loader's {@code
 * loadClass}, so that the classes it defines can link against the woven code.
 *
 * <p>Two phases, because the agent's own classes may be loaded by a loader that does not
 * delegate to the bootstrap loader (JBoss Modules, when the agent is given in {@code
 * MODULE_OPTS}): {@link #delegateBridge} first makes every loader delegate the bridge's package,
 * its own included; only then may the agent refer to the bridge, and {@link #weaveJdbc} weaves
 * the JDBC classes.
 *
 * <p>Plain ASM rather than an advice framework: the agent weaves a few small method shapes, and
 * Byte Buddy's agent builder cost more than a thousand classes loaded at start, most of the
 * agent's start-up time (docs/benchmarks.md).
 */
public final class JdbcInstrumentation {

  private final Instrumentation inst;
  private final JdbcTransformer transformer;

  private JdbcInstrumentation(Instrumentation inst, JdbcTransformer transformer) {
    this.inst = inst;
    this.transformer = transformer;
  }

  /**
   * Phase one: registers the weaver, which from now on makes each class loader defined delegate
   * the bridge's package, and retransforms the loaders defined already. Refers to nothing of the
   * bridge.
   *
   * @param route {@code mode=manage}: borrows ask the managed pool first
   */
  public static JdbcInstrumentation delegateBridge(Instrumentation inst, boolean route) {
    JdbcTransformer transformer = new JdbcTransformer(inst, route);
    // Registered before the loaded classes are listed: a loader defined in between is woven as
    // it loads rather than missed by both.
    inst.addTransformer(transformer, true);
    List<Class<?>> loaders = new ArrayList<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      if (ClassLoader.class.isAssignableFrom(type) && isRetransformable(inst, type)) {
        loaders.add(type);
      }
    }
    if (loaders.isEmpty()) {
      // The usual premain: only the JDK's own loaders exist, and they delegate to the bootstrap
      // loader already. Nothing needs the weaver before the application loads a class, so its
      // classes load on a core the application's start is not using, rather than before main.
      WarmUp.inBackground(transformer);
    } else {
      transformer.warmUp();
    }
    retransform(inst, loaders, null);
    return new JdbcInstrumentation(inst, transformer);
  }

  /**
   * Phase two: JDBC classes are woven from now on, those loaded already are retransformed, and
   * what is woven or left alone is counted in {@code coverage}.
   */
  public void weaveJdbc(WeaveCoverage coverage) throws ClassNotFoundException {
    // DriverManager's module (java.sql) must read the bridge's before DriverManager is woven.
    // Found by name, not as DriverManager.class.getModule(): that would load DriverManager here,
    // and it would then have to be retransformed (a VM operation, 5 ms at start) rather than
    // woven as it loads.
    Module bridge = Class.forName(JdbcWeaver.BRIDGE_PACKAGE + "PoolAgentBridge", false, null)
        .getModule();
    Module javaSql = ModuleLayer.boot().findModule("java.sql").orElse(null);
    if (javaSql != null && !javaSql.canRead(bridge)) {
      inst.redefineModule(javaSql, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
    }
    transformer.weaveJdbc(coverage);
    List<Class<?>> jdbc = new ArrayList<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      if ((JdbcTypes.kinds(type) & ~JdbcTypes.CLASS_LOADER) != JdbcTypes.NONE
          && isRetransformable(inst, type)) {
        jdbc.add(type);
      }
    }
    retransform(inst, jdbc, transformer);
  }

  private static boolean isRetransformable(Instrumentation inst, Class<?> type) {
    return inst.isModifiableClass(type)
        && !JdbcTransformer.isExcluded(type.getName().replace('.', '/'));
  }

  /**
   * Classes loaded before the agent (a pool started by an earlier agent, {@code DriverManager},
   * anything loaded before {@code attach}, the loaders that loaded them) are retransformed. Asking
   * the JVM which loaded classes are JDBC types is exact and cheap; each is retransformed on its
   * own so one class that cannot be changed does not stop the others.
   *
   * @param counted where a class that cannot be retransformed is counted, or null
   */
  private static void retransform(
      Instrumentation inst, List<Class<?>> types, JdbcTransformer counted) {
    for (Class<?> type : types) {
      try {
        inst.retransformClasses(type);
      } catch (Throwable t) {
        AgentLog.debug("could not retransform " + type.getName() + ": " + t);
        if (counted != null) {
          counted.notRetransformed(type, t);
        }
      }
    }
  }

  /**
   * Loads the weaver's classes on a thread of its own. A class the application loads meanwhile is
   * woven as it would be without a warm-up: its thread loads whatever weaver class it needs first,
   * and class loading is safe to share (the agent's loader locks per class name, and the warm-up
   * holds no lock the application's thread could be holding).
   */
  private static final class WarmUp implements Runnable {
    private final JdbcTransformer transformer;

    private WarmUp(JdbcTransformer transformer) {
      this.transformer = transformer;
    }

    static void inBackground(JdbcTransformer transformer) {
      Thread thread = new Thread(new WarmUp(transformer), "pool-agent-warm-up");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void run() {
      transformer.warmUp();
    }
  }
}
