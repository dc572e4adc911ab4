package io.poolagent.frameworks.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The local PostgreSQL the programs run against. A server that is down fails the tests with a
 * message that says how to start it: never a silent skip.
 */
final class Databases {

  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private Databases() {}

  static void requirePostgres() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 5432), 2000);
    } catch (IOException e) {
      throw new AssertionError(
          "PostgreSQL is not reachable at 127.0.0.1:5432 ("
              + e.getMessage()
              + "); the framework tests need it (trust auth, user postgres, database test). Start"
              + " it (e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main start`) or run"
              + " .ci/run, which does.");
    }
  }

  /** Drops a program's schema, so that every run starts from the same empty database. */
  static void dropSchema(String schema) throws SQLException {
    requirePostgres();
    try (Connection conn = DriverManager.getConnection(URL, "postgres", "");
        Statement st = conn.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  /** The rows of a query, each as its columns joined by a space. */
  static List<String> rows(String sql) throws SQLException {
    try (Connection conn = DriverManager.getConnection(URL, "postgres", "");
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? " " : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }
}
