package io.poolagent.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decides which classes are woven: a class it wrongly rejects is a DataSource or Connection the
 * agent silently does not track, one it wrongly accepts gets borrows that are none. Checked on the real class files of
 * the drivers and pools the test app uses, read as the JVM would hand them to a transformer.
 */
class JdbcTypesTest {

  private final ClassLoader loader = getClass().getClassLoader();

  @ParameterizedTest
  @CsvSource({
    // A DataSource (1) and a pool with its own way to end a borrow (32).
    "com/zaxxer/hikari/HikariDataSource, 33",
    "org/apache/commons/dbcp2/BasicDataSource, 33",
    "org/apache/tomcat/dbcp/dbcp2/BasicDataSource, 33",
    "org/vibur/dbcp/ViburDBCPDataSource, 33",
    "org/apache/commons/dbcp2/PoolingDriver, 32",
    "com/zaxxer/hikari/util/DriverDataSource, 1",
    "com/zaxxer/hikari/pool/ProxyConnection, 2",
    "com/zaxxer/hikari/pool/PoolBase, 8",
    "org/h2/jdbcx/JdbcDataSource, 1",
    "org/h2/jdbc/JdbcConnection, 2",
    "org/postgresql/ds/common/BaseDataSource, 1",
    "org/postgresql/jdbc/PgConnection, 2",
    "org/mariadb/jdbc/MariaDbDataSource, 1",
    "org/mariadb/jdbc/Connection, 2",
    "java/sql/DriverManager, 4",
    // No JDBC types, but where Tomcat JDBC's getConnection and UCP's close are declared.
    "org/apache/tomcat/jdbc/pool/DataSourceProxy, 1",
    "oracle/ucp/jdbc/proxy/other/ConnectionProxy, 2"
  })
  void recognisesEveryJdbcImplementation(String internalName, int kinds) throws Exception {
    assertThat(JdbcTypes.kinds(loader, internalName, classFile(internalName))).isEqualTo(kinds);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "com/zaxxer/hikari/HikariConfig",
        "com/zaxxer/hikari/pool/HikariPool",
        // JDBC types that inherit the methods from a class that is woven instead.
        "com/zaxxer/hikari/pool/HikariProxyConnection",
        "org/postgresql/ds/PGSimpleDataSource",
        "org/h2/Driver",
        "org/postgresql/Driver",
        "org/mariadb/jdbc/Statement",
        "org/apache/tomcat/jdbc/pool/ConnectionPool",
        // Inherits invalidateConnection from BasicDataSource, which is woven instead.
        "org/apache/commons/dbcp2/managed/BasicManagedDataSource",
        "java/util/ArrayList",
        "java/sql/Connection"
      })
  void rejectsWhatHasNothingToWeave(String internalName) throws Exception {
    // java/sql/Connection is the interface itself: interfaces are never instrumented.
    assertThat(JdbcTypes.kinds(loader, internalName, classFile(internalName)))
        .isEqualTo(JdbcTypes.NONE);
  }

  @ParameterizedTest
  @ValueSource(
      classes = {
        com.zaxxer.hikari.HikariDataSource.class,
        org.postgresql.ds.PGSimpleDataSource.class,
        org.postgresql.ds.common.BaseDataSource.class,
        org.h2.jdbc.JdbcConnection.class,
        java.sql.DriverManager.class,
        org.apache.tomcat.jdbc.pool.DataSourceProxy.class
      })
  void recognisesLoadedJdbcClassesForRetransformation(Class<?> type) {
    assertThat(JdbcTypes.kinds(type)).isNotEqualTo(JdbcTypes.NONE);
  }

  @ParameterizedTest
  @ValueSource(
      classes = {
        com.zaxxer.hikari.HikariDataSource.class,
        org.apache.commons.dbcp2.BasicDataSource.class,
        org.vibur.dbcp.ViburDBCPDataSource.class
      })
  void recognisesLoadedPoolsWithTheirOwnWayToEndABorrowForRetransformation(Class<?> type) {
    assertThat(JdbcTypes.kinds(type)).isEqualTo(JdbcTypes.DATA_SOURCE | JdbcTypes.EVICTOR);
  }

  @ParameterizedTest
  @ValueSource(classes = {String.class, com.zaxxer.hikari.HikariConfig.class, java.sql.Connection.class})
  void rejectsLoadedClassesThatAreNoJdbcImplementation(Class<?> type) {
    assertThat(JdbcTypes.kinds(type)).isEqualTo(JdbcTypes.NONE);
  }

  @Test
  void aCovariantReturnTypeIsAConnectionThroughItsSupertypes() {
    assertThat(JdbcTypes.isConnection(loader, "org/postgresql/jdbc/PgConnection")).isTrue();
    assertThat(JdbcTypes.isConnection(loader, "org/postgresql/ds/PGSimpleDataSource")).isFalse();
  }

  @Test
  void whatItCannotReadIsNotWoven() {
    // Weaving a class it cannot read could turn any method named getConnection into a borrow.
    byte[] notAClassFile = {1, 2, 3};
    assertThat(JdbcTypes.kinds(loader, "com/example/Odd", notAClassFile)).isEqualTo(JdbcTypes.NONE);
  }

  private byte[] classFile(String internalName) throws Exception {
    try (InputStream in =
        internalName.startsWith("java/")
            ? ClassLoader.getPlatformClassLoader().getResourceAsStream(internalName + ".class")
            : loader.getResourceAsStream(internalName + ".class")) {
      assertThat(in).as(internalName).isNotNull();
      return in.readAllBytes();
    }
  }
}
