package io.poolagent.testapp.db.pools;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * HikariCP. Only settings that exist in every version from 4.0 on are used: the integration tests
 * run the app with older HikariCP jars in front of the one it was built with.
 */
public final class HikariCpPool implements Pool {

  @Override
  public DataSource start(PoolSettings settings) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setPoolName(settings.name());
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.maxSize());
    config.setConnectionTimeout(settings.borrowTimeout().toMillis());
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      // HikariCP connects while it is built, so an unreachable database already shows up here.
      throw new SQLException(e.getMessage(), e);
    }
  }
}
