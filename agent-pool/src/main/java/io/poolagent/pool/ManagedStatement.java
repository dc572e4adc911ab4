package io.poolagent.pool;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Statement;

/**
 * A statement as a managed pool hands it to the application: the engine's statement, and a
 * strong reference to the {@link ManagedConnection} it was made on.
 *
 * <p>Why: code that keeps only the statement ({@code ds.getConnection().prepareStatement(sql)},
 * closed at the end through {@code statement.getConnection().close()}) still uses its connection.
 * Without the agent the driver's statement keeps the driver's connection reachable; here the
 * engine's statement does not reach the handed-out connection (see {@link ManagedConnection} for
 * why it must not), which would then be collected and its connection reclaimed from under the
 * statement. Nothing of the engine refers to this wrapper, so once the application drops the
 * statement and the connection, both can be collected as before.
 *
 * <p>{@code getConnection()} returns the handed-out connection: closing it ends the lease at once.
 * Every other call is passed on. A dynamic proxy rather than three hand-written wrappers
 * (Statement, PreparedStatement, CallableStatement: some 250 methods): a statement call is a
 * round trip to the server or the preparation of one, beside which a reflective call is nothing;
 * result sets, whose calls are per row and per column, are not wrapped.
 */
final class ManagedStatement implements InvocationHandler {

  private static final ClassLoader LOADER =
      ManagedStatement.class.getClassLoader() != null
          ? ManagedStatement.class.getClassLoader()
          : Statement.class.getClassLoader();

  /**
   * The proxy class's constructor per statement interface, found once: {@code
   * Proxy.newProxyInstance} looks the class up in a per-loader cache on every call, which a
   * statement a request should not pay.
   */
  private static final ClassValue<Constructor<?>> CONSTRUCTORS =
      new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> type) {
          Object sample =
              Proxy.newProxyInstance(LOADER, new Class<?>[] {type}, (proxy, method, args) -> null);
          try {
            return sample.getClass().getConstructor(InvocationHandler.class);
          } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a proxy class has its handler constructor", e);
          }
        }
      };

  private final ManagedConnection connection;
  private final Statement target;

  private ManagedStatement(ManagedConnection connection, Statement target) {
    this.connection = connection;
    this.target = target;
  }

  /** {@code target}, made on {@code connection}, as the application gets it. */
  static <T extends Statement> T wrap(ManagedConnection connection, T target, Class<T> type) {
    try {
      return type.cast(CONSTRUCTORS.get(type).newInstance(new ManagedStatement(connection, target)));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Never the application's problem: the engine's statement works, only unwrapped.
      return target;
    }
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    int arity = args == null ? 0 : args.length;
    switch (method.getName()) {
      case "getConnection":
        if (arity == 0) {
          return connection;
        }
        break;
      case "unwrap":
        if (arity == 1 && ((Class<?>) args[0]).isInstance(proxy)) {
          return proxy;
        }
        break;
      case "isWrapperFor":
        if (arity == 1 && ((Class<?>) args[0]).isInstance(proxy)) {
          return true;
        }
        break;
      case "equals":
        if (arity == 1 && method.getDeclaringClass() == Object.class) {
          return proxy == args[0];
        }
        break;
      case "hashCode":
        if (arity == 0 && method.getDeclaringClass() == Object.class) {
          return System.identityHashCode(proxy);
        }
        break;
      default:
        break;
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
