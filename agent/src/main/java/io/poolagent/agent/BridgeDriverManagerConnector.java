package io.poolagent.agent;

import io.poolagent.bootstrap.PoolAgentBridge;
import io.poolagent.pool.DriverManagerConnector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A managed pool's {@code DriverManager} connects, made from the bootstrap bridge so that the
 * application's class loader decides which drivers are seen ({@link
 * PoolAgentBridge#connectThroughDriverManager}).
 */
final class BridgeDriverManagerConnector implements DriverManagerConnector {

  @Override
  public Connection connect(String url, Properties info, ClassLoader appLoader)
      throws SQLException {
    return (Connection) PoolAgentBridge.connectThroughDriverManager(url, info, appLoader);
  }
}
