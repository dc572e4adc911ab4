package io.poolagent.testapp.invoices;

import io.poolagent.testapp.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;

/**
 * Drafts an invoice as one stage of a {@code CompletableFuture} chain and keeps the draft, with
 * the connection its uncommitted work lives on, for a "finalize" stage that was never written: a
 * leak in asynchronous code, where the borrowing thread is a pool worker that knows nothing of
 * the request. Static on purpose: the drafts stay reachable until the JVM exits.
 */
public final class InvoiceDrafts {
  /** One drafted invoice and its connection. */
  public record Draft(int order, int lines, Connection connection) {}

  private static final Queue<Draft> DRAFTS = new ConcurrentLinkedQueue<>();

  private final Database db;

  public InvoiceDrafts(Database db) {
    this.db = db;
  }

  /** A chain stage: drafts the invoice of {@code order}. */
  public Draft draft(int order) {
    try {
      DataSource ds = db.dataSource();
      // One line on purpose: the agent reports it as the leak's call site, and tests look it up.
      Connection conn = ds != null ? ds.getConnection() : DriverManager.getConnection(db.url(), db.properties()); // LEAK: async-leak
      int lines;
      try (PreparedStatement ps =
          conn.prepareStatement("SELECT COUNT(*) FROM testapp_orders WHERE id % 10 = ?")) {
        ps.setInt(1, order % 10);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          lines = rs.getInt(1);
        }
      }
      Draft draft = new Draft(order, lines, conn);
      DRAFTS.add(draft);
      return draft;
    } catch (SQLException e) {
      throw new IllegalStateException("invoice draft for order " + order + " failed: " + e.getMessage(), e);
    }
  }

  public static int count() {
    return DRAFTS.size();
  }
}
