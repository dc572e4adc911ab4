package com.example.osgi.inventory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.jdbcx.JdbcDataSource;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;

/**
 * A one-shot bundle, as a batch job on OSGi is written: it fills an H2 table through H2's own
 * DataSource, reads it back through a HikariCP pool and through {@code DriverManager}, prints one
 * result line, and has the framework stop once started, so that the launcher and the JVM exit. It
 * leaks one pooled and one {@code DriverManager} connection on purpose, at the lines marked {@code
 * // LEAK:}.
 */
public final class InventoryActivator implements BundleActivator {

  /** Kept after the last connection closes: the three ways in see one database. */
  static final String URL = "jdbc:h2:mem:inventory;DB_CLOSE_DELAY=-1";

  static final String POOL_NAME = "inventory-pool";

  /**
   * Never closed, and held while the bundle is active, as leaks in a long-lived object are; once
   * the framework drops this activator they are garbage, which the report calls collected.
   */
  private final List<Connection> leaked = new ArrayList<>();

  private HikariDataSource pool;

  @Override
  public void start(BundleContext context) throws Exception {
    // Registered with the framework, not this bundle: it must outlive a failed start too, or the
    // JVM of a failed job would never exit.
    BundleContext framework = context.getBundle(Constants.SYSTEM_BUNDLE_ID).getBundleContext();
    framework.addFrameworkListener(new StopWhenStarted(framework));
    System.out.println("inventory: " + run());
  }

  @Override
  public void stop(BundleContext context) {
    if (pool != null) {
      pool.close();
    }
  }

  private String run() throws SQLException {
    // H2's own activator registers its driver too, but bundles start in no promised order.
    org.h2.Driver.load();

    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(URL);
    h2.setUser("sa");
    try (Connection connection = h2.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20))");
      statement.execute("INSERT INTO item VALUES (1, 'bolt'), (2, 'nut'), (3, 'washer')");
    }

    HikariConfig config = new HikariConfig();
    config.setPoolName(POOL_NAME);
    config.setDataSource(h2);
    config.setMaximumPoolSize(3);
    pool = new HikariDataSource(config);
    long pooledCount;
    try (Connection connection = pool.getConnection()) {
      pooledCount = count(connection);
    }
    Connection pooledLeak = pool.getConnection(); // LEAK: hikari
    leaked.add(pooledLeak);
    count(pooledLeak);

    List<String> names = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(URL, "sa", "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name FROM item ORDER BY id")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    Connection directLeak = DriverManager.getConnection(URL, "sa", ""); // LEAK: drivermanager
    leaked.add(directLeak);
    count(directLeak);

    return "items=" + pooledCount + " names=" + names + " leaked=" + leaked.size();
  }

  private static long count(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM item")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * Stops the framework once it has finished starting; both launchers then let the JVM exit. Not
   * earlier: Equinox's launcher still uses the framework after its start level is reached, and a
   * framework stopped under it logs a startup error. Felix reports its start as {@code STARTED};
   * Equinox's launcher raises the start level after the framework's start, so there the event is
   * {@code STARTLEVEL_CHANGED}.
   */
  private static final class StopWhenStarted implements FrameworkListener {

    private final BundleContext framework;
    private final AtomicBoolean stopped = new AtomicBoolean();

    StopWhenStarted(BundleContext framework) {
      this.framework = framework;
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
      boolean started =
          event.getType() == FrameworkEvent.STARTED
              || event.getType() == FrameworkEvent.STARTLEVEL_CHANGED;
      if (started && stopped.compareAndSet(false, true)) {
        try {
          framework.getBundle().stop();
        } catch (BundleException e) {
          throw new IllegalStateException("could not stop the framework", e);
        }
      }
    }
  }
}
