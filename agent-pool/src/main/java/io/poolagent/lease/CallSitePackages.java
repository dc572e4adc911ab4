package io.poolagent.lease;

/**
 * The packages whose frames are never a leak's call site, by class-name prefix (see {@link
 * Frames}). Precise packages, never a whole vendor prefix where that vendor's namespace also holds
 * application code: Spring's sample applications live in {@code org.springframework.samples},
 * WildFly's quickstarts in {@code org.jboss.as.quickstarts}, jOOQ's examples in {@code
 * org.jooq.example}, MyBatis' JPetStore in {@code org.mybatis.jpetstore}, Jetty's and Undertow's
 * embedded examples, GlassFish's and Payara's samples in their vendors' namespaces. A package
 * missing here makes its frames read as the call site; the {@code callSiteSkip} setting adds it.
 *
 * <p>An entry ending in {@code .*} stands for the classes of that package, not of its
 * sub-packages: jOOQ's API interfaces ({@code org.jooq.ResultQuery.forEach} fetches) but not its
 * examples.
 */
final class CallSitePackages {

  /**
   * What runs or hosts the application, never a line to fix, whatever a class is named: the JDK,
   * language runtimes, servlet containers, application servers, OSGi frameworks, test runners
   * (whose own classes are named like tests), launchers. A borrow whose stack holds only these and
   * {@link #DATA_ACCESS} frames has no call site: {@code unknown}.
   */
  static final String[] HOST = {
    // The JDK, reflection and method handles included. Its com.sun packages one by one: GlassFish
    // and Jersey 1 ship code of their own under com.sun.
    "java.", "javax.", "jdk.", "sun.", "jakarta.", "com.sun.accessibility.", "com.sun.beans.",
    "com.sun.crypto.", "com.sun.imageio.", "com.sun.jarsigner.", "com.sun.java.",
    "com.sun.java_cup.", "com.sun.jdi.", "com.sun.jmx.", "com.sun.jndi.", "com.sun.management.",
    "com.sun.media.", "com.sun.naming.", "com.sun.net.", "com.sun.nio.", "com.sun.org.",
    "com.sun.proxy.", "com.sun.rowset.", "com.sun.security.", "com.sun.source.", "com.sun.swing.",
    "com.sun.tools.", "com.sun.xml.",
    // Language runtimes, between two frames of the application's own code
    "kotlin.", "kotlinx.coroutines.", "scala.", "groovy.", "org.codehaus.groovy.",
    // Tomcat (and TomEE); its pools are in DATA_ACCESS. Compiled JSPs (org.apache.jsp) are the
    // application's.
    "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.util.",
    "org.apache.tomcat.websocket.", "org.apache.jasper.", "org.apache.naming.", "org.apache.el.",
    "org.apache.tomee.", "org.apache.openejb.",
    // Jetty (its examples are org.eclipse.jetty.embedded and .demos)
    "org.eclipse.jetty.server.", "org.eclipse.jetty.servlet.", "org.eclipse.jetty.servlets.",
    "org.eclipse.jetty.ee", "org.eclipse.jetty.util.", "org.eclipse.jetty.io.",
    "org.eclipse.jetty.http.", "org.eclipse.jetty.http2.", "org.eclipse.jetty.webapp.",
    "org.eclipse.jetty.security.", "org.eclipse.jetty.session.", "org.eclipse.jetty.websocket.",
    "org.eclipse.jetty.start.",
    // Undertow (its examples are io.undertow.examples)
    "io.undertow.server.", "io.undertow.servlet.", "io.undertow.websockets.",
    "io.undertow.security.", "io.undertow.util.",
    // WildFly and JBoss (quickstarts are org.jboss.as.quickstarts); its JCA is in DATA_ACCESS
    "org.jboss.as.ee.", "org.jboss.as.ejb3.", "org.jboss.as.weld.", "org.jboss.as.naming.",
    "org.jboss.as.server.", "org.jboss.as.jpa.", "org.jboss.as.txn.", "org.jboss.as.security.",
    "org.jboss.as.web.", "org.jboss.as.webservices.", "org.jboss.as.jaxrs.",
    "org.jboss.as.controller.", "org.jboss.as.threads.", "org.jboss.as.remoting.",
    "org.wildfly.extension.", "org.wildfly.security.", "org.wildfly.transaction.",
    "org.wildfly.clustering.", "org.wildfly.naming.", "org.wildfly.common.", "org.jboss.modules.",
    "org.jboss.threads.", "org.jboss.msc.", "org.jboss.invocation.", "org.jboss.weld.",
    "org.jboss.ejb.client.", "org.jboss.remoting3.", "org.jboss.resteasy.core.",
    "org.jboss.resteasy.plugins.", "org.jboss.resteasy.spi.", "org.jboss.resteasy.reactive.",
    // Open Liberty and WebSphere: com.ibm.ws. holds their JDBC wrappers (rsadapter, jdbc) too.
    // Not com.ibm.websphere., which holds the DayTrader sample.
    "com.ibm.ws.", "com.ibm.wsspi.", "com.ibm.ejs.", "com.ibm.io.",
    // GlassFish and Payara (samples are org.glassfish.samples and fish.payara.samples);
    // com.sun.enterprise. holds GlassFish's resource and connector packages too
    "com.sun.enterprise.", "com.sun.ejb.", "com.sun.appserv.", "org.glassfish.api.",
    "org.glassfish.internal.", "org.glassfish.grizzly.", "org.glassfish.hk2.",
    "org.glassfish.weld.", "org.glassfish.ejb.", "org.glassfish.web.", "org.glassfish.wasp.",
    "org.glassfish.concurrent.", "org.glassfish.enterprise.concurrent.",
    "org.glassfish.persistence.", "org.glassfish.deployment.", "org.glassfish.main.",
    "org.glassfish.kernel.", "org.glassfish.jersey.server.", "org.glassfish.jersey.servlet.",
    "org.glassfish.jersey.internal.", "org.glassfish.jersey.process.",
    "org.glassfish.jersey.inject.", "org.glassfish.jersey.message.", "fish.payara.nucleus.",
    "fish.payara.appserver.", "fish.payara.micro.", "fish.payara.ejb.", "fish.payara.security.",
    // OSGi frameworks
    "org.osgi.", "org.apache.felix.framework.", "org.apache.felix.main.", "org.apache.felix.scr.",
    "org.apache.felix.http.", "org.eclipse.osgi.", "org.eclipse.equinox.launcher.",
    "org.eclipse.equinox.internal.", "org.apache.karaf.main.",
    // Event loops
    "io.netty.util.concurrent.", "io.netty.channel.", "io.vertx.core.", "reactor.core.",
    "reactor.netty.",
    // Test runners, build tools and IDEs running tests or a main class
    "org.junit.", "junit.", "org.testng.", "org.apache.maven.surefire.",
    "org.apache.maven.plugin.surefire.", "org.apache.maven.plugin.failsafe.",
    "org.apache.maven.cli.", "org.codehaus.plexus.classworlds.", "org.codehaus.mojo.exec.",
    "org.gradle.api.internal.tasks.testing.", "org.gradle.internal.",
    "org.gradle.process.internal.", "worker.org.gradle.", "com.intellij.rt.", "com.intellij.junit",
    "org.eclipse.jdt.internal.junit", "org.jboss.arquillian.", "org.hibernate.testing.",
    // Spring: web and MVC dispatch, test support, Boot's launchers
    "org.springframework.web.", "org.springframework.http.", "org.springframework.test.",
    "org.springframework.mock.", "org.springframework.boot.test.",
    "org.springframework.boot.loader.", "org.springframework.boot.devtools.restart."
  };

