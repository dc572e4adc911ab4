package io.poolagent.testapp.imports;

import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.imports.PendingImports.PendingImport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Stages one batch of orders on an executor thread and parks the connection in {@link
 * PendingImports} for a later commit, which nobody ever runs: a leak on a worker thread.
 */
public final class ImportTask implements Runnable {
  public static final int BATCH_SIZE = 25;

  private final Database db;
  private final int batch;

  public ImportTask(Database db, int batch) {
    this.db = db;
    this.batch = batch;
  }

  @Override
  public void run() {
    try {
      DataSource ds = db.dataSource();
      // One line on purpose: the agent reports it as the leak's call site, and tests look it up.
      Connection conn = ds != null ? ds.getConnection() : DriverManager.getConnection(db.url(), db.properties()); // LEAK: executor-leak
      int rows;
      try (PreparedStatement ps =
          conn.prepareStatement("SELECT COUNT(*) FROM testapp_orders WHERE id > ? AND id <= ?")) {
        ps.setInt(1, (batch - 1) * BATCH_SIZE);
        ps.setInt(2, batch * BATCH_SIZE);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          rows = rs.getInt(1);
        }
      }
      PendingImports.add(new PendingImport(batch, rows, conn));
    } catch (SQLException e) {
      throw new IllegalStateException("import batch " + batch + " failed: " + e.getMessage(), e);
    }
  }
}
