package io.poolagent.testapp.invoices;

import io.poolagent.testapp.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * One worker of the month-end invoice run: it keeps its connection for the whole batch and then
 * closes it. No leak, but started all at once the workers take every connection of the pool, and
 * the service's requests wait and time out until the batch is done.
 */
public final class MonthEndInvoiceRun {
  private final Database db;

  public MonthEndInvoiceRun(Database db) {
    this.db = db;
  }

  /** Borrows, holds the connection for {@code hold}, closes. */
  public void run(Duration hold) throws SQLException, InterruptedException {
    DataSource ds = db.dataSource();
    // One line on purpose: the agent names it as the call site holding the pool's connections.
    try (Connection conn = ds != null ? ds.getConnection() : DriverManager.getConnection(db.url(), db.properties()); // HOLDS: soak
        Statement st = conn.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM testapp_orders")) {
        rs.next();
      }
      Thread.sleep(hold.toMillis());
    }
  }
}
