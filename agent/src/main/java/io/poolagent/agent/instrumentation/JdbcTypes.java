package io.poolagent.agent.instrumentation;

import io.poolagent.lease.Frames;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.CommonDataSource;

/**
 * What a class is, as far as the agent is concerned: a DataSource, a Connection, {@code
 * DriverManager}, HikariCP's {@code PoolBase}, a pool with a way to end a borrow without {@code
 * close()}, or none of them. A few classes are known by name ({@link #BY_NAME}, {@link
 * #EVICTING}); the others are decided from class files (a header scan of the class and its
 * supertypes, read through the class's own loader), never by loading a class: a transformer that
 * loads classes can deadlock or see half-defined types.
 *
 * <p>A supertype whose class file its loader will not show (a class generated at run time) counts
 * as none of them. That is exact enough: generated subclasses of DataSources and Connections
 * (Spring's CGLIB proxies, Hibernate's) call their superclass's instrumented method.
 */
final class JdbcTypes {

  static final int NONE = 0;
  static final int DATA_SOURCE = 1;
  static final int CONNECTION = 2;
  static final int DRIVER_MANAGER = 4;
  static final int HIKARI_POOL_BASE = 8;
  /**
   * Application code that may call {@code getConnection}: its call sites are marked ({@link
   * JdbcWeaver}). Not the code of pools, drivers, frameworks and hosts ({@link
   * Frames#isInfrastructure}, the {@code callSiteSkip} setting included): a borrow's site is its
   * first frame of application code, as a stack would say.
   */
  static final int BORROW_SITES = 16;
  /**
   * A pool class with a documented public method that ends a borrow without {@code close()}
   * ({@link #EVICTING}).
   */
  static final int EVICTOR = 32;

  /**
   * A class loader that declares its own {@code loadClass}: it is made to load the bridge's
   * package from the bootstrap loader ({@link JdbcWeaver}), so that the classes it defines can
   * link against woven code, whatever its delegation (JBoss Modules, OSGi, child-first loaders).
   */
  static final int CLASS_LOADER = 64;

  /** Kinds whose woven code calls the bridge, so the class's loader must see it. */
  static final int CALLS_BRIDGE =
      DATA_SOURCE | CONNECTION | DRIVER_MANAGER | HIKARI_POOL_BASE | BORROW_SITES | EVICTOR;

  /**
   * Classes woven for their name, whatever their supertypes:
   *
   * <ul>
   *   <li>{@code DriverManager}, the one JDK class that is woven.
   *   <li>HikariCP's {@code PoolBase}, whose physical connect is timed for its create-time metric.
   *   <li>Pool classes that declare the JDBC method the application calls without being the JDBC
   *       type themselves, so that matching types alone never reaches it: Tomcat JDBC's {@code
   *       DataSource} inherits {@code getConnection()} from {@code DataSourceProxy}, which is no
   *       {@code DataSource}; the connection proxies Oracle UCP generates inherit {@code close()}
   *       from {@code proxy.other.ConnectionProxy}, which is no {@code Connection}; Open Liberty's
   *       connection handles inherit theirs from {@code WSJdbcObject}, the base of its statements
   *       and result sets too (their {@code close()} then finds no lease: they carry none).
   * </ul>
   */
  private static final Map<String, Integer> BY_NAME =
      Map.of(
          "java/sql/DriverManager", DRIVER_MANAGER,
          "com/zaxxer/hikari/pool/PoolBase", HIKARI_POOL_BASE,
          "org/apache/tomcat/jdbc/pool/DataSourceProxy", DATA_SOURCE,
          "oracle/ucp/jdbc/proxy/other/ConnectionProxy", CONNECTION,
          "com/ibm/ws/rsadapter/jdbc/WSJdbcObject", CONNECTION);

  /**
   * Pool classes by name, with their documented public method that disposes of a connection the
   * application borrowed, taking that connection as its one argument, without the application
   * closing it: the lease ends there ({@link JdbcWeaver}). Woven as well as whatever else the
   * class is (most are the pool's DataSource). The other known pools have none, and end their
   * borrows at {@code close()} only: c3p0, Agroal, Tomcat JDBC and UCP reset, flush or purge a
   * whole pool at most (UCP's {@code ValidConnection.setInvalid} drops a connection at its
   * close), and Druid's {@code discardConnection} takes the pool's physical connection
   * (deprecated) or its internal holder, not what the application got.
   *
   * <ul>
   *   <li>HikariCP: {@code HikariDataSource.evictConnection(Connection)}.
   *   <li>DBCP2, and Tomcat DBCP's relocated copy: {@code BasicDataSource.invalidateConnection}
   *       (also reached from its subclasses, such as {@code BasicManagedDataSource}), and {@code
   *       PoolingDriver.invalidateConnection} for connections borrowed through its {@code
   *       jdbc:apache:commons:dbcp:} URLs.
   *   <li>Vibur: {@code ViburDBCPDataSource.severConnection(Connection)}.
   * </ul>
   */
  private static final Map<String, String> EVICTING =
      Map.of(
          "com/zaxxer/hikari/HikariDataSource", "evictConnection",
          "org/apache/commons/dbcp2/BasicDataSource", "invalidateConnection",
          "org/apache/commons/dbcp2/PoolingDriver", "invalidateConnection",
          "org/apache/tomcat/dbcp/dbcp2/BasicDataSource", "invalidateConnection",
          "org/apache/tomcat/dbcp/dbcp2/PoolingDriver", "invalidateConnection",
          "org/vibur/dbcp/ViburDBCPDataSource", "severConnection");

