package io.poolagent.lease;

import java.util.HashMap;
import java.util.Map;

/**
 * Tells pools from non-pooling DataSources by class name, walking superclasses and interfaces, so
 * that no pool or driver class is ever loaded by the agent. The answer is cached per class in a
 * {@link ClassValue}: after the first borrow it costs one lookup.
 */
public final class SourceClassifier {

  /** A class name and what it makes of its subclasses. */
  private record Known(SourceKind kind, String vendor) {}

  private static final Map<String, Known> KNOWN = new HashMap<>();

  static {
    pool("hikari", "com.zaxxer.hikari.HikariDataSource");
    pool(
        "dbcp2",
        "org.apache.commons.dbcp2.BasicDataSource",
        "org.apache.commons.dbcp2.PoolingDataSource",
        "org.apache.commons.dbcp2.datasources.InstanceKeyDataSource");
    pool(
        "tomcat-dbcp",
        "org.apache.tomcat.dbcp.dbcp2.BasicDataSource",
        "org.apache.tomcat.dbcp.dbcp2.PoolingDataSource",
        "org.apache.tomcat.dbcp.dbcp2.datasources.InstanceKeyDataSource");
    pool("tomcat-jdbc", "org.apache.tomcat.jdbc.pool.DataSourceProxy");
    pool("c3p0", "com.mchange.v2.c3p0.impl.AbstractPoolBackedDataSource");
    pool("agroal", "io.agroal.api.AgroalDataSource");
    pool("vibur", "org.vibur.dbcp.ViburDBCPDataSource");
    pool("ucp", "oracle.ucp.jdbc.PoolDataSourceImpl");
    pool("druid", "com.alibaba.druid.pool.DruidAbstractDataSource");
    pool("pgjdbc-pool", "org.postgresql.ds.PGPoolingDataSource");
    // What a Liberty application gets for a server.xml <dataSource>: a handle factory over the
    // server's connection manager, which pools (WSJdbc43DataSource and the like extend it).
    pool("liberty", "com.ibm.ws.rsadapter.jdbc.WSJdbcDataSource");
    // GlassFish's and Payara's JDBC connector: the DataSource an application looks up (a
    // DataSource40) hands out connections of the server's connector pool.
    pool("glassfish", "com.sun.gjc.spi.base.AbstractDataSource");
    // WildFly and JBoss EAP: the DataSource bound in JNDI wraps IronJacamar's, which borrows from
    // the pool. Both are the pool, so that either one, outermost, names the lease's source.
    pool("ironjacamar", IronJacamar.WILDFLY_DATA_SOURCE, IronJacamar.WRAPPER_DATA_SOURCE);

    nonPooling(
        "org.h2.jdbcx.JdbcDataSource",
        "org.postgresql.ds.common.BaseDataSource",
        "org.mariadb.jdbc.MariaDbDataSource",
        "com.mysql.cj.jdbc.MysqlDataSource",
        "oracle.jdbc.datasource.impl.OracleDataSource",
        "oracle.jdbc.pool.OracleDataSource",
        "com.microsoft.sqlserver.jdbc.SQLServerDataSource",
        "org.sqlite.SQLiteDataSource",
        "org.hsqldb.jdbc.JDBCDataSource",
        "org.apache.derby.jdbc.EmbeddedDataSource",
        "org.apache.derby.jdbc.BasicEmbeddedDataSource40",
        "org.springframework.jdbc.datasource.AbstractDriverBasedDataSource",
        // Flyway given a URL, MyBatis' unpooled source: a Driver.connect per getConnection
        "org.flywaydb.core.internal.jdbc.DriverDataSource",
        "org.apache.ibatis.datasource.unpooled.UnpooledDataSource",
        "com.zaxxer.hikari.util.DriverDataSource");
  }

  private static void pool(String vendor, String... classNames) {
    for (String name : classNames) {
      KNOWN.put(name, new Known(SourceKind.POOL, vendor));
    }
  }

  private static void nonPooling(String... classNames) {
    for (String name : classNames) {
      KNOWN.put(name, new Known(SourceKind.NON_POOLING, "datasource"));
    }
  }

  private static final ClassValue<Known> BY_CLASS =
      new ClassValue<>() {
        @Override
        protected Known computeValue(Class<?> type) {
          Known known = find(type);
          return known != null ? known : new Known(SourceKind.UNKNOWN, "datasource");
        }
      };

  private SourceClassifier() {}

  public static SourceKind kind(Class<?> dataSourceClass) {
    return BY_CLASS.get(dataSourceClass).kind();
  }

  /** A short name for the pool implementation: {@code hikari}, {@code dbcp2}... or {@code datasource}. */
  public static String vendor(Class<?> dataSourceClass) {
    return BY_CLASS.get(dataSourceClass).vendor();
  }

  /** Pools are checked before non-pooling bases: PGPoolingDataSource extends BaseDataSource. */
  private static Known find(Class<?> type) {
    Known nonPooling = null;
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      Known known = KNOWN.get(c.getName());
      if (known != null && known.kind() == SourceKind.POOL) {
        return known;
      }
      if (known != null && nonPooling == null) {
        nonPooling = known;
      }
      for (Class<?> i : c.getInterfaces()) {
        Known viaInterface = KNOWN.get(i.getName());
        if (viaInterface != null && viaInterface.kind() == SourceKind.POOL) {
          return viaInterface;
        }
      }
    }
    return nonPooling;
  }
}
