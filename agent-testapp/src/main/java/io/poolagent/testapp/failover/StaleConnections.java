package io.poolagent.testapp.failover;

import com.zaxxer.hikari.HikariDataSource;
import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.db.Via;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.vibur.dbcp.ViburDBCPDataSource;

/**
 * After a database failover: each connection that reached the old primary is handed back to its
 * pool through the pool's own documented way of disposing of a borrowed connection, so that it is
 * not reused, and is never closed. HikariCP's {@code evictConnection}, DBCP2's {@code
 * invalidateConnection} and Vibur's {@code severConnection} each end the borrow and free its slot.
 *
 * <p>Each pool's class is named only in the branch that runs for it: a run through one pool loads
 * no other pool's classes.
 */
public final class StaleConnections {
  private final Database db;
  private final Via via;

  public StaleConnections(Database db, Via via) throws SQLFeatureNotSupportedException {
    if (!canDispose(via)) {
      throw new SQLFeatureNotSupportedException(
          "--via " + via.optionValue() + " has no documented way to dispose of a borrowed"
              + " connection without closing it; use hikari, dbcp2 or vibur");
    }
    this.db = db;
    this.via = via;
  }

  public static boolean canDispose(Via via) {
    return via == Via.HIKARI || via == Via.DBCP2 || via == Via.VIBUR;
  }

  /** Borrows, reads the order, then disposes of the connection through the pool: never closed. */
  public String checkAndDispose(int orderId) throws SQLException {
    Connection conn = db.dataSource().getConnection();
    String customer = customerOf(conn, orderId);
    dispose(conn);
    return customer;
  }

  /** The same, in a try-with-resources: the close after the disposal must change nothing. */
  public String checkDisposeAndClose(int orderId) throws SQLException {
    try (Connection conn = db.dataSource().getConnection()) {
      String customer = customerOf(conn, orderId);
      dispose(conn);
      return customer;
    }
  }

  private static String customerOf(Connection conn, int orderId) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT customer FROM testapp_orders WHERE id = ?")) {
      ps.setInt(1, orderId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private void dispose(Connection conn) throws SQLException {
    DataSource ds = db.dataSource();
    switch (via) {
      case HIKARI:
        ((HikariDataSource) ds).evictConnection(conn);
        break;
      case DBCP2:
        ((BasicDataSource) ds).invalidateConnection(conn);
        break;
      case VIBUR:
        ((ViburDBCPDataSource) ds).severConnection(conn);
        break;
      default:
        throw new IllegalStateException("checked in the constructor: " + via);
    }
  }
}
