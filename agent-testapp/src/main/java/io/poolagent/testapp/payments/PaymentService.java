package io.poolagent.testapp.payments;

import io.poolagent.testapp.db.Database;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Charges orders. The leak is on the exception path: a rejected payment leaves before the close
 * calls at the end, and nothing else refers to the connection, so it ends up garbage-collected.
 */
public final class PaymentService {
  private static final BigDecimal LIMIT = new BigDecimal("250.00");

  private final Database db;

  public PaymentService(Database db) {
    this.db = db;
  }

  public void charge(int orderId) throws SQLException, PaymentRejectedException {
    DataSource ds = db.dataSource();
    // One line on purpose: the agent reports it as the leak's call site, and tests look it up.
    Connection conn = ds != null ? ds.getConnection() : DriverManager.getConnection(db.url(), db.properties()); // LEAK: exception-leak
    PreparedStatement ps = conn.prepareStatement("SELECT amount FROM testapp_orders WHERE id = ?");
    ps.setInt(1, orderId);
    ResultSet rs = ps.executeQuery();
    BigDecimal amount = rs.next() ? rs.getBigDecimal(1) : BigDecimal.ZERO;
    if (amount.compareTo(LIMIT) > 0) {
      throw new PaymentRejectedException(
          "amount " + amount.toPlainString() + " exceeds the limit of " + LIMIT.toPlainString());
    }
    rs.close();
    ps.close();
    conn.close();
  }
}
