package io.poolagent.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

class JdbcTransformerTest {

  /** Tomcat JDBC and Vibur hand out JDK proxies: their close() must be woven like any other. */
  @Test
  void theJdksDynamicProxiesAreNotExcluded() {
    Object proxy =
        Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> null);

    assertThat(JdbcTransformer.isExcluded(proxy.getClass().getName().replace('.', '/'))).isFalse();
  }

  @Test
  void theJdkTheAgentAndTheOpenTelemetryAgentAreExcluded() {
    assertThat(JdbcTransformer.isExcluded("java/util/ArrayList")).isTrue();
    assertThat(JdbcTransformer.isExcluded("jdk/internal/misc/Unsafe")).isTrue();
    assertThat(JdbcTransformer.isExcluded("sun/nio/ch/FileChannelImpl")).isTrue();
    assertThat(JdbcTransformer.isExcluded("io/poolagent/lease/Lease")).isTrue();
    assertThat(JdbcTransformer.isExcluded("io/opentelemetry/javaagent/bootstrap/AgentClassLoader")).isTrue();
    assertThat(JdbcTransformer.isExcluded("java/sql/DriverManager")).isFalse();
    assertThat(JdbcTransformer.isExcluded("org/h2/jdbc/JdbcConnection")).isFalse();
  }

  @Test
  void theJdksOwnModulesAreLeftAloneButDriverManager() throws Exception {
    Class<?> mbeanServer = Class.forName("javax.management.MBeanServer");
    Class<?> rowSet = Class.forName("javax.sql.rowset.RowSetProvider");

    assertThat(jdkModuleClass(mbeanServer)).isTrue();
    assertThat(jdkModuleClass(rowSet)).isTrue();
    assertThat(rowSet.getClassLoader()).isEqualTo(ClassLoader.getPlatformClassLoader());
    assertThat(jdkModuleClass(java.sql.DriverManager.class)).isFalse();
    // The application's classes, in a named module or not, are the application's.
    assertThat(jdkModuleClass(getClass())).isFalse();
    assertThat(
            JdbcTransformer.isJdkModuleClass(
                mbeanServer.getModule(), getClass().getClassLoader(), "com/example/Dao"))
        .isFalse();
  }

  private static boolean jdkModuleClass(Class<?> type) {
    return JdbcTransformer.isJdkModuleClass(
        type.getModule(), type.getClassLoader(), type.getName().replace('.', '/'));
  }

  /** Every package of the agent's jar is its own; the test app and benchmarks are applications. */
  @Test
  void theAgentsPackagesAreExcludedItsTestAppIsNot() {
    assertThat(JdbcTransformer.isExcluded("io/poolagent/bootstrap/PoolAgentBridge")).isTrue();
    assertThat(JdbcTransformer.isExcluded("io/poolagent/pool/ManagedConnection")).isTrue();
    assertThat(JdbcTransformer.isExcluded("io/poolagent/otel/LeakTelemetry")).isTrue();
    assertThat(JdbcTransformer.isExcluded("io/poolagent/shaded/com/zaxxer/hikari/HikariDataSource"))
        .isTrue();
    assertThat(JdbcTransformer.isExcluded("io/poolagent/testapp/orders/Orders")).isFalse();
    assertThat(JdbcTransformer.isExcluded("io/poolagent/benchmarks/StubDataSource")).isFalse();
  }
}
