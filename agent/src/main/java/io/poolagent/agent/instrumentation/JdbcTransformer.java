package io.poolagent.agent.instrumentation;

import io.poolagent.coverage.WeaveCoverage;
import io.poolagent.log.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

/**
 * Hands {@link JdbcWeaver} the classes {@link JdbcTypes} recognises and nothing else. An
 * application loads thousands of classes and a handful implement JDBC; for all the others the
 * cost is a prefix check and a header scan. A class that cannot be woven is left exactly as it
 * was and counted in the report's coverage: the application runs on without tracking for it, and
 * the run does not pass as clean.
 *
 * <p>It works in two phases. Registered, it first weaves only class loaders, so that every loader
 * delegates the bridge's package; only once the loaders already defined have been retransformed
 * so ({@link #weaveJdbc}) does it weave JDBC classes, each only if its loader sees the bridge.
 * This class refers to the bridge by name only: when the agent itself is loaded by a loader that
 * does not delegate to the bootstrap loader (JBoss Modules running it from {@code MODULE_OPTS}),
 * a reference resolved before that loader was woven would fail, and the failure would stick.
 */
final class JdbcTransformer implements ClassFileTransformer {

  private static final String CARRIER = JdbcWeaver.BRIDGE_PACKAGE + "LeaseCarrier";
  private static final String UNSEEN =
      "its class loader cannot see the agent's bridge (" + JdbcWeaver.BRIDGE_PACKAGE + "*)";
  private static final int JDBC =
      JdbcTypes.DATA_SOURCE
          | JdbcTypes.CONNECTION
          | JdbcTypes.DRIVER_MANAGER
          | JdbcTypes.HIKARI_POOL_BASE
          | JdbcTypes.EVICTOR;

  private final Instrumentation inst;
  private final boolean route;
  private final BridgeVisibility visibility;
  /** Set once, by {@link #weaveJdbc}; null until then: loaders only. */
  private volatile WeaveCoverage coverage;

  /** @param route {@code mode=manage}: borrows ask the managed pool first */
  JdbcTransformer(Instrumentation inst, boolean route) {
    this(inst, route, null);
  }

  /** @param bridgeHome the loader of the bridge: the bootstrap loader (null) but in tests */
  JdbcTransformer(Instrumentation inst, boolean route, ClassLoader bridgeHome) {
    this.inst = inst;
    this.route = route;
    this.visibility = new BridgeVisibility(bridgeHome);
  }

  /** From now on JDBC classes are woven too, and what is woven or left alone is counted. */
  void weaveJdbc(WeaveCoverage coverage) {
    this.coverage = coverage;
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
            JdbcTypes.DATA_SOURCE
                | JdbcTypes.CONNECTION
                | JdbcTypes.BORROW_SITES
                | JdbcTypes.CLASS_LOADER,
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
    if (className == null || isExcluded(className) || isJdkModuleClass(module, loader, className)) {
      return null;
    }
    WeaveCoverage counted = coverage;
    int kinds = JdbcTypes.NONE;
    try {
      kinds =
          classBeingRedefined != null
              ? JdbcTypes.kinds(classBeingRedefined)
              : JdbcTypes.kinds(loader, className, classfileBuffer);
      if (counted == null) {
        kinds &= JdbcTypes.CLASS_LOADER;
      }
      if ((kinds & JdbcTypes.CALLS_BRIDGE) != 0 && !visibility.visibleFrom(loader)) {
        if ((kinds & JDBC) != 0) {
          leftAlone(counted, loader, className, UNSEEN);
        }
        kinds &= ~JdbcTypes.CALLS_BRIDGE;
      }
      if (kinds == JdbcTypes.NONE) {
        return null;
      }
      JdbcWeaver.Result woven =
          JdbcWeaver.weave(classfileBuffer, kinds, loader, route, mayCarry(classBeingRedefined));
      for (String method : woven.unwoven()) {
        leftAlone(counted, loader, className, method);
      }
      if (woven.callsBridge()) {
        readBridge(module);
        if ((kinds & JDBC) != 0) {
          counted.woven(loader, className.replace('/', '.'));
        }
      }
      if (woven.bytes() != null) {
        AgentLog.debug(
            "instrumented "
                + className.replace('/', '.')
                + (classBeingRedefined != null ? " (retransformed)" : ""));
      }
      return woven.bytes();
    } catch (Throwable t) {
      if ((kinds & JDBC) != 0) {
        leftAlone(counted, loader, className, "could not be woven: " + t);
      } else {
        AgentLog.debug("could not instrument " + className.replace('/', '.') + ": " + t);
      }
      return null;
    }
  }

