package com.example.plugin;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A plugin as a plugin host loads it: in a class loader of its own, with its own copies of
 * HikariCP and H2. It borrows twice, returns one connection and leaks the other.
 */
public final class LeakyPlugin {

  private LeakyPlugin() {}

  public static String run() throws Exception {
    // The plugin's own driver, by its DataSource: DriverManager would not let this loader use
    // the copy of H2 the host's class path registered.
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:plugin;DB_CLOSE_DELAY=-1");
    HikariConfig config = new HikariConfig();
    config.setDataSource(h2);
    config.setPoolName("plugin-pool");
    config.setMaximumPoolSize(2);
    HikariDataSource pool = new HikariDataSource(config);
    int answer;
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 6 * 7")) {
      rows.next();
      answer = rows.getInt(1);
    }
    Connection leaked = pool.getConnection(); // LEAK: plugin
    return "plugin answered " + answer + ", holding " + (leaked.isClosed() ? "none" : "one");
  }
}
