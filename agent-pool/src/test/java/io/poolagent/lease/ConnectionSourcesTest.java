package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class ConnectionSourcesTest {

  private final ConnectionSources sources = new ConnectionSources();

  private static JdbcDataSource h2(String url) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    return dataSource;
  }

  @Test
  void sameDataSourceGivesTheSameSource() {
    JdbcDataSource dataSource = h2("jdbc:h2:mem:sources-same");

    ConnectionSource first = sources.of(dataSource);

    assertThat(sources.of(dataSource)).isSameAs(first);
    assertThat(sources.all()).containsExactly(first);
  }

  @Test
  void driverDataSourceIsNamedByClassAndUrl() {
    ConnectionSource source = sources.of(h2("jdbc:h2:mem:sources-named"));

    assertThat(source.name()).isEqualTo("JdbcDataSource(jdbc:h2:mem:sources-named)");
    assertThat(source.kind()).isEqualTo(SourceKind.NON_POOLING);
    assertThat(source.vendor()).isEqualTo("datasource");
    assertThat(source.pooling()).isFalse();
  }

  @Test
  void dataSourcesOfOneClassAndUrlShareOneSource() {
    // An application that makes a DataSource per request still shows as one source.
    ConnectionSource first = sources.of(h2("jdbc:h2:mem:sources-shared"));
    ConnectionSource second = sources.of(h2("jdbc:h2:mem:sources-shared"));

    assertThat(second).isSameAs(first);
    assertThat(sources.all()).hasSize(1);
  }

  @Test
  void differentUrlsAreDifferentSources() {
    ConnectionSource orders = sources.of(h2("jdbc:h2:mem:sources-orders"));
    ConnectionSource billing = sources.of(h2("jdbc:h2:mem:sources-billing"));

    assertThat(billing).isNotSameAs(orders);
    assertThat(sources.all()).containsExactlyInAnyOrder(orders, billing);
  }

  @Test
  void driverManagerUrlIsItsOwnSource() {
    ConnectionSource source = sources.of("jdbc:h2:mem:sources-dm;USER=app;PASSWORD=s3cret");

    assertThat(source.name()).isEqualTo("DriverManager(jdbc:h2:mem:sources-dm)");
    assertThat(source.kind()).isEqualTo(SourceKind.DRIVER_MANAGER);
    assertThat(source.vendor()).isEqualTo("drivermanager");
    assertThat(source.pooling()).isFalse();
    assertThat(sources.of("jdbc:h2:mem:sources-dm;USER=app;PASSWORD=s3cret")).isSameAs(source);
  }

  @Test
  void namesNeverContainAPassword() {
    ConnectionSource h2Settings = sources.of(h2("jdbc:h2:mem:sources-secret;PASSWORD=s3cret"));
    ConnectionSource userInfo = sources.of(h2("jdbc:h2:tcp://app:s3cret@db:9092/mem:shop"));
    ConnectionSource driverManager = sources.of("jdbc:postgresql://app:s3cret@db:5432/shop");
    ConnectionSource query = sources.of("jdbc:postgresql://db:5432/shop?password=s3cret");

    assertThat(h2Settings.name()).isEqualTo("JdbcDataSource(jdbc:h2:mem:sources-secret)");
    assertThat(userInfo.name()).isEqualTo("JdbcDataSource(jdbc:h2:tcp://db:9092/mem:shop)");
    assertThat(driverManager.name()).isEqualTo("DriverManager(jdbc:postgresql://db:5432/shop)");
    assertThat(query.name()).isEqualTo("DriverManager(jdbc:postgresql://db:5432/shop)");
    assertThat(sources.all())
        .extracting(ConnectionSource::name)
        .allSatisfy(name -> assertThat(name).doesNotContain("s3cret"));
  }

  @Test
  void applicationWrapperIsAnUnknownSourceThatMayPool() {
    DataSource wrapper = new WrappingDataSource(h2("jdbc:h2:mem:sources-wrapped"));

    ConnectionSource source = sources.of(wrapper);

    assertThat(source.kind()).isEqualTo(SourceKind.UNKNOWN);
    assertThat(source.pooling()).isTrue();
    assertThat(source.name()).startsWith("WrappingDataSource(");
    assertThat(sources.of(wrapper)).isSameAs(source);
  }

  @Test
  void aNewSourceCountsNothing() {
    ConnectionSource source = sources.of(h2("jdbc:h2:mem:sources-fresh"));

    assertThat(source.borrows()).isZero();
    assertThat(source.returns()).isZero();
    assertThat(source.open()).isZero();
    assertThat(source.holdTimes().snapshot().count()).isZero();
  }
}
