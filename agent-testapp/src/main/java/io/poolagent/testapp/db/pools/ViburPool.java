package io.poolagent.testapp.db.pools;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.vibur.dbcp.ViburDBCPDataSource;
import org.vibur.dbcp.ViburDBCPException;

/** Vibur DBCP. */
public final class ViburPool implements Pool {

  @Override
  public DataSource start(PoolSettings settings) throws SQLException {
    ViburDBCPDataSource ds = new ViburDBCPDataSource();
    ds.setName(settings.name());
    ds.setDriverClassName(settings.db().driverClassName());
    ds.setJdbcUrl(settings.url());
    ds.setUsername(settings.user());
    ds.setPassword(settings.password());
    ds.setPoolMaxSize(settings.maxSize());
    ds.setPoolInitialSize(settings.atMostMax(ds.getPoolInitialSize()));
    ds.setConnectionTimeoutInMs(settings.borrowTimeout().toMillis());
    try {
      ds.start();
    } catch (ViburDBCPException e) {
      // Vibur connects while it starts, so an unreachable database already shows up here.
      throw new SQLException(e.getMessage(), e);
    }
    return ds;
  }
}
