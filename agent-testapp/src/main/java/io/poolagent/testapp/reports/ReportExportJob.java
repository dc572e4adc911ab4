package io.poolagent.testapp.reports;

import io.poolagent.testapp.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * A scheduled report export that opens a cursor for an upload that never finishes: the cursor, and
 * with it the connection, waits in the list of pending uploads and is never closed. One connection
 * lost per run, a few runs apart: the slow leak of a service that only shows hours later. Static
 * on purpose: the cursors stay reachable until the JVM exits, as a real queue's would.
 */
public final class ReportExportJob {
  private static final List<ResultSet> PENDING_UPLOADS = new CopyOnWriteArrayList<>();

  private final Database db;

  public ReportExportJob(Database db) {
    this.db = db;
  }

  /** Starts one export; its connection is never given back. */
  public void run() throws SQLException {
    DataSource ds = db.dataSource();
    // One line on purpose: the agent reports it as the leak's call site, and tests look it up.
    Connection conn = ds != null ? ds.getConnection() : DriverManager.getConnection(db.url(), db.properties()); // LEAK: soak
    Statement st = conn.createStatement();
    ResultSet rows = st.executeQuery("SELECT id, customer, amount FROM testapp_orders ORDER BY id");
    rows.next();
    PENDING_UPLOADS.add(rows);
  }

  /** Exports started and never finished in this JVM. */
  public static int pending() {
    return PENDING_UPLOADS.size();
  }
}
