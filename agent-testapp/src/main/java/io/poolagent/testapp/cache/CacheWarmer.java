package io.poolagent.testapp.cache;

import io.poolagent.testapp.db.Database;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Preloads customer totals. It borrows a connection per entry and simply forgets it: only the
 * totals survive the method, so each connection becomes garbage without ever being closed.
 */
public final class CacheWarmer {
  private static final String[] HOT_CUSTOMERS = {"customer-1", "customer-2"};

  private final Database db;

  public CacheWarmer(Database db) {
    this.db = db;
  }

  public Map<String, BigDecimal> warm() throws SQLException {
    Map<String, BigDecimal> totals = new TreeMap<>();
    DataSource ds = db.dataSource();
    for (String customer : HOT_CUSTOMERS) {
      // One line on purpose: the agent reports it as the leak's call site, and tests look it up.
      Connection conn = ds != null ? ds.getConnection() : DriverManager.getConnection(db.url(), db.properties()); // LEAK: dropped
      PreparedStatement ps =
          conn.prepareStatement("SELECT SUM(amount) FROM testapp_orders WHERE customer = ?");
      ps.setString(1, customer);
      ResultSet rs = ps.executeQuery();
      rs.next();
      totals.put(customer, rs.getBigDecimal(1));
    }
    return totals;
  }
}
