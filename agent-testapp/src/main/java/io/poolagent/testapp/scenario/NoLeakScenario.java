package io.poolagent.testapp.scenario;

import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The control case: every borrow is closed, so any leak the agent reports is its own bug. */
final class NoLeakScenario implements Scenario {
  private static final int BORROWS = 20;

  @Override
  public void run(Database db, Options options, PrintStream out) throws SQLException {
    BigDecimal total = BigDecimal.ZERO;
    for (int id = 1; id <= BORROWS; id++) {
      try (Connection conn = db.connect();
          PreparedStatement ps =
              conn.prepareStatement("SELECT amount FROM testapp_orders WHERE id = ?")) {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = total.add(rs.getBigDecimal(1));
        }
      }
    }
    out.println("no-leak: read " + BORROWS + " orders, total " + total.toPlainString());
  }
}
