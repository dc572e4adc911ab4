package io.poolagent.lease;

import io.poolagent.log.AgentLog;
import java.lang.reflect.Method;
import java.util.Map;
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

  private static final BiPredicate<Object, String> NEVER = (pool, name) -> false;

  private static final Pattern TOMCAT_DEFAULT = Pattern.compile("Tomcat Connection Pool\\[\\d+-\\d+\\]");
  private static final Pattern VIBUR_DEFAULT = Pattern.compile("p\\d+");
  private static final Pattern UCP_DEFAULT = Pattern.compile("UniversalConnectionPool\\(\\d+\\)-.*");

  /**
   * Vendors absent here (DBCP2, Tomcat DBCP, Agroal) have no name setting. Agroal under Quarkus is
   * named by Quarkus' configuration instead ({@link Quarkus}); any such pool bound in
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
          "liberty", new Getter(OpenLiberty::name, NEVER),
          // The pool's name in the server's configuration (domain.xml's jdbc-connection-pool, or
          // the one a @DataSourceDefinition gets), by which the server monitors it.
          "glassfish", new Getter(GlassFish::poolName, NEVER));

  private PoolNames() {}

  /** The pool's configured name, or null when it has none (or only a made-up default). */
  static String configured(Object pool, String vendor) {
    if (vendor.equals("agroal")) {
      return Quarkus.dataSourceName(pool);
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
    String libertyId = vendor.equals("liberty") ? OpenLiberty.id(source) : null;
    if (libertyId != null) {
      return "liberty:" + libertyId;
    }
    Object factory = vendor.equals("glassfish") ? GlassFish.factory(source) : null;
    Object pool = factory != null ? factory : source;
    return pool.getClass().getName() + "@" + System.identityHashCode(pool);
  }

  /** A public field's value, or null. */
  static Object field(Object target, String name) {
    try {
      return target.getClass().getField(name).get(target);
    } catch (NoSuchFieldException e) {
      return null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      AgentLog.debug("could not read " + name + " of " + target.getClass().getName() + ": " + e);
      return null;
    }
  }

  /** What a public getter returns, or null. */
  static Object get(Object target, String getter) {
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
