package io.poolagent.testapp.db;

import io.poolagent.testapp.db.pools.Pool;
import io.poolagent.testapp.db.pools.PoolSettings;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Builds the DataSource for a {@link Via}; the DriverManager path has none. */
final class DataSources {

  private DataSources() {}

  /** Returns null for {@link Via#DRIVER_MANAGER}. */
  static DataSource create(
      DbKind db,
      Via via,
      String url,
      String user,
      String password,
      int poolSize,
      Duration borrowTimeout)
      throws DatabaseUnavailableException {
    try {
      Pool pool = via.pool();
      if (pool != null) {
        return pool.start(new PoolSettings(db, url, user, password, via.poolName(), poolSize, borrowTimeout));
      }
      return via == Via.DATA_SOURCE ? driverDataSource(db, url, user, password) : null;
    } catch (SQLException e) {
      // Pools that connect while they start already meet an unreachable database here.
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
}
