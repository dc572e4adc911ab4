package io.poolagent.lease;

import io.poolagent.log.AgentLog;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The name a pool was given in its own configuration, read reflectively (the pool lives in the
 * application's class loader). A default that the pool makes up counts as a name only if it says
 * what the pool is and is the same from one run to the next, so that a dashboard keeps its series:
 * HikariCP's {@code HikariPool-1} does; c3p0's random token, Tomcat JDBC's and Druid's names made of
 * an identity hash code, UCP's {@code UniversalConnectionPool(<hash>)-...} and Vibur's bare {@code
 * p1} do not, and such a pool gets a generated name instead ({@link ConnectionSources}).
 */
final class PoolNames {

  /** How a vendor's pool is asked its name, and how its made-up default is recognised. */
  private record Getter(Function<Object, Object> read, BiPredicate<Object, String> generated) {

    Getter(String method, BiPredicate<Object, String> generated) {
      this(pool -> get(pool, method), generated);
    }
  }

  /** What Quarkus calls the unnamed datasource, in its logs, health checks and metrics. */
  static final String QUARKUS_DEFAULT_DATASOURCE = "<default>";

  private static final BiPredicate<Object, String> NEVER = (pool, name) -> false;

  private static final Pattern TOMCAT_DEFAULT = Pattern.compile("Tomcat Connection Pool\\[\\d+-\\d+\\]");
  private static final Pattern VIBUR_DEFAULT = Pattern.compile("p\\d+");
  private static final Pattern UCP_DEFAULT = Pattern.compile("UniversalConnectionPool\\(\\d+\\)-.*");

  /**
   * Vendors absent here (DBCP2, Tomcat DBCP, Agroal) have no name setting. Agroal under Quarkus is
   * named by Quarkus' configuration instead ({@link #quarkusDataSource}).
   */
  private static final Map<String, Getter> BY_VENDOR =
      Map.of(
          "hikari", new Getter("getPoolName", NEVER),
          "tomcat-jdbc", new Getter("getName", (pool, name) -> TOMCAT_DEFAULT.matcher(name).matches()),
          // Unset, c3p0 reports its identity token (random, new every run) as the name.
          "c3p0", new Getter("getDataSourceName", (pool, name) -> name.equals(get(pool, "getIdentityToken"))),
          "vibur", new Getter("getName", (pool, name) -> VIBUR_DEFAULT.matcher(name).matches()),
          // Null until the pool starts, then made up from a hash code.
          "ucp", new Getter("getConnectionPoolName", (pool, name) -> UCP_DEFAULT.matcher(name).matches()),
          // Unset, Druid answers "DataSource-" + its identity hash code: different every run, and
          // it names no pool a user configured, so it is not a name.
          "druid",
              new Getter(
                  "getName",
                  (pool, name) -> name.equals("DataSource-" + System.identityHashCode(pool))),
          "pgjdbc-pool", new Getter("getDataSourceName", NEVER),
          // Liberty generates an id only for a <dataSource> without one ("dataSource[default-0]",
          // by its place in server.xml): the same from run to run, so a name too.
          "liberty", new Getter(PoolNames::libertyName, NEVER));

  private PoolNames() {}

  /** The pool's configured name, or null when it has none (or only a made-up default). */
  static String configured(Object pool, String vendor) {
    if (vendor.equals("agroal")) {
      return quarkusDataSource(pool);
    }
    Getter getter = BY_VENDOR.get(vendor);
    if (getter == null) {
      return null;
    }
    Object name = getter.read().apply(pool);
    if (!(name instanceof String) || ((String) name).isBlank()) {
      return null;
    }
    return getter.generated().test(pool, (String) name) ? null : (String) name;
  }

  /**
   * The name of a Quarkus datasource ({@code users} for {@code quarkus.datasource.users.*}, {@link
   * #QUARKUS_DEFAULT_DATASOURCE} for the unnamed one), or null for an Agroal pool Quarkus did not
   * make. The application borrows through Quarkus' CDI client proxy of the datasource (the
   * outermost pool, so the one named), whose bean carries the name as its qualifier, as Quarkus'
   * own {@code AgroalDataSourceUtil.dataSourceName} reads it. The proxy and bean classes are
   * generated: their methods are called through the public interfaces that declare them.
   */
  private static String quarkusDataSource(Object pool) {
    try {
      Class<?> clientProxy = publicInterface(pool.getClass(), "io.quarkus.arc.ClientProxy");
      if (clientProxy == null) {
        return null;
      }
      Object bean = clientProxy.getMethod("arc_bean").invoke(pool);
      Class<?> beanAttributes =
          Class.forName(
              "jakarta.enterprise.inject.spi.BeanAttributes", false, clientProxy.getClassLoader());
      boolean isDefault = false;
      for (Object qualifier : (Set<?>) beanAttributes.getMethod("getQualifiers").invoke(bean)) {
        Class<? extends Annotation> type = ((Annotation) qualifier).annotationType();
        if (type.getName().equals("io.quarkus.agroal.DataSource")) {
          return (String) type.getMethod("value").invoke(qualifier);
        }
        isDefault |= type.getName().equals("jakarta.enterprise.inject.Default");
      }
      return isDefault ? QUARKUS_DEFAULT_DATASOURCE : null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      AgentLog.debug("could not read the Quarkus datasource name of " + pool.getClass().getName()
          + ": " + e);
      return null;
    }
  }

  /**
   * The {@code jndiName} of a Liberty {@code <dataSource>}, else its {@code id}. Liberty's data
   * source has no getter for either: its server.xml configuration sits in the public field {@code
   * dsConfig} (an {@code AtomicReference<DSConfig>}, declared by {@code WSJdbcWrapper}), whose
   * {@code jndiName} and {@code id} are public final fields. The JNDI name comes first: it is what
   * the application looks up, and what Liberty's own pool MBeans and messages are named by.
   */
  private static Object libertyName(Object dataSource) {
    Object config = libertyConfig(dataSource);
    if (config == null) {
      return null;
    }
    Object jndiName = field(config, "jndiName");
    return jndiName instanceof String && !((String) jndiName).isBlank()
        ? jndiName
        : field(config, "id");
  }

  private static Object libertyConfig(Object dataSource) {
    Object config = field(dataSource, "dsConfig");
    return config instanceof AtomicReference ? ((AtomicReference<?>) config).get() : config;
  }

  /**
   * The pool behind a DataSource object, where a server hands out several objects for one pool,
   * or null where each object is its own pool. Liberty gives each resource reference its own
   * {@code WSJdbcDataSource} ({@code @Resource} injection one, JNDI lookups another), all over
   * the one pool of a {@code <dataSource>}, whose {@code id} is unique in the server (an
   * application's own data source has the application in its id). Read once per DataSource
   * object, at its first borrow.
   */
  static String sharedPool(Object dataSource, String vendor) {
    if (!vendor.equals("liberty")) {
      return null;
    }
    Object config = libertyConfig(dataSource);
    Object id = config == null ? null : field(config, "id");
    return id instanceof String ? (String) id : null;
  }

  private static Object field(Object target, String name) {
    try {
      return target.getClass().getField(name).get(target);
    } catch (NoSuchFieldException e) {
      return null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      AgentLog.debug("could not read " + name + " of " + target.getClass().getName() + ": " + e);
      return null;
    }
  }

  private static Class<?> publicInterface(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (i.getName().equals(name)) {
          return i;
        }
      }
    }
    return null;
  }

  private static Object get(Object target, String getter) {
    try {
      Method method = target.getClass().getMethod(getter);
      return method.invoke(target);
    } catch (NoSuchMethodException e) {
      return null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      AgentLog.debug("could not read " + getter + " of " + target.getClass().getName() + ": " + e);
      return null;
    }
  }
}
