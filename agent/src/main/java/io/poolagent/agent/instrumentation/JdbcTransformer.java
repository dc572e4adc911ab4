package io.poolagent.agent.instrumentation;

import io.poolagent.bootstrap.LeaseCarrier;
import io.poolagent.bootstrap.PoolAgentBridge;
import io.poolagent.log.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Hands {@link JdbcWeaver} the classes {@link JdbcTypes} recognises and nothing else. An
 * application loads thousands of classes and a handful implement JDBC; for all the others the
 * cost is a prefix check and a header scan. A class that cannot be woven is logged (at debug) and
 * left exactly as it was: the application runs on without tracking for it.
 */
final class JdbcTransformer implements ClassFileTransformer {

  private static final Module BRIDGE_MODULE = PoolAgentBridge.class.getModule();

  private final Instrumentation inst;
  private final boolean route;

  /** @param route {@code mode=manage}: borrows ask the managed pool first */
  JdbcTransformer(Instrumentation inst, boolean route) {
    this.inst = inst;
    this.route = route;
  }

  /**
   * Weaves a class of the agent's own once, so that the weaver's classes are loaded now rather
   * than from inside the first transformation, while the application holds a class loading lock.
   */
  void warmUp() {
    String resource = WarmUp.class.getName().replace('.', '/') + ".class";
    try (InputStream in = JdbcTransformer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in != null) {
        JdbcWeaver.weave(
            in.readAllBytes(),
            JdbcTypes.DATA_SOURCE | JdbcTypes.CONNECTION | JdbcTypes.BORROW_SITES,
            JdbcTransformer.class.getClassLoader(),
            route,
            true);
      }
    } catch (IOException | RuntimeException e) {
      AgentLog.debug("weaver warm-up: " + e);
    }
  }

  /** The JVM calls only this variant (Java 9+). */
  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (className == null || isExcluded(className)) {
      return null;
    }
    try {
      int kinds =
          classBeingRedefined != null
              ? JdbcTypes.kinds(classBeingRedefined)
              : JdbcTypes.kinds(loader, className, classfileBuffer);
      if (kinds == JdbcTypes.NONE) {
        return null;
      }
      byte[] woven =
          JdbcWeaver.weave(classfileBuffer, kinds, loader, route, mayCarry(classBeingRedefined));
      if (woven != null) {
        readBridge(module);
        AgentLog.debug(
            "instrumented " + className.replace('/', '.') + (classBeingRedefined != null ? " (retransformed)" : ""));
      }
      return woven;
    } catch (Throwable t) {
      AgentLog.debug("could not instrument " + className.replace('/', '.') + ": " + t);
      return null;
    }
  }

  /**
   * A class being loaded may gain the carrier's field; a loaded one cannot gain or lose a member,
   * so it is retransformed with the carrier exactly when its first load gave it one.
   */
  private static boolean mayCarry(Class<?> classBeingRedefined) {
    return classBeingRedefined == null
        || Arrays.asList(classBeingRedefined.getInterfaces()).contains(LeaseCarrier.class);
  }

  /**
   * Never JDBC implementations, or not ours to touch: the agent itself, the OpenTelemetry agent's
   * machinery, and the JDK apart from {@code DriverManager}. Not all of {@code jdk/}: the JDK
   * defines dynamic proxies in {@code jdk/proxyN/}, and the connections Tomcat JDBC and Vibur hand
   * out are such proxies. The agent's test app and benchmarks are application code like any other.
   */
  static boolean isExcluded(String className) {
    return isAgent(className)
        || className.startsWith("io/opentelemetry/javaagent/")
        || className.startsWith("jdk/internal/")
        || className.startsWith("sun/")
        || (className.startsWith("java/") && !className.equals("java/sql/DriverManager"));
  }

  /** The packages of the agent's jar, its bootstrap bridge and what it shades. */
  private static final String[] AGENT_PACKAGES = {
    "io/poolagent/agent/", "io/poolagent/bootstrap/", "io/poolagent/lease/", "io/poolagent/pool/",
    "io/poolagent/config/", "io/poolagent/log/", "io/poolagent/report/", "io/poolagent/otel/",
    "io/poolagent/shaded/"
  };

  private static boolean isAgent(String className) {
    for (String prefix : AGENT_PACKAGES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Woven code calls the bridge: a class in a named module must be able to read it. */
  private void readBridge(Module module) {
    if (module != null && module.isNamed() && !module.canRead(BRIDGE_MODULE)) {
      inst.redefineModule(module, Set.of(BRIDGE_MODULE), Map.of(), Map.of(), Set.of(), Map.of());
    }
  }

  /**
   * Something to weave at start: a DataSource's and a Connection's methods, with a branch, and a
   * call site.
   */
  @SuppressWarnings("unused")
  static final class WarmUp {
    private java.sql.Connection connection;
    private WarmUp delegate;

    public java.sql.Connection getConnection() {
      return connection != null ? connection : delegate.getConnection();
    }

    public void close() {}
  }
}