  /**
   * CommonDataSource, not only DataSource: driver base classes that hold getConnection may
   * implement only that (PostgreSQL's BaseDataSource).
   */
  private static final Map<String, Integer> JDK_TARGETS =
      Map.of(
          "javax/sql/CommonDataSource", DATA_SOURCE,
          "javax/sql/DataSource", DATA_SOURCE,
          "javax/sql/ConnectionPoolDataSource", DATA_SOURCE,
          "javax/sql/XADataSource", DATA_SOURCE,
          "java/sql/Connection", CONNECTION);

  /**
   * {@link #BY_NAME} by binary name, for loaded classes: the retransformation at start asks about
   * every class loaded so far, and converting each name would make {@code String.replace} hot
   * enough for C2 to compile it while the application starts.
   */
  private static final Map<String, Integer> BY_BINARY_NAME = byBinaryName(BY_NAME);

  private static final Map<String, String> EVICTING_BY_BINARY_NAME = byBinaryName(EVICTING);

  private static final Set<String> JDK_PREFIXES = Set.of("java/", "javax/", "jdk/");

  /** Per class loader: internal name -> kinds of the type and its supertypes. */
  private static final Map<ClassLoader, Map<String, Integer>> CACHE = new WeakHashMap<>();
  private static final Map<String, Integer> BOOTSTRAP_CACHE = new ConcurrentHashMap<>();

  private JdbcTypes() {}

  /** For retransformation: the class is loaded, so ask the JVM. */
  static int kinds(Class<?> type) {
    Integer named = BY_BINARY_NAME.get(type.getName());
    if (named != null) {
      return named;
    }
    if (type.isInterface()) {
      return NONE;
    }
    int kinds = EVICTING_BY_BINARY_NAME.containsKey(type.getName()) ? EVICTOR : NONE;
    if (ClassLoader.class.isAssignableFrom(type)) {
      kinds |= CLASS_LOADER;
    }
    if (CommonDataSource.class.isAssignableFrom(type)) {
      kinds |= DATA_SOURCE;
    }
    if (Connection.class.isAssignableFrom(type)) {
      kinds |= CONNECTION;
    }
    return kinds;
  }

  private static <V> Map<String, V> byBinaryName(Map<String, V> byInternalName) {
    Map<String, V> byBinaryName = new HashMap<>();
    for (Map.Entry<String, V> named : byInternalName.entrySet()) {
      byBinaryName.put(named.getKey().replace('/', '.'), named.getValue());
    }
    return Map.copyOf(byBinaryName);
  }

  /**
   * The name of the method of {@code internalName} that ends a borrow without {@code close()}
   * ({@link #EVICTING}), or null.
   */
  static String evictingMethod(String internalName) {
    return EVICTING.get(internalName);
  }

  /**
   * For a class being loaded, from its class file: what it is, if it declares a method to weave
   * ({@code NONE} for a DataSource that inherits its {@code getConnection}: the class declaring it
   * is woven instead).
   */
  static int kinds(ClassLoader loader, String internalName, byte[] classFile) {
    Integer named = BY_NAME.get(internalName);
    if (named != null) {
      return named;
    }
    ClassHeader header;
    try {
      header = ClassHeader.parse(classFile);
    } catch (RuntimeException e) {
      return NONE;
    }
    // Most classes declare no getConnection, close or newConnection: they are settled here,
    // without reading a single class file of their supertypes.
    int kinds =
        header.isInterface() || !header.declaresWoven() ? NONE : supertypeKinds(loader, header, 0);
    if (header.namesGetConnection() && isApplication(internalName)) {
      kinds |= BORROW_SITES;
    }
    if (header.declaresLoadClass() && !header.isInterface()) {
      kinds |= CLASS_LOADER;
    }
    if (EVICTING.containsKey(internalName)) {
      kinds |= EVICTOR;
    }
    return kinds;
  }

  private static boolean isApplication(String internalName) {
    return !Frames.isInfrastructure(internalName.replace('/', '.'));
  }

  /** Whether {@code internalName} is {@code java.sql.Connection} or implements it. */
  static boolean isConnection(ClassLoader loader, String internalName) {
    return (kindsOf(loader, internalName, 0) & CONNECTION) != 0;
  }

  private static int supertypeKinds(ClassLoader loader, ClassHeader header, int depth) {
    int kinds = NONE;
    if (header.superName() != null) {
      kinds |= kindsOf(loader, header.superName(), depth);
    }
    for (String name : header.interfaceNames()) {
      kinds |= kindsOf(loader, name, depth);
    }
    return kinds;
  }

  /** The kinds {@code name} is, or extends or implements. */
  private static int kindsOf(ClassLoader loader, String name, int depth) {
    Integer jdk = JDK_TARGETS.get(name);
    if (jdk != null) {
      return jdk;
    }
    int slash = name.indexOf('/');
    if (slash > 0 && JDK_PREFIXES.contains(name.substring(0, slash + 1))) {
      // No other JDK type is a DataSource or a Connection.
      return NONE;
    }
    if (depth > 64) {
      return NONE;
    }
    Map<String, Integer> cache = cacheOf(loader);
    Integer known = cache.get(name);
    if (known != null) {
      return known;
    }
    int kinds = resolve(loader, name, depth);
    cache.put(name, kinds);
    return kinds;
  }

  private static int resolve(ClassLoader loader, String name, int depth) {
    String resource = name + ".class";
    try (InputStream in =
        loader != null
            ? loader.getResourceAsStream(resource)
            : ClassLoader.getPlatformClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return NONE;
      }
      return supertypeKinds(loader, ClassHeader.parse(in.readAllBytes()), depth + 1);
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
  }

  private static Map<String, Integer> cacheOf(ClassLoader loader) {
    if (loader == null) {
      return BOOTSTRAP_CACHE;
    }
    synchronized (CACHE) {
      return CACHE.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
    }
  }
}
