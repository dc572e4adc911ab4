package io.poolagent.testapp.db.pools;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One connection pool, configured the way its own documentation tells users to configure it, so
 * that what the agent sees is what it would see in a real service.
 */
public interface Pool {

  /**
   * Builds and starts the pool.
   *
   * @throws SQLException when the pool cannot start; pools that connect while they start report
   *     an unreachable database here
   */
  DataSource start(PoolSettings settings) throws SQLException;
}
