package io.poolagent.otel.pools;

import java.util.Map;

/** The reader of each pool vendor that has one (vendors as {@code SourceClassifier} names them). */
public final class PoolReaders {

  private static final PoolReader DBCP2 = new Dbcp2Reader();

  private static final Map<String, PoolReader> BY_VENDOR =
      Map.ofEntries(
          Map.entry("hikari", new HikariReader()),
          Map.entry("dbcp2", DBCP2),
          Map.entry("tomcat-dbcp", DBCP2),
          Map.entry("tomcat-jdbc", new TomcatJdbcReader()),
          Map.entry("c3p0", new C3p0Reader()),
          Map.entry("agroal", new AgroalReader()),
          Map.entry("vibur", new ViburReader()),
          Map.entry("ucp", new UcpReader()),
          Map.entry("druid", new DruidReader()),
          Map.entry("ironjacamar", new IronJacamarReader()),
          Map.entry("managed", new ManagedPoolReader()));

  private PoolReaders() {}

  /** The reader for {@code vendor}, or null (e.g. {@code pgjdbc-pool}): used connections only. */
  public static PoolReader forVendor(String vendor) {
    return BY_VENDOR.get(vendor);
  }
}
