package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The name each real pool gets: its own where it has one, else {@code <vendor>-<n>}. Pools are
 * registered after a first borrow, as the agent does.
 */
class ConnectionSourcesPoolsTest {

  private final ConnectionSources sources = new ConnectionSources();
  private final List<DataSource> pools = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (DataSource pool : pools) {
      TestPools.close(pool);
    }
  }

  private DataSource borrowedFrom(TestPools kind, String name) throws Exception {
    String url = "jdbc:h2:mem:names-" + kind + "-" + pools.size();
    DataSource pool = kind.create(TestPools.Settings.of(url).name(name));
    pools.add(pool);
    try (Connection connection = pool.getConnection()) {
      assertThat(connection.isValid(1)).isTrue();
    }
    return pool;
  }

  @ParameterizedTest
  @EnumSource(
      value = TestPools.class,
      names = {"HIKARI", "TOMCAT_JDBC", "C3P0", "VIBUR", "UCP", "DRUID"})
  void aPoolThatIsNamedKeepsItsName(TestPools kind) throws Exception {
    String name = "testapp-" + kind.name().toLowerCase(Locale.ROOT);

    ConnectionSource source = sources.of(borrowedFrom(kind, name));

    assertThat(source.name()).isEqualTo(name);
  }

  @ParameterizedTest
  @EnumSource(value = TestPools.class, mode = EnumSource.Mode.EXCLUDE, names = "HIKARI")
  void unnamedPoolsAreNumberedPerVendorInOrderOfFirstBorrow(TestPools kind) throws Exception {
    ConnectionSource first = sources.of(borrowedFrom(kind, null));
    ConnectionSource second = sources.of(borrowedFrom(kind, null));

    assertThat(first.name()).isEqualTo(kind.vendor + "-1");
    assertThat(second.name()).isEqualTo(kind.vendor + "-2");
    assertThat(sources.of(pools.get(0))).isSameAs(first);
  }

  @ParameterizedTest
  @EnumSource(value = TestPools.class, mode = EnumSource.Mode.EXCLUDE, names = "HIKARI")
  void eachVendorCountsItsOwnUnnamedPools(TestPools kind) throws Exception {
    sources.of(borrowedFrom(TestPools.HIKARI, null));

    assertThat(sources.of(borrowedFrom(kind, null)).name()).isEqualTo(kind.vendor + "-1");
  }

  @Test
  void hikariNamesItselfWhenUnnamed() throws Exception {
    assertThat(sources.of(borrowedFrom(TestPools.HIKARI, null)).name()).matches("HikariPool-\\d+");
  }

  @Test
  void twoPoolsOfOneNameAreToldApart() throws Exception {
    ConnectionSource first = sources.of(borrowedFrom(TestPools.DRUID, "orders"));
    ConnectionSource second = sources.of(borrowedFrom(TestPools.TOMCAT_JDBC, "orders"));

    assertThat(first.name()).isEqualTo("orders");
    assertThat(second.name()).isEqualTo("orders#2");
  }
}
