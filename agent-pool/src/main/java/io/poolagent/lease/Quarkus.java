package io.poolagent.lease;

import io.poolagent.log.AgentLog;
import java.lang.annotation.Annotation;
import java.util.Set;

/** Agroal pools that Quarkus made, named as Quarkus names its datasources. */
final class Quarkus {

  /** What Quarkus calls the unnamed datasource, in its logs, health checks and metrics. */
  static final String DEFAULT_DATASOURCE = "<default>";

  private Quarkus() {}

  /**
   * The name of a Quarkus datasource ({@code users} for {@code quarkus.datasource.users.*}, {@link
   * #DEFAULT_DATASOURCE} for the unnamed one), or null for an Agroal pool Quarkus did not
   * make. The application borrows through Quarkus' CDI client proxy of the datasource (the
   * outermost pool, so the one named), whose bean carries the name as its qualifier, as Quarkus'
   * own {@code AgroalDataSourceUtil.dataSourceName} reads it. The proxy and bean classes are
   * generated: their methods are called through the public interfaces that declare them.
   */
  static String dataSourceName(Object pool) {
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
      return isDefault ? DEFAULT_DATASOURCE : null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      AgentLog.debug("could not read the Quarkus datasource name of " + pool.getClass().getName()
          + ": " + e);
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
}
