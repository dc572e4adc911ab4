package io.poolagent.lease;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Open Liberty's {@code <dataSource>}, reached from the {@code WSJdbcDataSource} an application
 * gets: its server.xml configuration, in public fields.
 */
final class OpenLiberty {

  private OpenLiberty() {}

  /**
   * The {@code jndiName} of a Liberty {@code <dataSource>}, else its {@code id}. Liberty's data
   * source has no getter for either: its server.xml configuration sits in the public field {@code
   * dsConfig} (an {@code AtomicReference<DSConfig>}, declared by {@code WSJdbcWrapper}), whose
   * {@code jndiName} and {@code id} are public final fields. The JNDI name comes first: it is what
   * the application looks up, and what Liberty's own pool MBeans and messages are named by.
   */
  static Object name(Object dataSource) {
    Object config = config(dataSource);
    if (config == null) {
      return null;
    }
    Object jndiName = PoolNames.field(config, "jndiName");
    return jndiName instanceof String && !((String) jndiName).isBlank()
        ? jndiName
        : PoolNames.field(config, "id");
  }

  private static Object config(Object dataSource) {
    Object config = PoolNames.field(dataSource, "dsConfig");
    return config instanceof AtomicReference ? ((AtomicReference<?>) config).get() : config;
  }

  /**
   * The {@code <dataSource>}'s {@code id}, unique in the server (an application's own data source
   * has the application in its id): one pool, however many {@code WSJdbcDataSource} objects its
   * resource references get.
   */
  static String id(Object dataSource) {
    Object config = config(dataSource);
    Object id = config == null ? null : PoolNames.field(config, "id");
    return id instanceof String ? (String) id : null;
  }
}
