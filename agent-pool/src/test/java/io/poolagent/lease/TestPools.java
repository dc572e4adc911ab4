package io.poolagent.lease;

import com.alibaba.druid.pool.DruidDataSource;
import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import oracle.ucp.jdbc.PoolDataSource;
import oracle.ucp.jdbc.PoolDataSourceFactory;
import org.vibur.dbcp.ViburDBCPDataSource;

/**
 * Every pool the agent knows, real, over an embedded H2 database, configured alike: at most {@code
 * max} connections, {@code initial} opened when the pool starts (and kept idle), borrows waiting at
 * most {@code timeoutMillis}. Only the pool's own API is used, as an application would.
 */
public enum TestPools {
  HIKARI("hikari"),
  DBCP2("dbcp2"),
  TOMCAT_DBCP("tomcat-dbcp"),
  TOMCAT_JDBC("tomcat-jdbc"),
  C3P0("c3p0"),
  AGROAL("agroal"),
  VIBUR("vibur"),
  UCP("ucp"),
  DRUID("druid");

  /** The vendor as {@link SourceClassifier} names it. */
  public final String vendor;

  TestPools(String vendor) {
    this.vendor = vendor;
  }

  public record Settings(
      String url, String password, int max, int initial, long timeoutMillis, String name) {

    public static Settings of(String url) {
      return new Settings(url, "", 3, 0, 5_000, null);
    }

    public Settings password(String value) {
      return new Settings(url, value, max, initial, timeoutMillis, name);
    }

    public Settings max(int value) {
      return new Settings(url, password, value, initial, timeoutMillis, name);
    }

    public Settings initial(int value) {
      return new Settings(url, password, max, value, timeoutMillis, name);
    }

    public Settings timeoutMillis(long value) {
      return new Settings(url, password, max, initial, value, name);
    }

    public Settings name(String value) {
      return new Settings(url, password, max, initial, timeoutMillis, value);
    }
  }

  public static final String USER = "sa";

  /** A new pool, ready to lend: Vibur is started, the others start on first use. */
  public DataSource create(Settings s) throws SQLException {
    DataSource pool = build(s);
    if (pool instanceof ViburDBCPDataSource) {
      ((ViburDBCPDataSource) pool).start();
    }
    return pool;
  }

