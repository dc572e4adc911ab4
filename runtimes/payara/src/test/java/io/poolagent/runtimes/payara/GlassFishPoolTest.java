package io.poolagent.runtimes.payara;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.ConnectionSources;
import io.poolagent.lease.SourceClassifier;
import io.poolagent.lease.SourceKind;
import java.net.URLClassLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Payara's DataSource (the connector's {@code DataSource40}, real, from the payara-micro jar) over
 * its ManagedConnectionFactory, built as Payara builds them for a JDBC resource: recognised as a
 * pool and named by its pool. No server runs: naming reads only these two objects.
 */
class GlassFishPoolTest {

  private static URLClassLoader connector;

  private final ConnectionSources sources = new ConnectionSources();

  @BeforeAll
  static void loadConnector() throws Exception {
    connector = PayaraJars.connector();
  }

  @AfterAll
  static void closeConnector() throws Exception {
    connector.close();
  }

  /** A ManagedConnectionFactory of the pool {@code poolName}, as domain.xml configures one. */
  private static Object factory(String poolName) throws Exception {
    Class<?> type = connector.loadClass("com.sun.gjc.spi.DSManagedConnectionFactory");
    Object factory = type.getConstructor().newInstance();
    factory.getClass().getMethod("setPoolName", String.class).invoke(factory, poolName);
    return factory;
  }

  /** What Payara hands the application at each JNDI lookup of the pool's resource. */
  private static Object dataSource(Object factory) throws Exception {
    Class<?> type = connector.loadClass("com.sun.gjc.spi.jdbc40.DataSource40");
    return type.getConstructor(
            connector.loadClass("com.sun.gjc.spi.ManagedConnectionFactoryImpl"),
            connector.loadClass("jakarta.resource.spi.ConnectionManager"))
        .newInstance(factory, null);
  }

  @Test
  void payarasDataSourceIsAPool() throws Exception {
    Class<?> type = dataSource(factory("H2Pool")).getClass();

    assertThat(SourceClassifier.kind(type)).isEqualTo(SourceKind.POOL);
    assertThat(SourceClassifier.vendor(type)).isEqualTo("glassfish");
  }

  @Test
  void aConfiguredPoolIsNamedByItsPoolName() throws Exception {
    ConnectionSource source = sources.of(dataSource(factory("H2Pool")));

    assertThat(source.name()).isEqualTo("H2Pool");
    assertThat(source.ownName()).isEqualTo("H2Pool");
    assertThat(source.kind()).isEqualTo(SourceKind.POOL);
  }

  @Test
  void aDataSourceDefinitionsPoolIsNamedByItsJndiName() throws Exception {
    Object factory = factory("__SYSTEM/pools/__datasource_definition/app/java:app/jdbc/orders");

    assertThat(sources.of(dataSource(factory)).name()).isEqualTo("java:app/jdbc/orders");
  }

  @Test
  void theDataSourceOfEachLookupCountsForTheOnePool() throws Exception {
    Object orders = factory("OrdersPool");
    Object reports = factory("ReportsPool");

    ConnectionSource first = sources.of(dataSource(orders));
    ConnectionSource second = sources.of(dataSource(orders));
    ConnectionSource other = sources.of(dataSource(reports));

    assertThat(second).isSameAs(first);
    assertThat(first.name()).isEqualTo("OrdersPool");
    assertThat(other.name()).isEqualTo("ReportsPool");
    assertThat(sources.all()).hasSize(2);
  }
}
