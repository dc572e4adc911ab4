package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.config.CallSiteSkip;
import io.poolagent.config.SettingsParser;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramesTest {

  @AfterEach
  void forgetTheSetting() {
    Frames.setCallSiteSkip(CallSiteSkip.NONE);
  }

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
        "com.zaxxer.hikari.pool.HikariProxyConnection",
        "com.zaxxer.hikari.pool.ProxyConnection",
        "com.zaxxer.hikari.util.ConcurrentBag",
        "com.zaxxer.hikari.util.DriverDataSource",
        "com.zaxxer.hikari.HikariConfig",
        // app servers' JCA and JDBC wrappers
        "org.jboss.jca.adapters.jdbc.WrapperDataSource",
        "org.jboss.as.connector.subsystems.datasources.WildFlyDataSource",
        "com.ibm.ws.rsadapter.jdbc.WSJdbcDataSource",
        "com.ibm.ws.jdbc.DataSourceService",
        "com.sun.gjc.spi.jdbc40.DataSource40",
        "com.sun.enterprise.resource.pool.ConnectionPool",
        "org.glassfish.jdbc.deployer.DataSourceDefinitionDeployer",
        "io.agroal.pool.DataSource",
        // Spring, module by module
        "org.springframework.jdbc.core.JdbcTemplate",
        "org.springframework.jdbc.datasource.DataSourceUtils",
        "org.springframework.orm.jpa.JpaTransactionManager",
        "org.springframework.transaction.interceptor.TransactionInterceptor",
        "org.springframework.data.jpa.repository.support.SimpleJpaRepository",
        "org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor",
        "org.springframework.dao.support.PersistenceExceptionTranslationInterceptor",
        "org.springframework.cglib.proxy.MethodProxy",
        "org.springframework.beans.factory.support.AbstractBeanFactory",
        "org.springframework.context.support.AbstractApplicationContext",
        "org.springframework.boot.SpringApplication",
        "org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer",
        // other frameworks
        "org.jooq.ResultQuery",
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
        "com.example.stock.StockService_ClientProxy",
        "com.example.stock.StockService_Subclass",
        // OSGi's JDBC services
        "org.ops4j.pax.jdbc.pool.common.impl.PooledDataSourceFactory",
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

  /** What runs the application is never its call site, not even a runner named like a test. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        // servlet containers
        "org.apache.catalina.core.ApplicationFilterChain",
        "org.apache.coyote.http11.Http11Processor",
        "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor",
        "jakarta.servlet.http.HttpServlet",
        "org.eclipse.jetty.ee10.servlet.ServletHolder",
        "org.eclipse.jetty.server.handler.ContextHandler",
        "io.undertow.servlet.handlers.ServletHandler",
        // application servers
        "org.jboss.as.ee.component.ProxyInvocationHandler",
        "org.jboss.as.ejb3.tx.CMTTxInterceptor",
        "org.wildfly.extension.undertow.deployment.GlobalRequestControllerHandler",
        "org.jboss.modules.ModuleClassLoader",
        "org.jboss.weld.bean.proxy.CombinedInterceptorAndDecoratorStackMethodHandler",
        "com.ibm.ws.webcontainer.servlet.ServletWrapper",
        "com.ibm.ejs.j2c.ConnectionManager",
        "com.sun.enterprise.web.WebPipeline",
        "com.sun.ejb.containers.BaseContainer",
        "org.glassfish.jersey.server.ServerRuntime$1",
        "fish.payara.micro.impl.PayaraMicroImpl",
        // OSGi
        "org.apache.felix.framework.BundleImpl",
        "org.apache.felix.scr.impl.manager.ComponentContextImpl",
        "org.eclipse.osgi.internal.framework.BundleContextImpl",
        "org.osgi.util.tracker.ServiceTracker",
        // test runners, test support named like tests included
        "org.junit.runners.model.FrameworkMethod$1",
        "org.junit.jupiter.engine.descriptor.TestMethodTestDescriptor",
        "org.junit.platform.engine.support.hierarchical.NodeTestTask",
        "junit.framework.TestCase",
        "org.testng.TestRunner",
        "org.apache.maven.surefire.booter.ForkedBooter",
        "org.gradle.api.internal.tasks.testing.worker.TestWorker",
        "worker.org.gradle.process.internal.worker.GradleWorkerMain",
        "com.intellij.rt.junit.JUnitStarter",
        "org.springframework.test.context.TestContextManager",
        "org.springframework.boot.test.context.SpringBootContextLoader",
        "org.hibernate.testing.junit4.BaseCoreFunctionalTestCase",
        // Spring's web dispatch, Spring Boot's launcher
        "org.springframework.web.servlet.DispatcherServlet",
        "org.springframework.web.filter.OncePerRequestFilter",
        "org.springframework.web.method.support.InvocableHandlerMethod",
        "org.springframework.boot.loader.launch.JarLauncher",
        // the JDK's own com.sun packages and reflection
        "com.sun.net.httpserver.HttpServer",
        "com.sun.rowset.JdbcRowSetImpl",
        "java.lang.reflect.Method",
        "jdk.internal.reflect.DirectMethodHandleAccessor"
      })
  void hostsAreNeverACallSite(String className) {
    assertThat(Frames.isInfrastructure(className)).isTrue();
  }

  /**
   * Vendors' namespaces hold applications too: their samples, quickstarts and examples, and the
   * vendors' own tests beside the classes they test.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "org.springframework.samples.petclinic.owner.OwnerController",
        "org.springframework.samples.petclinic.owner.OwnerController$1",
        "org.springframework.jdbc.core.JdbcTemplateTests",
        "org.jboss.as.quickstarts.kitchensink.data.MemberRepository",
        "org.glassfish.samples.jdbc.OrderServlet",
        "fish.payara.samples.datasource.DataSourceBean",
        "com.ibm.websphere.samples.daytrader.impl.direct.TradeDirect",
        "org.jooq.example.spring.BookService",
        "org.mybatis.jpetstore.service.CatalogService",
        "org.eclipse.jetty.embedded.OneServletContext",
        "io.undertow.examples.servlet.ServletServer",
        "com.sun.jersey.samples.bookstore.resources.Bookstore",
        "com.zaxxer.hikari.pool.TestConnections",
        "com.zaxxer.hikari.pool.TestConnections$1",
        "com.zaxxer.hikari.pool.TestElf",
        "com.zaxxer.hikari.pool.ShutdownTest",
        "com.zaxxer.hikari.pool.SaturatedPoolTest830",
        "com.zaxxer.hikari.db.BasicPoolTest",
        "com.zaxxer.hikari.mocks.StubDataSource",
        "org.h2.test.db.TestTransaction",
        "org.postgresql.test.jdbc2.ConnectionTest",
        "org.apache.jsp.index_jsp"
      })
  void applicationCodeInAVendorsNamespaceIsACallSite(String className) {
    assertThat(Frames.isInfrastructure(className)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Test",
        "TestConnections",
        "a.b.TestElf",
        "a.b.PoolTest",
        "a.b.PoolTests",
        "a.b.PoolTestCase",
        "a.b.PoolIT",
        "a.b.Pool2IT",
        "a.b.SaturatedPoolTest830",
        "a.b.TestConnections$1",
        "a.b.PoolTest$Nested$2"
      })
  void testNames(String className) {
    assertThat(Frames.isNamedLikeTest(className)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a.b.Testcontainers",
        "a.b.TesterDriver",
        "a.b.Latest",
        "a.b.Contest",
        "a.b.LIMIT",
        "a.b.Audit",
        "a.b.HikariDataSource",
        "a.b.Tester$Test",
        "a.Test.Pool",
        "IT"
      })
  void namesThatAreNoTests(String className) {
    assertThat(Frames.isNamedLikeTest(className)).isFalse();
  }

  @Test
  void theSettingAddsAndRemovesPrefixes() throws Exception {
    Frames.setCallSiteSkip(skip("+com.acme.dal.;-org.jooq."));

    assertThat(Frames.isInfrastructure("com.acme.dal.OrderDao")).isTrue();
    assertThat(Frames.isInfrastructure("com.acme.shop.OrderService")).isFalse();
    assertThat(Frames.isInfrastructure("org.jooq.impl.DataSourceConnectionProvider")).isFalse();
    assertThat(Frames.isInfrastructure("org.jooq.ResultQuery")).isFalse();
    assertThat(Frames.isInfrastructure("org.hibernate.internal.SessionImpl")).isTrue();
  }

  @Test
  void theLongestMatchingEntryOfTheSettingDecides() throws Exception {
    Frames.setCallSiteSkip(skip("+com.acme.;-com.acme.web.;-org.apache.catalina."));

    assertThat(Frames.isInfrastructure("com.acme.dal.OrderDao")).isTrue();
    assertThat(Frames.isInfrastructure("com.acme.web.OrderController")).isFalse();
    // The user's word beats the agent's lists, hosts included...
    assertThat(Frames.isInfrastructure("org.apache.catalina.core.ApplicationFilterChain"))
        .isFalse();
    // ...and the test-name rule.
    Frames.setCallSiteSkip(skip("+com.zaxxer.hikari.pool.Test"));
    assertThat(Frames.isInfrastructure("com.zaxxer.hikari.pool.TestConnections")).isTrue();
  }

  @Test
  void theSettingNeverMakesTheAgentOrAGeneratedProxyACallSite() throws Exception {
    Frames.setCallSiteSkip(skip("-io.poolagent.;-com.example."));

    assertThat(Frames.isInfrastructure("io.poolagent.lease.LeaseTracker")).isTrue();
    assertThat(Frames.isInfrastructure("com.example.shop.OrderService$$SpringCGLIB$$0")).isTrue();
    assertThat(Frames.isInfrastructure("com.example.shop.OrderService")).isFalse();
    assertThat(Frames.isInfrastructure("io.poolagent.testapp.Main")).isFalse();
  }

  private static CallSiteSkip skip(String value) throws Exception {
    return SettingsParser.parse("callSiteSkip=" + value, Map.of(), Map.of()).callSiteSkip();
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
        "io.poolagent.lease.LeaseTracker",
        // a pool's own tests, which may call a driver directly
        "com.zaxxer.hikari.pool.TestConnections",
        "org.apache.commons.dbcp2.TestBasicDataSource"
      })
  void driversFrameworksAndApplicationsAreNotPools(String className) {
    assertThat(Frames.isPool(className)).isFalse();
  }
}
