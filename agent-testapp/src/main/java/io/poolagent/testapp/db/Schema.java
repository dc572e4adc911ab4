package io.poolagent.testapp.db;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates and fills {@code testapp_orders}. Several test JVMs may set up the same PostgreSQL or
 * MariaDB database at once, so every step tolerates another JVM having just done it.
 */
public final class Schema {
  public static final int ORDER_COUNT = 100;
  public static final int CUSTOMER_COUNT = 10;

  private static final String CREATE =
      "CREATE TABLE IF NOT EXISTS testapp_orders"
          + " (id INT PRIMARY KEY, customer VARCHAR(64), amount DECIMAL(10,2))";

  private Schema() {}

  public static String customerOf(int orderId) {
    return "customer-" + ((orderId - 1) % CUSTOMER_COUNT + 1);
  }

  /** Order n costs n * 5.25, so amounts are distinct and stable across runs and databases. */
  public static BigDecimal amountOf(int orderId) {
    return BigDecimal.valueOf(orderId * 525L, 2);
  }

  public static void setUp(Database db) throws DatabaseUnavailableException, SQLException {
    Connection conn;
    try {
      conn = db.connect();
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(db.url(), e);
    }
    try (conn) {
      SQLException createFailure = null;
      try (Statement st = conn.createStatement()) {
        st.execute(CREATE);
      } catch (SQLException e) {
        // PostgreSQL can fail a concurrent CREATE ... IF NOT EXISTS on its catalog's unique
        // index; the table then exists all the same, which the count below proves.
        createFailure = e;
      }
      int present;
      try {
        present = countOrders(conn);
      } catch (SQLException e) {
        if (createFailure != null) {
          createFailure.addSuppressed(e);
          throw createFailure;
        }
        throw e;
      }
      if (present < ORDER_COUNT) {
        insertOrders(conn);
      }
    }
  }

  private static int countOrders(Connection conn) throws SQLException {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM testapp_orders")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void insertOrders(Connection conn) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO testapp_orders (id, customer, amount) VALUES (?, ?, ?)")) {
      for (int id = 1; id <= ORDER_COUNT; id++) {
        ps.setInt(1, id);
        ps.setString(2, customerOf(id));
        ps.setBigDecimal(3, amountOf(id));
        try {
          ps.executeUpdate();
        } catch (SQLException e) {
          // Class 23 is an integrity violation: another JVM inserted this row first.
          if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
            throw e;
          }
        }
      }
    }
  }
}
