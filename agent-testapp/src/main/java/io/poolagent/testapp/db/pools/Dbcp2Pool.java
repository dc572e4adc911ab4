package io.poolagent.testapp.db.pools;

import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * Apache Commons DBCP2's {@link BasicDataSource}. It has no pool name (its JMX name is an
 * ObjectName, not a name), so the agent names it.
 */
public final class Dbcp2Pool implements Pool {

  @Override
  public DataSource start(PoolSettings settings) {
    BasicDataSource ds = new BasicDataSource();
    ds.setDriverClassName(settings.db().driverClassName());
    ds.setUrl(settings.url());
    ds.setUsername(settings.user());
    ds.setPassword(settings.password());
    ds.setMaxTotal(settings.maxSize());
    ds.setMaxIdle(settings.maxSize());
    ds.setMaxWait(settings.borrowTimeout());
    // The pool starts on the first borrow, which Schema.setUp makes at once.
    return ds;
  }
}
