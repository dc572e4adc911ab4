package io.poolagent.testapp.exports;

import io.poolagent.testapp.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;

/**
 * A nightly export that takes its connection and keeps it while it waits for the next batch: no
 * leak (it closes in the end), but while it waits the pool has one connection less. Enough of
 * them at once and the pool runs dry.
 */
public final class ExportBatch {
  private final Database db;

  public ExportBatch(Database db) {
    this.db = db;
  }

  /** Borrows, counts {@code borrowed} down, waits for {@code release}, then closes. */
  public void run(CountDownLatch borrowed, CountDownLatch release)
      throws SQLException, InterruptedException {
    DataSource ds = db.dataSource();
    // One line on purpose: the agent names it as the call site holding the pool's connections.
    try (Connection conn = ds != null ? ds.getConnection() : DriverManager.getConnection(db.url(), db.properties()); // HOLDS: pool-exhausted
        Statement st = conn.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM testapp_orders")) {
        rs.next();
      }
      borrowed.countDown();
      release.await();
    }
  }
}
