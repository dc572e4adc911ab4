package io.poolagent.lease;

import io.poolagent.log.AgentLog;
import java.lang.reflect.Field;

/**
 * GlassFish's and Payara's JDBC connector pool, reached from the DataSource an application gets
 * ({@code DataSource40}, a facade the server makes anew at every JNDI lookup): its
 * ManagedConnectionFactory, one per pool, knows the pool's name.
 */
final class GlassFish {

  private static final String DATA_SOURCE = "com.sun.gjc.spi.base.AbstractDataSource";
  private static final String DEFINITION = "__SYSTEM/pools/__datasource_definition/";

  /**
   * Per DataSource class, its accessible {@code mcf} field, or null: found once per class, since
   * per-lookup DataSources pass here at each lookup's first borrow.
   */
  private static final ClassValue<Field> FACTORY =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
          for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(DATA_SOURCE)) {
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

  private GlassFish() {}

  /**
   * GlassFish's pool name, which its ManagedConnectionFactory knows: the {@code
   * jdbc-connection-pool}'s name in the server's configuration. A pool a {@code
   * @DataSourceDefinition} made is named by the server after the definition's JNDI name ({@code
   * __SYSTEM/pools/__datasource_definition/<app>/java:app/jdbc/orders}); its users know it by that
   * JNDI name, which is the part from {@code java:} on.
   */
  static Object poolName(Object dataSource) {
    Object factory = factory(dataSource);
    Object name = factory == null ? null : PoolNames.get(factory, "getPoolName");
    if (name instanceof String && ((String) name).startsWith(DEFINITION)) {
      int jndiName = ((String) name).indexOf("java:");
      return jndiName >= 0 ? ((String) name).substring(jndiName) : name;
    }
    return name;
  }

  /** The DataSource keeps its ManagedConnectionFactory in a protected field, with no getter. */
  static Object factory(Object dataSource) {
    Field field = FACTORY.get(dataSource.getClass());
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
}
