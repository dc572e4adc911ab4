package io.poolagent.lease;

import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import javax.sql.DataSource;
import org.jboss.as.connector.subsystems.datasources.WildFlyDataSource;
import org.jboss.jca.adapters.jdbc.local.LocalManagedConnectionFactory;
import org.jboss.jca.common.api.metadata.common.FlushStrategy;
import org.jboss.jca.core.api.connectionmanager.pool.PoolConfiguration;
import org.jboss.jca.core.connectionmanager.ConnectionManager;
import org.jboss.jca.core.connectionmanager.ConnectionManagerFactory;
import org.jboss.jca.core.connectionmanager.pool.api.Pool;
import org.jboss.jca.core.connectionmanager.pool.api.PoolFactory;
import org.jboss.jca.core.connectionmanager.pool.api.PoolStrategy;

/**
 * IronJacamar's pool over H2, built as WildFly's datasources subsystem builds a {@code
 * <datasource>} without transactions ({@code jta="false"}): a local managed connection factory, a
 * pool of WildFly's default strategy and kind, a connection manager, IronJacamar's {@code
 * WrapperDataSource}, and WildFly's {@code WildFlyDataSource} around it, as bound in JNDI.
 */
public final class IronJacamarPools {

  /** What WildFly uses unless a datasource says otherwise. */
  private static final String MANAGED_CONNECTION_POOL =
      "org.jboss.jca.core.connectionmanager.pool.mcp."
          + "SemaphoreConcurrentLinkedDequeManagedConnectionPool";

  /**
   * @param application what the application gets from JNDI
   * @param wrapper the DataSource of IronJacamar's JDBC adapter inside it
   * @param pool the pool both borrow from
   */
  public record Built(DataSource application, DataSource wrapper, Pool pool) {

    public void close() {
      pool.shutdown();
    }
  }

  private IronJacamarPools() {}

  /**
   * @param poolName the datasource's {@code pool-name}, or null for none
   * @param statistics the datasource's {@code statistics-enabled}
   */
  public static Built create(
      String url, int maxSize, String poolName, String jndiName, boolean statistics)
      throws Exception {
    return create(url, "", maxSize, 2_000, poolName, jndiName, statistics);
  }

  /**
   * @param blockingTimeoutMillis the datasource's {@code blocking-timeout-wait-millis}: how long a
   *     borrow waits for a connection
   */
  public static Built create(
      String url,
      String password,
      int maxSize,
      long blockingTimeoutMillis,
      String poolName,
      String jndiName,
      boolean statistics)
      throws Exception {
    LocalManagedConnectionFactory factory = new LocalManagedConnectionFactory();
    factory.setDriverClass("org.h2.Driver");
    factory.setConnectionURL(url);
    factory.setUserName(TestPools.USER);
    factory.setPassword(password);
    PoolConfiguration configuration = new PoolConfiguration();
    configuration.setMaxSize(maxSize);
    configuration.setBlockingTimeout(blockingTimeoutMillis);
    Pool pool =
        new PoolFactory()
            .create(
                PoolStrategy.ONE_POOL, factory, configuration, false, true, MANAGED_CONNECTION_POOL);
    if (poolName != null) {
      pool.setName(poolName);
    }
    pool.getStatistics().setEnabled(statistics);
    ConnectionManager manager =
        new ConnectionManagerFactory()
            .createNonTransactional(
                TransactionSupportLevel.NoTransaction,
                pool,
                null,
                null,
                false,
                null,
                true,
                true,
                true,
                null,
                FlushStrategy.FAILING_CONNECTION_ONLY,
                0,
                0L);
    DataSource wrapper = (DataSource) factory.createConnectionFactory(manager);
    return new Built(new WildFlyDataSource(wrapper, jndiName), wrapper, pool);
  }
}
