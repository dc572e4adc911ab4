package io.poolagent.runtimes.liberty.app;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * A servlet as Liberty applications write them, on the server's {@code <dataSource>}: injected by
 * its JNDI name ({@code ?op=query}) or looked up on each request as older applications do ({@code
 * ?op=lookup}), each borrow closed by try-with-resources; and one planted leak ({@code ?op=leak}).
 */
@WebServlet("/stock")
public class StockServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  static final String JNDI_NAME = "jdbc/test";

  /** Connections the leaking request never closes, kept reachable so that they stay open. */
  private static final List<Connection> HELD = new ArrayList<>();

  @Resource(lookup = JNDI_NAME)
  private DataSource dataSource;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("text/plain");
    String op = String.valueOf(request.getParameter("op"));
    try {
      String answer =
          switch (op) {
            case "query" -> countItems(dataSource);
            case "lookup" -> countItems(lookUp());
            case "leak" -> forgetToClose();
            default -> "unknown op " + op;
          };
      response.getWriter().println(answer);
    } catch (SQLException | NamingException e) {
      throw new IOException(e);
    }
  }

  private static DataSource lookUp() throws NamingException {
    return (DataSource) new InitialContext().lookup(JNDI_NAME);
  }

  private static String countItems(DataSource from) throws SQLException {
    try (Connection connection = from.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS item (name VARCHAR(32) PRIMARY KEY)");
      statement.execute("MERGE INTO item KEY (name) VALUES ('bolt'), ('nut'), ('washer')");
      try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM item")) {
        rows.next();
        String database = connection.getMetaData().getDatabaseProductName();
        return "items: " + rows.getInt(1) + " in " + database;
      }
    }
  }

  private String forgetToClose() throws SQLException {
    Connection connection = dataSource.getConnection(); // LEAK: servlet
    synchronized (HELD) {
      HELD.add(connection);
    }
    try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM item");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return "items seen by a connection never closed: " + rows.getInt(1);
    }
  }
}
