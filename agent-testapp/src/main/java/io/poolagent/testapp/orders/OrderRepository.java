package io.poolagent.testapp.orders;

import io.poolagent.testapp.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Reads orders. Its cursor method is the classic leak in a method: the connection is only
 * reachable through the returned ResultSet, and no caller ever closes it.
 */
public final class OrderRepository {
  private final Database db;

  public OrderRepository(Database db) {
    this.db = db;
  }

  /** The customer's orders, oldest first, as an open cursor the caller never gets to close. */
  public ResultSet openOrderCursor(String customer) throws SQLException {
    DataSource ds = db.dataSource();
    // One line on purpose: the agent reports it as the leak's call site, and tests look it up.
    Connection conn = ds != null ? ds.getConnection() : DriverManager.getConnection(db.url(), db.properties()); // LEAK: method-leak
    PreparedStatement ps =
        conn.prepareStatement(
            "SELECT id, amount FROM testapp_orders WHERE customer = ? ORDER BY id");
    ps.setString(1, customer);
    return ps.executeQuery();
  }
}
