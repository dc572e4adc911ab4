package io.poolagent.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pre-filter decides which classes Byte Buddy ever sees: a class it wrongly rejects is a
 * DataSource or Connection the agent silently does not track. Checked on the real class files of
 * the drivers and pools the test app uses, read as the JVM would hand them to a transformer.
 */
class JdbcTypesTest {

  private final ClassLoader loader = getClass().getClassLoader();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "com/zaxxer/hikari/HikariDataSource",
        "com/zaxxer/hikari/util/DriverDataSource",
        "com/zaxxer/hikari/pool/HikariProxyConnection",
        "org/h2/jdbcx/JdbcDataSource",
        "org/h2/jdbc/JdbcConnection",
        "org/postgresql/ds/PGSimpleDataSource",
        "org/postgresql/ds/common/BaseDataSource",
        "org/postgresql/jdbc/PgConnection",
        "org/mariadb/jdbc/MariaDbDataSource",
        "org/mariadb/jdbc/Connection",
        "java/sql/DriverManager",
        // Not JDBC types, but where Tomcat JDBC's getConnection and UCP's close are declared.
        "org/apache/tomcat/jdbc/pool/DataSourceProxy",
        "oracle/ucp/jdbc/proxy/other/ConnectionProxy"
      })
  void passesEveryJdbcImplementation(String internalName) throws Exception {
    assertThat(JdbcTypes.isCandidate(loader, internalName, classFile(internalName))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "com/zaxxer/hikari/HikariConfig",
        "com/zaxxer/hikari/pool/HikariPool",
        "org/h2/Driver",
        "org/postgresql/Driver",
        "org/mariadb/jdbc/Statement",
        "org/apache/tomcat/jdbc/pool/ConnectionPool",
        "java/util/ArrayList",
        "java/sql/Connection"
      })
  void rejectsWhatIsNoJdbcImplementation(String internalName) throws Exception {
    // java/sql/Connection is the interface itself: interfaces are never instrumented.
    assertThat(JdbcTypes.isCandidate(loader, internalName, classFile(internalName))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      classes = {
        com.zaxxer.hikari.HikariDataSource.class,
        org.postgresql.ds.PGSimpleDataSource.class,
        org.postgresql.ds.common.BaseDataSource.class,
        java.sql.DriverManager.class,
        org.apache.tomcat.jdbc.pool.DataSourceProxy.class
      })
  void passesLoadedJdbcClassesForRetransformation(Class<?> type) {
    assertThat(JdbcTypes.isCandidate(type)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(classes = {String.class, com.zaxxer.hikari.HikariConfig.class, java.sql.Connection.class})
  void rejectsLoadedClassesThatAreNoJdbcImplementation(Class<?> type) {
    assertThat(JdbcTypes.isCandidate(type)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void saysYesWhenItCannotTell() {
    byte[] notAClassFile = {1, 2, 3};
    assertThat(JdbcTypes.isCandidate(loader, "com/example/Odd", notAClassFile)).isTrue();
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
