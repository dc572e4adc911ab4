package io.poolagent.agent.instrumentation;

import java.util.Set;

/**
 * Pool classes that declare the JDBC method the application calls without being the JDBC type
 * themselves: the method is inherited by the class the application holds, so matching JDBC types
 * alone never reaches it. Each is instrumented by name.
 *
 * <ul>
 *   <li>Tomcat JDBC: {@code org.apache.tomcat.jdbc.pool.DataSource} inherits {@code
 *       getConnection()} from {@code DataSourceProxy}, which is no {@code DataSource}.
 *   <li>Oracle UCP: the connection proxies it generates ({@code ...ProteusProxy$0 implements
 *       Connection}) inherit {@code close()} from {@code proxy.other.ConnectionProxy}, which is no
 *       {@code Connection}.
 * </ul>
 */
final class PoolBaseClasses {

  static final Set<String> DECLARING_GET_CONNECTION =
      Set.of("org.apache.tomcat.jdbc.pool.DataSourceProxy");

  static final Set<String> DECLARING_CLOSE = Set.of("oracle.ucp.jdbc.proxy.other.ConnectionProxy");

  private PoolBaseClasses() {}

  /** {@code name} as a class name ({@code a.b.C}). */
  static boolean contains(String name) {
    return DECLARING_GET_CONNECTION.contains(name) || DECLARING_CLOSE.contains(name);
  }
}
