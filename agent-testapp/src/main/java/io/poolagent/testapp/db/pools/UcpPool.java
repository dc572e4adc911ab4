package io.poolagent.testapp.db.pools;

import java.sql.SQLException;
import javax.sql.DataSource;
import oracle.ucp.jdbc.PoolDataSource;
import oracle.ucp.jdbc.PoolDataSourceFactory;

/**
 * Oracle's Universal Connection Pool over a non-Oracle driver: UCP pools any JDBC driver given as
 * its connection factory class. It still needs the Oracle driver (ojdbc11) on the class path.
 */
public final class UcpPool implements Pool {

  @Override
  public DataSource start(PoolSettings settings) throws SQLException {
    PoolDataSource ds = PoolDataSourceFactory.getPoolDataSource();
    ds.setConnectionPoolName(settings.name());
    ds.setConnectionFactoryClassName(settings.db().driverClassName());
    ds.setURL(settings.url());
    ds.setUser(settings.user());
    ds.setPassword(settings.password());
    ds.setMaxPoolSize(settings.maxSize());
    // A fixed-size pool, as HikariCP's default is. Growing on demand, UCP over a non-Oracle driver
    // now and then fails a borrow when two threads borrow at once (UCP-45064, "all connections in
    // use" with capacity remaining; 1 run of executor-leak in 6, without the agent too).
    ds.setInitialPoolSize(settings.maxSize());
    ds.setMinPoolSize(settings.maxSize());
    ds.setConnectionWaitDuration(settings.borrowTimeout());
    return ds;
  }
}
