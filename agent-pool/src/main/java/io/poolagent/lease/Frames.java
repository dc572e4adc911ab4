package io.poolagent.lease;

/**
 * Which stack frames belong to whom. A leak's call site is the first frame, from the top of the
 * borrow stack, that is none of: the JDK, a JDBC driver, a connection pool, data-access framework
 * infrastructure, a generated proxy, or the agent itself. That is the line an engineer has to fix.
 */
public final class Frames {

  /** Packages that are never the application's own code. Prefix match on the class name. */
  private static final String[] INFRASTRUCTURE = {
    // JDK and platform
    "java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.",
    // JDBC drivers
    "org.h2.", "org.postgresql.", "org.mariadb.", "com.mysql.", "oracle.jdbc.", "oracle.ucp.",
    "com.microsoft.sqlserver.", "org.sqlite.", "org.hsqldb.", "org.apache.derby.", "com.ibm.db2.",
    "net.sourceforge.jtds.", "org.firebirdsql.", "com.clickhouse.", "net.snowflake.",
    // connection pools (see POOL too)
    "com.zaxxer.hikari.", "org.apache.commons.dbcp2.", "org.apache.commons.pool2.",
    "org.apache.tomcat.dbcp.", "org.apache.tomcat.jdbc.", "com.mchange.", "io.agroal.",
    "org.vibur.", "com.alibaba.druid.",
    // frameworks between the application and JDBC
    "org.springframework.", "org.hibernate.", "org.jooq.", "org.apache.ibatis.", "org.mybatis.",
    "org.flywaydb.", "liquibase.", "org.jdbi.", "com.querydsl.", "org.apache.commons.dbutils.",
    "io.micronaut.data.", "io.quarkus.", "org.eclipse.persistence.", "io.ebean.",
    "net.ttddyy.dsproxy.", "com.p6spy.", "io.micrometer.", "io.opentelemetry.", "brave.",
    "kotlin.", "scala.",
    // the agent
    "io.poolagent.agent.", "io.poolagent.bootstrap.", "io.poolagent.lease.",
    "io.poolagent.pool.", "io.poolagent.shaded.", "io.poolagent.otel."
  };

  /**
   * Packages of connection pools, the agent's managed pool included: a physical connect made on a
   * stack that passes through one of these is the pool filling itself, not an application borrow.
   */
  private static final String[] POOL = {
    "com.zaxxer.hikari.", "org.apache.commons.dbcp2.", "org.apache.commons.pool2.",
    "org.apache.tomcat.dbcp.", "org.apache.tomcat.jdbc.pool.", "com.mchange.v2.", "io.agroal.",
    "org.vibur.dbcp.", "org.vibur.objectpool.", "oracle.ucp.", "com.alibaba.druid.pool.",
    "org.postgresql.ds.PGPooling",
    "io.poolagent.pool.", "io.poolagent.shaded.com.zaxxer.hikari."
  };

  /**
   * The agent's own frames, dropped from the top of every captured stack; the managed pool's
   * included, so that a managed lease's stack starts where the application's call entered.
   */
  private static final String[] AGENT = {
    "io.poolagent.agent.", "io.poolagent.bootstrap.", "io.poolagent.lease.", "io.poolagent.otel.",
    "io.poolagent.pool."
  };

  private static final StackWalker WALKER = StackWalker.getInstance();

  private Frames() {}

  /**
   * Whether the current thread runs inside a connection pool's code: a pool filling itself, whose
   * physical connect is no lease and must not be pooled again. The agent's own frames are skipped:
   * they are on the stack of every borrow it handles (its managed pool's connects are recognised
   * by their thread, {@code PoolThread}, before any walk). A stack walk: for first borrows and
   * physical connects only, never for a pooled borrow.
   */
  public static boolean poolOnStack() {
    return WALKER.walk(
        frames ->
            frames
                .map(StackWalker.StackFrame::getClassName)
                .anyMatch(name -> !name.startsWith("io.poolagent.") && isPool(name)));
  }

  public static boolean isInfrastructure(String className) {
    return startsWithAny(className, INFRASTRUCTURE) || isGenerated(className);
  }

  public static boolean isPool(String className) {
    return startsWithAny(className, POOL);
  }

  public static boolean isAgent(String className) {
    return startsWithAny(className, AGENT);
  }

  /** CGLIB, Byte Buddy and JDK proxies wrap application classes; the real method is deeper. */
  private static boolean isGenerated(String className) {
    return className.contains("$$") || className.contains("$Proxy") || className.contains("$HibernateProxy");
  }

  private static boolean startsWithAny(String className, String[] prefixes) {
    for (String prefix : prefixes) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
