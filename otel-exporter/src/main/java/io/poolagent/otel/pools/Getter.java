package io.poolagent.otel.pools;

import java.lang.reflect.Method;
import java.util.OptionalLong;

/** One no-argument getter of a pool class, resolved once; {@link #MISSING} when absent. */
final class Getter {

  static final Getter MISSING = new Getter(null);

  private final Method method;

  private Getter(Method method) {
    this.method = method;
  }

  static Getter of(Class<?> type, String name) {
    Method method = PublicMethods.find(type, name);
    return method == null ? MISSING : new Getter(method);
  }

  boolean exists() {
    return method != null;
  }

  /** The getter's value; null when the getter is missing. A pool's own failure is thrown. */
  Object call(Object target) throws ReflectiveOperationException {
    if (method == null) {
      return null;
    }
    return method.invoke(target);
  }

  /** A count or a limit; empty when missing, or negative or {@code Integer.MAX_VALUE}: no limit. */
  OptionalLong number(Object target) throws ReflectiveOperationException {
    Object value = call(target);
    if (!(value instanceof Number)) {
      return OptionalLong.empty();
    }
    long n = ((Number) value).longValue();
    return n < 0 || n == Integer.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(n);
  }
}
