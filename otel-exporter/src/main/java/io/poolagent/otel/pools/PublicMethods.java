package io.poolagent.otel.pools;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Finds a method as a public type declares it. A pool's object is often of a non-public class
 * (HikariCP's pool, Agroal's metrics), whose own {@code Method} cannot be invoked from outside
 * without {@code setAccessible}; the same method through its public interface or superclass can.
 */
final class PublicMethods {

  private PublicMethods() {}

  /** The method, callable from the agent, or null when no public type of {@code type} has it. */
  static Method find(Class<?> type, String name, Class<?>... parameters) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (Modifier.isPublic(c.getModifiers())) {
        Method method = declared(c, name, parameters);
        if (method != null) {
          return method;
        }
      }
      Method viaInterface = fromInterfaces(c, name, parameters);
      if (viaInterface != null) {
        return viaInterface;
      }
    }
    return null;
  }

  private static Method fromInterfaces(Class<?> type, String name, Class<?>... parameters) {
    for (Class<?> i : type.getInterfaces()) {
      if (Modifier.isPublic(i.getModifiers())) {
        Method method = declared(i, name, parameters);
        if (method != null) {
          return method;
        }
      }
      Method inherited = fromInterfaces(i, name, parameters);
      if (inherited != null) {
        return inherited;
      }
    }
    return null;
  }

  private static Method declared(Class<?> type, String name, Class<?>... parameters) {
    try {
      Method method = type.getMethod(name, parameters);
      return Modifier.isPublic(method.getDeclaringClass().getModifiers()) ? method : null;
    } catch (NoSuchMethodException | SecurityException | LinkageError e) {
      return null;
    }
  }
}
