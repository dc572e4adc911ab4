package io.poolagent.agent.instrumentation;

import java.util.Map;

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

  private static final Map<String, Integer> KINDS =
      Map.of(
          "org/apache/tomcat/jdbc/pool/DataSourceProxy", JdbcTypes.DATA_SOURCE,
          "oracle/ucp/jdbc/proxy/other/ConnectionProxy", JdbcTypes.CONNECTION);

  private PoolBaseClasses() {}

  /** What to weave in the class of internal name {@code internalName} ({@code a/b/C}), if listed. */
  static int kinds(String internalName) {
    return KINDS.getOrDefault(internalName, JdbcTypes.NONE);
  }
}
