package io.poolagent.otel.pools;

import java.util.Map;

/** The reader of each pool vendor that has one (vendors as {@code SourceClassifier} names them). */
public final class PoolReaders {

  private static final PoolReader DBCP2 = new Dbcp2Reader();

  private static final Map<String, PoolReader> BY_VENDOR =
      Map.of(
          "hikari", new HikariReader(),
          "dbcp2", DBCP2,
          "tomcat-dbcp", DBCP2,
          "tomcat-jdbc", new TomcatJdbcReader(),
          "c3p0", new C3p0Reader(),
          "agroal", new AgroalReader(),
          "vibur", new ViburReader(),
          "ucp", new UcpReader(),
          "druid", new DruidReader(),
          "managed", new ManagedPoolReader());

  private PoolReaders() {}

  /** The reader for {@code vendor}, or null (e.g. {@code pgjdbc-pool}): used connections only. */
  public static PoolReader forVendor(String vendor) {
    return BY_VENDOR.get(vendor);
  }
}
