package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        // JDK
        "java.lang.Thread",
        "java.util.concurrent.ThreadPoolExecutor$Worker",
        "jdk.internal.reflect.DirectMethodHandleAccessor",
        "sun.reflect.NativeMethodAccessorImpl",
        "javax.sql.DataSource",
        // drivers
        "org.h2.jdbcx.JdbcDataSource",
        "org.postgresql.jdbc.PgConnection",
        "org.mariadb.jdbc.MariaDbDataSource",
        "com.mysql.cj.jdbc.ConnectionImpl",
        "oracle.jdbc.driver.PhysicalConnection",
        // pools
        "com.zaxxer.hikari.HikariDataSource",
        "com.zaxxer.hikari.pool.HikariPool",
        "org.apache.commons.dbcp2.BasicDataSource",
        "org.apache.tomcat.jdbc.pool.ConnectionPool",
        "com.mchange.v2.c3p0.impl.AbstractPoolBackedDataSource",
        "io.agroal.pool.ConnectionPool",
        "com.alibaba.druid.pool.DruidDataSource",
        // frameworks
        "org.springframework.jdbc.core.JdbcTemplate",
        "org.springframework.jdbc.datasource.DataSourceUtils",
        "org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl",
        "org.hibernate.internal.SessionImpl",
        "org.jooq.impl.DefaultConnectionProvider",
        "org.apache.ibatis.session.defaults.DefaultSqlSession",
        // generated proxies around application classes
        "com.example.shop.OrderService$$SpringCGLIB$$0",
        "com.example.shop.OrderService$$EnhancerBySpringCGLIB$$5f2a1b3c",
        "com.example.shop.Order$HibernateProxy$k8Ds2Lx1",
        "jdk.proxy2.$Proxy42",
        "com.example.shop.$Proxy7",
        // the agent
        "io.poolagent.lease.LeaseTracker",
        "io.poolagent.agent.instrumentation.GetConnectionAdvice",
        "io.poolagent.bootstrap.PoolAgentBridge",
        "io.poolagent.pool.ManagedPool",
        "io.poolagent.shaded.com.zaxxer.hikari.HikariDataSource"
      })
  void infrastructureIsNeverACallSite(String className) {
    assertThat(Frames.isInfrastructure(className)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.poolagent.testapp.scenarios.LeakInMethod",
        "io.poolagent.testapp.Main",
        "com.example.shop.OrderService",
        "com.example.shop.OrderService$1",
        "com.example.shop.Order$Line",
        "org.example.batch.ExportJob",
        "Main"
      })
  void applicationCodeIsNotInfrastructure(String className) {
    assertThat(Frames.isInfrastructure(className)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.poolagent.lease.LeaseTracker",
        "io.poolagent.lease.StackCapture",
        "io.poolagent.agent.instrumentation.GetConnectionAdvice",
        "io.poolagent.bootstrap.PoolAgentBridge",
        "io.poolagent.otel.OtelLeaseListener",
        "io.poolagent.pool.ManagedPool"
      })
  void agentFramesAreDroppedFromBorrowStacks(String className) {
    assertThat(Frames.isAgent(className)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.poolagent.testapp.scenarios.LeakInMethod",
        "com.example.shop.OrderService",
        "com.zaxxer.hikari.HikariDataSource",
        "org.springframework.jdbc.core.JdbcTemplate",
        "java.lang.Thread"
      })
  void onlyTheAgentsOwnFramesAreAgentFrames(String className) {
    assertThat(Frames.isAgent(className)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "com.zaxxer.hikari.pool.HikariPool",
        "com.zaxxer.hikari.util.ConcurrentBag",
        "org.apache.commons.dbcp2.BasicDataSource",
        "org.apache.commons.pool2.impl.GenericObjectPool",
        "org.apache.tomcat.jdbc.pool.ConnectionPool",
        "com.mchange.v2.resourcepool.BasicResourcePool",
        "io.agroal.pool.ConnectionFactory",
        "org.vibur.dbcp.ViburDBCPDataSource",
        "oracle.ucp.jdbc.PoolDataSourceImpl",
        "com.alibaba.druid.pool.DruidDataSource",
        "org.postgresql.ds.PGPoolingDataSource",
        "io.poolagent.pool.ManagedPool",
        "io.poolagent.shaded.com.zaxxer.hikari.pool.HikariPool"
      })
  void poolFramesMarkAPoolFillingItself(String className) {
    assertThat(Frames.isPool(className)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "org.h2.jdbcx.JdbcDataSource",
        "org.postgresql.ds.PGSimpleDataSource",
        "org.springframework.jdbc.datasource.DriverManagerDataSource",
        "com.example.shop.OrderService",
        "io.poolagent.lease.LeaseTracker"
      })
  void driversFrameworksAndApplicationsAreNotPools(String className) {
    assertThat(Frames.isPool(className)).isFalse();
  }
}
