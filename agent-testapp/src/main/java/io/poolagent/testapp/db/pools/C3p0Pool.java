package io.poolagent.testapp.db.pools;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import java.beans.PropertyVetoException;
import java.sql.SQLException;
import javax.sql.DataSource;

/** c3p0's {@link ComboPooledDataSource}, named through its {@code dataSourceName}. */
public final class C3p0Pool implements Pool {

  @Override
  public DataSource start(PoolSettings settings) throws SQLException {
    ComboPooledDataSource ds = new ComboPooledDataSource();
    ds.setDataSourceName(settings.name());
    try {
      ds.setDriverClass(settings.db().driverClassName());
    } catch (PropertyVetoException e) {
      throw new SQLException("c3p0 refused driver class " + settings.db().driverClassName(), e);
    }
    ds.setJdbcUrl(settings.url());
    ds.setUser(settings.user());
    ds.setPassword(settings.password());
    ds.setMaxPoolSize(settings.maxSize());
    // Its defaults (3) must not exceed a smaller maximum.
    ds.setMinPoolSize(settings.atMostMax(ds.getMinPoolSize()));
    ds.setInitialPoolSize(settings.atMostMax(ds.getInitialPoolSize()));
    ds.setCheckoutTimeout((int) settings.borrowTimeout().toMillis());
    return ds;
  }
}
