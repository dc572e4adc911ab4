package com.example.shop;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The shop's database: an in-memory H2, through a HikariCP pool or H2's own DataSource. */
public final class Database {

  private Database() {}

  public static HikariDataSource pool(String name) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(4);
    HikariDataSource pool = new HikariDataSource(config);
    createSchema(pool);
    return pool;
  }

  public static DataSource unpooled(String name) throws SQLException {
    JdbcDataSource source = new JdbcDataSource();
    source.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    createSchema(source);
    return source;
  }

  private static void createSchema(DataSource source) throws SQLException {
    try (Connection c = source.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY, paid BOOLEAN)");
      s.execute("MERGE INTO orders KEY (id) VALUES (1, TRUE), (2, FALSE), (3, FALSE)");
    }
  }
}
