package io.poolagent.lease;

import io.poolagent.log.AgentLog;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
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

  private static final String GLASSFISH_DATA_SOURCE = "com.sun.gjc.spi.base.AbstractDataSource";
  private static final String GLASSFISH_DEFINITION = "__SYSTEM/pools/__datasource_definition/";

  /**
   * Per DataSource class, its accessible {@code mcf} field, or null: found once per class, since
   * per-lookup DataSources pass here at each lookup's first borrow.
   */
  private static final ClassValue<Field> GLASSFISH_FACTORY =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
          for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(GLASSFISH_DATA_SOURCE)) {
              try {
                Field field = c.getDeclaredField("mcf");
                field.setAccessible(true);
                return field;
              } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                AgentLog.debug("no pool field in " + c.getName() + ": " + e);
                return null;
              }
            }
          }
          return null;
        }
      };

  private static final Pattern TOMCAT_DEFAULT = Pattern.compile("Tomcat Connection Pool\\[\\d+-\\d+\\]");
  private static final Pattern VIBUR_DEFAULT = Pattern.compile("p\\d+");
  private static final Pattern UCP_DEFAULT = Pattern.compile("UniversalConnectionPool\\(\\d+\\)-.*");

  /**
   * Vendors absent here (DBCP2, Tomcat DBCP, Agroal) have no name setting. Agroal under Quarkus is
   * named by Quarkus' configuration instead ({@link #quarkusDataSource}); any such pool bound in
   * the application's JNDI environment is named by its JNDI name ({@link JndiNames}). IronJacamar
   * has a name but no getter for it on its DataSources ({@link IronJacamar}).
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
          "liberty", new Getter(PoolNames::libertyName, NEVER),
          // The pool's name in the server's configuration (domain.xml's jdbc-connection-pool, or
          // the one a @DataSourceDefinition gets), by which the server monitors it.
          "glassfish", new Getter(PoolNames::glassfishPoolName, NEVER));

  private PoolNames() {}

  /** The pool's configured name, or null when it has none (or only a made-up default). */
  static String configured(Object pool, String vendor) {
    if (vendor.equals("agroal")) {
      return quarkusDataSource(pool);
    }
    if (vendor.equals("ironjacamar")) {
      // WildFly's datasource name (its pool-name, e.g. ExampleDS), two private links away.
      return IronJacamar.name(pool);
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
   * What identifies the pool {@code source} hands out connections of. Mostly the source itself, by
   * identity; but some servers hand out several DataSource objects for one pool, which keyed by
   * the object would show as a new pool ({@code #2}, {@code #3}...) each:
   *
   * <ul>
   *   <li>GlassFish's and Payara's DataSource is a facade made anew at every JNDI lookup over the
   *       one ManagedConnectionFactory of its connector pool: the factory identifies the pool.
   *   <li>Open Liberty gives each resource reference its own {@code WSJdbcDataSource} ({@code
   *       @Resource} injection one, JNDI lookups another), all over the one pool of a {@code
   *       <dataSource>}, whose {@code id} is unique in the server (an application's own data
   *       source has the application in its id).
   * </ul>
   *
   * Asked once per DataSource object, at its first borrow.
   */
  static String poolKey(Object source, String vendor) {
    if (vendor.equals("liberty")) {
      Object config = libertyConfig(source);
      Object id = config == null ? null : field(config, "id");
      if (id instanceof String) {
        return "liberty:" + id;
      }
    }
    Object factory = vendor.equals("glassfish") ? glassfishFactory(source) : null;
    Object pool = factory != null ? factory : source;
    return pool.getClass().getName() + "@" + System.identityHashCode(pool);
  }

  /**
   * GlassFish's pool name, which its ManagedConnectionFactory knows: the {@code
   * jdbc-connection-pool}'s name in the server's configuration. A pool a {@code
   * @DataSourceDefinition} made is named by the server after the definition's JNDI name ({@code
   * __SYSTEM/pools/__datasource_definition/<app>/java:app/jdbc/orders}); its users know it by that
   * JNDI name, which is the part from {@code java:} on.
   */
  private static Object glassfishPoolName(Object dataSource) {
    Object factory = glassfishFactory(dataSource);
    Object name = factory == null ? null : get(factory, "getPoolName");
    if (name instanceof String && ((String) name).startsWith(GLASSFISH_DEFINITION)) {
      int jndiName = ((String) name).indexOf("java:");
      return jndiName >= 0 ? ((String) name).substring(jndiName) : name;
    }
    return name;
  }

  /** The DataSource keeps its ManagedConnectionFactory in a protected field, with no getter. */
  private static Object glassfishFactory(Object dataSource) {
    Field field = GLASSFISH_FACTORY.get(dataSource.getClass());
    if (field == null) {
      return null;
    }
    try {
      return field.get(dataSource);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      AgentLog.debug("could not read the pool of " + dataSource.getClass().getName() + ": " + e);
      return null;
    }
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
