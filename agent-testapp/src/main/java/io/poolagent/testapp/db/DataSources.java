package io.poolagent.testapp.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Builds the DataSource for a {@link Via}; the DriverManager path has none. */
final class DataSources {
  static final String HIKARI_POOL_NAME = "testapp-hikari";

  private DataSources() {}

  /** Returns null for {@link Via#DRIVER_MANAGER}. */
  static DataSource create(
      DbKind db, Via via, String url, String user, String password, int poolSize)
      throws DatabaseUnavailableException {
    try {
      switch (via) {
        case DATA_SOURCE:
          return driverDataSource(db, url, user, password);
        case HIKARI:
          return hikari(url, user, password, poolSize);
        default:
          return null;
      }
    } catch (SQLException | HikariPool.PoolInitializationException e) {
      // Hikari connects while it is built, so an unreachable database already shows up here.
      throw new DatabaseUnavailableException(url, e);
    }
  }

  private static DataSource driverDataSource(DbKind db, String url, String user, String password)
      throws SQLException {
    switch (db) {
      case POSTGRES:
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        pg.setUser(user);
        pg.setPassword(password);
        return pg;
      case MARIADB:
        MariaDbDataSource mariadb = new MariaDbDataSource();
        mariadb.setUrl(url);
        mariadb.setUser(user);
        mariadb.setPassword(password);
        return mariadb;
      default:
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser(user);
        h2.setPassword(password);
        return h2;
    }
  }

  private static DataSource hikari(String url, String user, String password, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(HIKARI_POOL_NAME);
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    return new HikariDataSource(config);
  }
}
