package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * IronJacamar, WildFly's pool, real: both DataSources an application can hold are the pool, named
 * as WildFly's configuration names the datasource.
 */
class IronJacamarSourcesTest {

  private final ConnectionSources sources = new ConnectionSources();
  private final List<IronJacamarPools.Built> pools = new ArrayList<>();

  @AfterEach
  void tearDown() {
    pools.forEach(IronJacamarPools.Built::close);
  }

  private IronJacamarPools.Built pool(String poolName, String jndiName) throws Exception {
    String url = "jdbc:h2:mem:ironjacamar-" + pools.size();
    IronJacamarPools.Built built = IronJacamarPools.create(url, 3, poolName, jndiName, false);
    pools.add(built);
    return built;
  }

  private static DataSource borrowedFrom(DataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      assertThat(connection.isValid(1)).isTrue();
    }
    return dataSource;
  }

  @Test
  void wildFlysDataSourceAndIronJacamarsArePools() throws Exception {
    IronJacamarPools.Built built = pool("OrdersDS", "java:jboss/datasources/OrdersDS");

    for (DataSource dataSource : List.of(built.application(), built.wrapper())) {
      assertThat(SourceClassifier.kind(dataSource.getClass())).isEqualTo(SourceKind.POOL);
      assertThat(SourceClassifier.vendor(dataSource.getClass())).isEqualTo("ironjacamar");
    }
  }

  @Test
  void theDataSourceInJndiIsNamedByItsPoolName() throws Exception {
    IronJacamarPools.Built built = pool("OrdersDS", "java:jboss/datasources/Orders");

    ConnectionSource source = sources.of(borrowedFrom(built.application()));

    assertThat(source.name()).isEqualTo("OrdersDS");
    assertThat(source.vendor()).isEqualTo("ironjacamar");
  }

  @Test
  void ironJacamarsOwnDataSourceIsNamedByItsPoolName() throws Exception {
    IronJacamarPools.Built built = pool("OrdersDS", "java:jboss/datasources/Orders");

    assertThat(sources.of(borrowedFrom(built.wrapper())).name()).isEqualTo("OrdersDS");
  }

  @Test
  void withoutAPoolNameTheJndiNameNamesIt() throws Exception {
    IronJacamarPools.Built built = pool(null, "java:jboss/datasources/OrdersDS");

    assertThat(sources.of(borrowedFrom(built.application())).name()).isEqualTo("OrdersDS");
  }

  @Test
  void withoutEitherNameThePoolIsNumbered() throws Exception {
    IronJacamarPools.Built built = pool(null, "java:jboss/datasources/OrdersDS");

    assertThat(sources.of(borrowedFrom(built.wrapper())).name()).isEqualTo("ironjacamar-1");
  }

  @Test
  void thePoolAndItsMaximumAreReachedFromEitherDataSource() throws Exception {
    IronJacamarPools.Built built = pool("OrdersDS", "java:jboss/datasources/OrdersDS");

    assertThat(IronJacamar.pool(built.application())).isSameAs(built.pool());
    assertThat(IronJacamar.pool(built.wrapper())).isSameAs(built.pool());
    assertThat(IronJacamar.maxSize(built.pool())).isEqualTo(3);
  }
}
