package io.poolagent.agent.instrumentation;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.CommonDataSource;

/**
 * Which classes are worth handing to Byte Buddy: implementations of {@code CommonDataSource} and
 * {@code Connection}, {@code DriverManager}, and HikariCP's {@code PoolBase}. It only ever says "no" when it is sure; when it cannot
 * tell (a superclass whose class file its loader will not show), it says "yes" and Byte Buddy's
 * exact matchers decide. This keeps the agent's cost at class loading to a header scan per class.
 */
final class JdbcTypes {

  /**
   * The JDK types that make a class a candidate. CommonDataSource, not only DataSource: driver base
   * classes that hold getConnection may implement only that (PostgreSQL's BaseDataSource).
   */
  private static final Set<String> TARGETS =
      Set.of(
          "javax/sql/CommonDataSource",
          "javax/sql/DataSource",
          "javax/sql/ConnectionPoolDataSource",
          "javax/sql/XADataSource",
          "java/sql/Connection");

  /** HikariCP's pool base class, whose physical connect is timed ({@link HikariConnectAdvice}). */
  static final String HIKARI_POOL_BASE = "com/zaxxer/hikari/pool/PoolBase";

  /** Per class loader: internal name -> is a DataSource or Connection implementation. */
  private static final Map<ClassLoader, Map<String, Boolean>> CACHE = new WeakHashMap<>();
  private static final Map<String, Boolean> BOOTSTRAP_CACHE = new ConcurrentHashMap<>();

  private JdbcTypes() {}

  /** For retransformation: the class is loaded, so ask the JVM. */
  static boolean isCandidate(Class<?> type) {
    return !type.isInterface()
        && (PoolBaseClasses.contains(type.getName())
            || CommonDataSource.class.isAssignableFrom(type)
            || Connection.class.isAssignableFrom(type)
            || type == DriverManager.class
            || type.getName().equals(HIKARI_POOL_BASE.replace('/', '.')));
  }

  /** For a class being loaded, from its class file. */
  static boolean isCandidate(ClassLoader loader, String internalName, byte[] classFile) {
    if (internalName.equals("java/sql/DriverManager")
        || internalName.equals(HIKARI_POOL_BASE)
        || PoolBaseClasses.contains(internalName.replace('/', '.'))) {
      return true;
    }
    ClassHeader header;
    try {
      header = ClassHeader.parse(classFile);
    } catch (RuntimeException e) {
      return true;
    }
    return !header.isInterface() && implementsTarget(loader, header, 0);
  }

  private static boolean implementsTarget(ClassLoader loader, ClassHeader header, int depth) {
    if (header.superName() != null && isTarget(loader, header.superName(), depth)) {
      return true;
    }
    for (String name : header.interfaceNames()) {
      if (isTarget(loader, name, depth)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code name} is, or extends or implements, DataSource or Connection. */
  private static boolean isTarget(ClassLoader loader, String name, int depth) {
    if (TARGETS.contains(name)) {
      return true;
    }
    if (name.startsWith("java/") || name.startsWith("javax/") || name.startsWith("jdk/")) {
      // No other JDK type is a DataSource or a Connection.
      return false;
    }
    if (depth > 64) {
      return true;
    }
    Map<String, Boolean> cache = cacheOf(loader);
    Boolean known = cache.get(name);
    if (known != null) {
      return known;
    }
    boolean answer = resolve(loader, name, depth);
    cache.put(name, answer);
    return answer;
  }

  private static boolean resolve(ClassLoader loader, String name, int depth) {
    String resource = name + ".class";
    try (InputStream in =
        loader != null
            ? loader.getResourceAsStream(resource)
            : ClassLoader.getPlatformClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return true;
      }
      return implementsTarget(loader, ClassHeader.parse(in.readAllBytes()), depth + 1);
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  private static Map<String, Boolean> cacheOf(ClassLoader loader) {
    if (loader == null) {
      return BOOTSTRAP_CACHE;
    }
    synchronized (CACHE) {
      return CACHE.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
    }
  }
}