  /** A new pool, configured and not started (Agroal starts when built). */
  public DataSource build(Settings s) throws SQLException {
    switch (this) {
      case HIKARI:
        {
          HikariDataSource pool = new HikariDataSource();
          pool.setJdbcUrl(s.url());
          pool.setUsername(USER);
          pool.setPassword(s.password());
          pool.setMaximumPoolSize(s.max());
          pool.setMinimumIdle(s.initial());
          pool.setConnectionTimeout(s.timeoutMillis());
          if (s.name() != null) {
            pool.setPoolName(s.name());
          }
          return pool;
        }
      case DBCP2:
        {
          org.apache.commons.dbcp2.BasicDataSource pool = new org.apache.commons.dbcp2.BasicDataSource();
          pool.setUrl(s.url());
          pool.setUsername(USER);
          pool.setPassword(s.password());
          pool.setMaxTotal(s.max());
          pool.setInitialSize(s.initial());
          pool.setMaxWait(Duration.ofMillis(s.timeoutMillis()));
          return pool;
        }
      case TOMCAT_DBCP:
        {
          org.apache.tomcat.dbcp.dbcp2.BasicDataSource pool =
              new org.apache.tomcat.dbcp.dbcp2.BasicDataSource();
          pool.setUrl(s.url());
          pool.setUsername(USER);
          pool.setPassword(s.password());
          pool.setMaxTotal(s.max());
          pool.setInitialSize(s.initial());
          pool.setMaxWait(Duration.ofMillis(s.timeoutMillis()));
          return pool;
        }
      case TOMCAT_JDBC:
        {
          org.apache.tomcat.jdbc.pool.DataSource pool = new org.apache.tomcat.jdbc.pool.DataSource();
          pool.setUrl(s.url());
          pool.setUsername(USER);
          pool.setPassword(s.password());
          pool.setMaxActive(s.max());
          pool.setMaxIdle(s.max());
          pool.setInitialSize(s.initial());
          pool.setMinIdle(s.initial());
          pool.setMaxWait((int) s.timeoutMillis());
          if (s.name() != null) {
            pool.setName(s.name());
          }
          return pool;
        }
      case C3P0:
        {
          ComboPooledDataSource pool = new ComboPooledDataSource();
          pool.setJdbcUrl(s.url());
          pool.setUser(USER);
          pool.setPassword(s.password());
          pool.setMaxPoolSize(s.max());
          pool.setInitialPoolSize(s.initial());
          pool.setMinPoolSize(s.initial());
          // One connection at a time: the pool opens no more than were asked for.
          pool.setAcquireIncrement(1);
          pool.setAcquireRetryAttempts(1);
          // c3p0 checks connections in on its helper threads unless told otherwise: a returned
          // connection would count as busy for a moment.
          pool.setForceSynchronousCheckins(true);
          pool.setCheckoutTimeout((int) s.timeoutMillis());
          if (s.name() != null) {
            pool.setDataSourceName(s.name());
          }
          return pool;
        }
      case AGROAL:
        {
          AgroalDataSourceConfigurationSupplier config =
              new AgroalDataSourceConfigurationSupplier()
                  .metricsEnabled(true)
                  .connectionPoolConfiguration(
                      p ->
                          p.maxSize(s.max())
                              .initialSize(s.initial())
                              .acquisitionTimeout(Duration.ofMillis(s.timeoutMillis()))
                              .connectionFactoryConfiguration(
                                  f ->
                                      f.jdbcUrl(s.url())
                                          .principal(new NamePrincipal(USER))
                                          .credential(new SimplePassword(s.password()))));
          return AgroalDataSource.from(config);
        }
      case VIBUR:
        {
          ViburDBCPDataSource pool = new ViburDBCPDataSource();
          pool.setJdbcUrl(s.url());
          pool.setUsername(USER);
          pool.setPassword(s.password());
          pool.setPoolMaxSize(s.max());
          pool.setPoolInitialSize(s.initial());
          pool.setConnectionTimeoutInMs(s.timeoutMillis());
          pool.setAcquireRetryAttempts(0);
          if (s.name() != null) {
            pool.setName(s.name());
          }
          return pool;
        }
      case UCP:
        {
          PoolDataSource pool = PoolDataSourceFactory.getPoolDataSource();
          pool.setConnectionFactoryClassName("org.h2.jdbcx.JdbcDataSource");
          pool.setURL(s.url());
          pool.setUser(USER);
          pool.setPassword(s.password());
          pool.setMaxPoolSize(s.max());
          pool.setInitialPoolSize(s.initial());
          pool.setMinPoolSize(s.initial());
          pool.setConnectionWaitDuration(Duration.ofMillis(s.timeoutMillis()));
          if (s.name() != null) {
            pool.setConnectionPoolName(s.name());
          }
          return pool;
        }
      case DRUID:
        {
          DruidDataSource pool = new DruidDataSource();
          pool.setUrl(s.url());
          pool.setUsername(USER);
          pool.setPassword(s.password());
          pool.setMaxActive(s.max());
          pool.setInitialSize(s.initial());
          pool.setMinIdle(s.initial());
          pool.setMaxWait(s.timeoutMillis());
          pool.setConnectionErrorRetryAttempts(0);
          if (s.name() != null) {
            pool.setName(s.name());
          }
          return pool;
        }
      default:
        throw new IllegalStateException(name());
    }
  }

  /** Closes a pool made by {@link #create}, whatever its kind. */
  public static void close(DataSource pool) throws Exception {
    if (pool instanceof AutoCloseable) {
      ((AutoCloseable) pool).close();
    } else if (pool instanceof ViburDBCPDataSource) {
      ((ViburDBCPDataSource) pool).terminate();
    } else if (pool instanceof org.apache.tomcat.jdbc.pool.DataSource) {
      ((org.apache.tomcat.jdbc.pool.DataSource) pool).close(true);
    } else if (pool instanceof PoolDataSource
        && ((PoolDataSource) pool).getConnectionPoolName() != null) {
      // A UCP pool has a name once started; one that never started has nothing to close.
      oracle.ucp.admin.UniversalConnectionPoolManagerImpl.getUniversalConnectionPoolManager()
          .destroyConnectionPool(((PoolDataSource) pool).getConnectionPoolName());
    } else if (pool instanceof DruidDataSource) {
      ((DruidDataSource) pool).close();
    }
  }
}
