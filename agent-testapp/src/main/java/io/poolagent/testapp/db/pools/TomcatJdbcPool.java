package io.poolagent.testapp.db.pools;

import javax.sql.DataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;

/** The Tomcat JDBC pool ({@code org.apache.tomcat.jdbc.pool}), not Tomcat's repackaged DBCP. */
public final class TomcatJdbcPool implements Pool {

  @Override
  public DataSource start(PoolSettings settings) {
    PoolProperties properties = new PoolProperties();
    properties.setName(settings.name());
    properties.setDriverClassName(settings.db().driverClassName());
    properties.setUrl(settings.url());
    properties.setUsername(settings.user());
    properties.setPassword(settings.password());
    properties.setMaxActive(settings.maxSize());
    // Its defaults (initialSize and minIdle 10, maxIdle 100) are above a small maxActive, which
    // it corrects with a warning on stderr; a user who lowers maxActive lowers these with it.
    properties.setMaxIdle(settings.maxSize());
    properties.setMinIdle(settings.atMostMax(properties.getMinIdle()));
    properties.setInitialSize(settings.atMostMax(properties.getInitialSize()));
    properties.setMaxWait((int) settings.borrowTimeout().toMillis());
    return new org.apache.tomcat.jdbc.pool.DataSource(properties);
  }
}
