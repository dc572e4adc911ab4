package io.poolagent.testapp.reports;

import io.poolagent.testapp.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A slow report that keeps one connection for its whole run and then closes it: long, but not a
 * leak. It borrows in its own method so that a late return names this class as its call site.
 */
public final class ReportJob {
  private static final long POLL_MILLIS = 200;

  private final Database db;

  public ReportJob(Database db) {
    this.db = db;
  }

  public void run(Duration hold) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + hold.toNanos();
    DataSource ds = db.dataSource();
    try (Connection conn = ds != null ? ds.getConnection() : DriverManager.getConnection(db.url(), db.properties()); // LEAK: long-hold
        Statement st = conn.createStatement()) {
      // Queries keep the connection busy, as a real report would; the sleep paces them.
      long left;
      while ((left = deadline - System.nanoTime()) > 0) {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM testapp_orders")) {
          rs.next();
        }
        Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
      }
    }
  }
}