  /**
   * Counts a JDBC class left as it was, and says so on stderr once per loader: the connections it
   * hands out go untracked, which a user must hear of rather than read a clean report.
   */
  private static void leftAlone(
      WeaveCoverage counted, ClassLoader loader, String className, String reason) {
    String name = className.replace('/', '.');
    if (counted != null && counted.leftAlone(loader, name, reason)) {
      AgentLog.warn(
          "left "
              + name
              + " unwoven in class loader "
              + WeaveCoverage.describe(loader)
              + ": "
              + reason
              + ". Connections through it are not tracked; this loader's other classes left"
              + " unwoven are not printed, the report's coverage section lists them all.");
    } else {
      AgentLog.debug("left " + name + " unwoven: " + reason);
    }
  }

  /** Counts a loaded class that could not be retransformed (once the JDBC phase has begun). */
  void notRetransformed(Class<?> type, Throwable t) {
    WeaveCoverage counted = coverage;
    if (counted != null) {
      leftAlone(counted, type.getClassLoader(), type.getName(), "could not be retransformed: " + t);
    }
  }

  /**
   * A class being loaded may gain the carrier's field; a loaded one cannot gain or lose a member,
   * so it is retransformed with the carrier exactly when its first load gave it one. By name: see
   * the class comment.
   */
  private static boolean mayCarry(Class<?> classBeingRedefined) {
    if (classBeingRedefined == null) {
      return true;
    }
    for (Class<?> implemented : classBeingRedefined.getInterfaces()) {
      if (implemented.getName().equals(CARRIER)) {
        return true;
      }
    }
    return false;
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

  /**
   * A class of one of the JDK's own modules outside the packages {@link #isExcluded} names by
   * prefix ({@code javax.management}, {@code com.sun.jmx}, {@code jdk.jfr}...): never a JDBC
   * implementation, never application code, and its class loaders delegate to the bootstrap
   * loader already. Told apart by its module and loader, before the header scan: a JVM that
   * starts its management loads a couple of hundred of them.
   */
  static boolean isJdkModuleClass(Module module, ClassLoader loader, String className) {
    return module != null
        && module.isNamed()
        && (loader == null || loader == PLATFORM_LOADER)
        && !className.equals("java/sql/DriverManager");
  }

  private static final ClassLoader PLATFORM_LOADER = ClassLoader.getPlatformClassLoader();

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
  private void readBridge(Module module) throws ClassNotFoundException {
    if (module != null && module.isNamed()) {
      Module bridge = visibility.bridge().getModule();
      if (!module.canRead(bridge)) {
        inst.redefineModule(module, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
      }
    }
  }

  /**
   * Something to weave at start: a DataSource's and a Connection's methods, with a branch, a call
   * site, and a class loader's {@code loadClass}.
   */
  @SuppressWarnings("unused")
  static final class WarmUp {
    private java.sql.Connection connection;
    private WarmUp delegate;

    public java.sql.Connection getConnection() {
      return connection != null ? connection : delegate.getConnection();
    }

    public void close() {}

    public Class<?> loadClass(String name) {
      return connection != null ? WarmUp.class : null;
    }
  }
}
