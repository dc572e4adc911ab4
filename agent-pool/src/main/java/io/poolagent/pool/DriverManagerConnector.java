package io.poolagent.pool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Makes a physical connection through {@code DriverManager} for a managed pool.
 *
 * <p>{@code DriverManager} only hands out drivers its caller's class loader can see. The caller of
 * a managed pool's connect is the agent, whose loader may not see the application's driver (a
 * Spring Boot fat jar loads it with its own loader), so the loader of the class that called
 * {@code DriverManager} first is passed along. The agent's implementation calls from the bootstrap
 * bridge, for which {@code DriverManager} consults the thread's context class loader.
 */
public interface DriverManagerConnector {

  Connection connect(String url, Properties info, ClassLoader appLoader) throws SQLException;

  /**
   * Without the agent's bridge (unit tests): {@code DriverManager} as this class's loader sees
   * it, which is the application's in a flat class path.
   */
  static DriverManagerConnector direct() {
    return (url, info, appLoader) -> DriverManager.getConnection(url, info);
  }
}
