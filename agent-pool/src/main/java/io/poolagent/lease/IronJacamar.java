package io.poolagent.lease;

import io.poolagent.log.AgentLog;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * IronJacamar, the pool of WildFly and JBoss EAP, reached from the DataSource an application gets:
 * WildFly's {@code WildFlyDataSource} (bound in JNDI, e.g. {@code
 * java:jboss/datasources/ExampleDS}) wraps IronJacamar's {@code WrapperDataSource}, whose connection manager holds the pool. Neither
 * DataSource has a getter for what it wraps, so the two links are read from their private fields
 * (WildFly's classes live in JBoss Modules' unnamed modules, which deep reflection may open); from
 * the connection manager on, the pool's public API answers. Every failure means "not known": null.
 */
public final class IronJacamar {

  static final String WILDFLY_DATA_SOURCE =
      "org.jboss.as.connector.subsystems.datasources.WildFlyDataSource";
  static final String WRAPPER_DATA_SOURCE = "org.jboss.jca.adapters.jdbc.WrapperDataSource";

  /** Per class, the private field that leads on: {@code delegate}, {@code cm}, or none. */
  private static final ClassValue<Field> LINKS =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
          if (isA(type, WILDFLY_DATA_SOURCE)) {
            return field(type, "delegate");
          }
          if (isA(type, WRAPPER_DATA_SOURCE)) {
            return field(type, "cm");
          }
          return null;
        }
      };

  /** AbstractPool keeps its PoolConfiguration private, behind a protected getter only. */
  private static final ClassValue<Field> CONFIGURATIONS =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
          return field(type, "poolConfiguration");
        }
      };

  private IronJacamar() {}

  /**
   * IronJacamar's pool ({@code org.jboss.jca.core.connectionmanager.pool.api.Pool}) behind a
   * {@code WildFlyDataSource} or a {@code WrapperDataSource}; null when there is none to reach.
   */
  public static Object pool(Object dataSource) {
    Object wrapper = dataSource;
    if (isA(dataSource.getClass(), WILDFLY_DATA_SOURCE)) {
      wrapper = follow(dataSource);
      if (wrapper == null || !isA(wrapper.getClass(), WRAPPER_DATA_SOURCE)) {
        return null;
      }
    }
    Object connectionManager = follow(wrapper);
    return connectionManager == null ? null : call(connectionManager, "getPool");
  }

  /**
   * The datasource's name as WildFly's configuration gives it: its {@code pool-name} (e.g. {@code
   * ExampleDS}), else the last segment of the JNDI name it is bound to; null when neither is
   * known.
   */
  public static String name(Object dataSource) {
    Object pool = pool(dataSource);
    Object name = pool == null ? null : call(pool, "getName");
    if (name instanceof String && !((String) name).isBlank()) {
      return (String) name;
    }
    return jndiLeaf(dataSource);
  }

  /** The pool's configured maximum ({@code max-pool-size}), or -1 when not known. */
  public static int maxSize(Object pool) {
    Object configuration = read(CONFIGURATIONS.get(pool.getClass()), pool);
    Object max = configuration == null ? null : call(configuration, "getMaxSize");
    return max instanceof Integer ? (Integer) max : -1;
  }

  /** {@code java:jboss/datasources/ExampleDS} gives {@code ExampleDS}. */
  private static String jndiLeaf(Object dataSource) {
    if (!isA(dataSource.getClass(), WILDFLY_DATA_SOURCE)) {
      return null;
    }
    Object jndiName = read(field(dataSource.getClass(), "jndiName"), dataSource);
    if (!(jndiName instanceof String)) {
      return null;
    }
    String name = (String) jndiName;
    String leaf = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf(':')) + 1);
    return leaf.isBlank() ? null : leaf;
  }

  private static Object follow(Object target) {
    return read(LINKS.get(target.getClass()), target);
  }

  private static Object read(Field field, Object target) {
    if (field == null) {
      return null;
    }
    try {
      return field.get(target);
    } catch (IllegalAccessException | RuntimeException e) {
      AgentLog.debug("could not read " + field + ": " + e);
      return null;
    }
  }

  /** A public no-argument method; found on the object's class, made callable if need be. */
  private static Object call(Object target, String name) {
    try {
      Method method = target.getClass().getMethod(name);
      method.trySetAccessible();
      return method.invoke(target);
    } catch (NoSuchMethodException e) {
      return null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      AgentLog.debug("could not call " + name + " of " + target.getClass().getName() + ": " + e);
      return null;
    }
  }

  /** The field declared by {@code type} or a superclass, opened; null when absent or closed. */
  private static Field field(Class<?> type, String name) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField(name);
        return field.trySetAccessible() ? field : null;
      } catch (NoSuchFieldException e) {
        // Declared further up.
      } catch (RuntimeException | LinkageError e) {
        AgentLog.debug("could not open " + c.getName() + "." + name + ": " + e);
        return null;
      }
    }
    return null;
  }

  private static boolean isA(Class<?> type, String className) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }
}
