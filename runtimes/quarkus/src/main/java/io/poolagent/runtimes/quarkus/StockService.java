package io.poolagent.runtimes.quarkus;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The stock's data access as a Quarkus service writes it: Agroal's default datasource and a named
 * one injected, plain JDBC, writes inside {@code @Transactional} methods (Narayana enlists the
 * connection and Agroal takes it back at commit or rollback), one read that forgets to close its
 * connection.
 */
@ApplicationScoped
public class StockService {

  private static final String SCHEMA = "runtime_quarkus";

  @Inject AgroalDataSource dataSource;

  /** {@code quarkus.datasource.audit.*}: the same database, its own pool. */
  @Inject
  @DataSource("audit")
  AgroalDataSource audit;

  /** Drops what an earlier run left, so that every run prints the same. */
  public void createTables() throws SQLException {
    try (Connection conn = dataSource.getConnection();
        Statement st = conn.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      st.execute("CREATE SCHEMA " + SCHEMA);
      st.execute(
          "CREATE TABLE " + SCHEMA + ".item (id serial PRIMARY KEY, name text NOT NULL,"
              + " units int NOT NULL)");
      st.execute("CREATE TABLE " + SCHEMA + ".audit (id serial PRIMARY KEY, event text NOT NULL)");
    }
  }

  /** Records an event through the audit datasource, outside any transaction; returns the count. */
  public long audit(String event) throws SQLException {
    try (Connection conn = audit.getConnection();
        PreparedStatement ps =
            conn.prepareStatement("INSERT INTO " + SCHEMA + ".audit (event) VALUES (?)")) {
      ps.setString(1, event);
      ps.executeUpdate();
    }
    try (Connection conn = audit.getConnection();
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + SCHEMA + ".audit")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Inserts one row per item in one transaction; returns how many rows it wrote. */
  @Transactional
  public int receive(Map<String, Integer> unitsByItem) throws SQLException {
    int rows = 0;
    for (Map.Entry<String, Integer> item : unitsByItem.entrySet()) {
      rows += insert(item.getKey(), item.getValue());
    }
    return rows;
  }

  /** Inserts, then fails: the transaction rolls back and the connection goes back to the pool. */
  @Transactional
  public void receiveUnknownSupplier() throws SQLException {
    insert("rivet", 50);
    throw new IllegalStateException("unknown supplier");
  }

  public long itemCount() throws SQLException {
    try (Connection conn = dataSource.getConnection();
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + SCHEMA + ".item")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Sums the units with plain JDBC and never closes the connection: the bug the agent must point
   * at, here and not in Agroal's or ArC's frames.
   */
  public long unitsBypassingTheService() throws SQLException {
    Connection conn = dataSource.getConnection(); // LEAK: quarkus
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT sum(units) FROM " + SCHEMA + ".item")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private int insert(String name, int units) throws SQLException {
    try (Connection conn = dataSource.getConnection();
        PreparedStatement ps =
            conn.prepareStatement("INSERT INTO " + SCHEMA + ".item (name, units) VALUES (?, ?)")) {
      ps.setString(1, name);
      ps.setInt(2, units);
      return ps.executeUpdate();
    }
  }
}
