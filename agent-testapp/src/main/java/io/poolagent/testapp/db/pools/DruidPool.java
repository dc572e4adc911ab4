package io.poolagent.testapp.db.pools;

import com.alibaba.druid.pool.DruidDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Alibaba Druid's {@link DruidDataSource}. */
public final class DruidPool implements Pool {

  @Override
  public DataSource start(PoolSettings settings) throws SQLException {
    DruidDataSource ds = new DruidDataSource();
    ds.setName(settings.name());
    ds.setDriverClassName(settings.db().driverClassName());
    ds.setUrl(settings.url());
    ds.setUsername(settings.user());
    ds.setPassword(settings.password());
    ds.setMaxActive(settings.maxSize());
    ds.setMaxWait(settings.borrowTimeout().toMillis());
    ds.init();
    return ds;
  }
}