  /**
   * What sits between the application and JDBC: drivers, pools, JCA wrappers, data-access
   * frameworks, proxies and interceptors. Their vendors keep their own tests in these packages
   * (HikariCP's {@code com.zaxxer.hikari.pool.TestConnections}, Spring's {@code
   * JdbcTemplateTests}), so a class here named like a test is the application ({@link
   * Frames#isNamedLikeTest}).
   */
  static final String[] DATA_ACCESS = {
    // JDBC drivers
    "org.h2.", "org.postgresql.", "org.mariadb.", "com.mysql.", "oracle.jdbc.", "oracle.ucp.",
    "com.microsoft.sqlserver.", "org.sqlite.", "org.hsqldb.", "org.apache.derby.", "com.ibm.db2.",
    "net.sourceforge.jtds.", "org.firebirdsql.", "com.clickhouse.", "net.snowflake.",
    // Connection pools. HikariCP by package: its tests' stubs and helpers live in
    // com.zaxxer.hikari.mocks, .db, .osgi and .datasource.
    "com.zaxxer.hikari.*", "com.zaxxer.hikari.pool.", "com.zaxxer.hikari.util.",
    "com.zaxxer.hikari.metrics.", "com.zaxxer.hikari.hibernate.", "org.apache.commons.dbcp2.",
    "org.apache.commons.pool2.", "org.apache.tomcat.dbcp.", "org.apache.tomcat.jdbc.",
    "com.mchange.", "io.agroal.", "org.vibur.", "com.alibaba.druid.", "com.atomikos.jdbc.",
    "com.atomikos.datasource.", "com.atomikos.icatch.",
    // Application servers' JCA and JDBC wrappers, transaction managers
    "org.jboss.jca.", "org.jboss.as.connector.", "com.sun.gjc.", "org.glassfish.jdbc.",
    "org.glassfish.resources.", "org.glassfish.connectors.", "fish.payara.jdbc.",
    "org.apache.geronimo.connector.", "com.ibm.websphere.rsadapter.", "com.arjuna.ats.",
    "org.jboss.narayana.",
    // OSGi's JDBC services, which wrap a pool above the application's bundle
    "org.ops4j.pax.jdbc.", "org.apache.aries.transaction.jdbc.",
    // Spring Framework, module by module (never org.springframework. as a whole)
    "org.springframework.aop.", "org.springframework.aot.", "org.springframework.asm.",
    "org.springframework.beans.", "org.springframework.cache.", "org.springframework.cglib.",
    "org.springframework.context.", "org.springframework.core.", "org.springframework.dao.",
    "org.springframework.ejb.", "org.springframework.expression.", "org.springframework.format.",
    "org.springframework.instrument.", "org.springframework.jca.", "org.springframework.jdbc.",
    "org.springframework.jms.", "org.springframework.jmx.", "org.springframework.jndi.",
    "org.springframework.messaging.", "org.springframework.objenesis.", "org.springframework.orm.",
    "org.springframework.oxm.", "org.springframework.r2dbc.", "org.springframework.resilience.",
    "org.springframework.scheduling.", "org.springframework.scripting.",
    "org.springframework.transaction.", "org.springframework.util.",
    "org.springframework.validation.",
    // Spring projects that borrow connections themselves or call into the application
    "org.springframework.boot.", "org.springframework.data.", "org.springframework.batch.",
    "org.springframework.integration.", "org.springframework.security.",
    "org.springframework.session.", "org.springframework.retry.", "org.springframework.cloud.",
    "org.springframework.kafka.", "org.springframework.amqp.", "org.springframework.modulith.",
    "org.springframework.graphql.", "org.springframework.ws.",
    // ORMs, SQL libraries, migrations (jOOQ's examples are org.jooq.example, MyBatis' JPetStore
    // org.mybatis.jpetstore, Jdbi's org.jdbi.v3.examples)
    "org.hibernate.", "org.jooq.*", "org.jooq.impl.", "org.jooq.tools.", "org.jooq.conf.",
    "org.jooq.exception.", "org.jooq.util.", "org.jooq.meta.", "org.jooq.codegen.",
    "org.jooq.migrations.", "org.apache.ibatis.", "org.mybatis.spring.", "org.mybatis.dynamic.sql.",
    "org.mybatis.scripting.", "org.mybatis.guice.", "org.mybatis.cdi.", "org.flywaydb.core.",
    "org.flywaydb.database.", "org.flywaydb.community.", "liquibase.", "org.jdbi.v3.core.",
    "org.jdbi.v3.sqlobject.", "org.jdbi.v3.spring", "org.jdbi.v3.guice.", "org.skife.jdbi.v2.",
    "com.querydsl.core.", "com.querydsl.sql.", "com.querydsl.jpa.", "org.apache.commons.dbutils.",
    "io.micronaut.data.", "io.micronaut.transaction.", "io.micronaut.jdbc.", "io.micronaut.aop.",
    "io.quarkus.", "org.eclipse.persistence.internal.", "org.eclipse.persistence.sessions.",
    "org.eclipse.persistence.jpa.", "org.eclipse.persistence.queries.",
    "org.eclipse.persistence.transaction.", "org.eclipse.persistence.platform.", "io.ebean.",
    // Proxies, bytecode and AOP runtimes around application classes
    "net.bytebuddy.", "javassist.", "net.sf.cglib.", "org.objenesis.", "org.aspectj.",
    "org.aopalliance.",
    // JDBC wrappers for tracing and metrics (OpenTelemetry's examples are io.opentelemetry.example,
    // Micrometer's samples io.micrometer.core.samples)
    "net.ttddyy.dsproxy.", "net.ttddyy.observation.", "com.p6spy.",
    "io.micrometer.core.instrument.", "io.micrometer.core.aop.", "io.micrometer.observation.",
    "io.micrometer.tracing.", "io.micrometer.context.", "io.opentelemetry.instrumentation.",
    "io.opentelemetry.javaagent.", "io.opentelemetry.api.", "io.opentelemetry.context.",
    "io.opentelemetry.sdk.", "brave."
  };

  /**
   * The agent's own packages: its frames are never a call site, whatever the setting says, and its
   * own calls of {@code getConnection} (the managed pool's) are never marked as one.
   */
  static final String[] AGENT = {
    "io.poolagent.agent.", "io.poolagent.bootstrap.", "io.poolagent.lease.", "io.poolagent.pool.",
    "io.poolagent.shaded.", "io.poolagent.otel."
  };

  private CallSitePackages() {}
}
