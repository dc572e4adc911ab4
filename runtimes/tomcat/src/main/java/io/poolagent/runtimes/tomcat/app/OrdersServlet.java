package io.poolagent.runtimes.tomcat.app;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * A servlet as a Tomcat tutorial writes it: the pool looked up in {@code java:comp/env}, one borrow
 * closed properly, one leaked. The leaked connection stays referenced, so it is still open when
 * Tomcat stops.
 */
@WebServlet("/orders")
public class OrdersServlet extends HttpServlet {

  private static final List<Connection> FORGOTTEN = new ArrayList<>();

  private DataSource dataSource;

  @Override
  public void init() throws ServletException {
    try {
      dataSource = (DataSource) new InitialContext().lookup("java:comp/env/jdbc/test");
    } catch (NamingException e) {
      throw new ServletException(e);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    try {
      long orders;
      try (Connection connection = dataSource.getConnection()) {
        orders = count(connection);
      }
      Connection leaked = dataSource.getConnection(); // LEAK: orders-leak
      FORGOTTEN.add(leaked);
      response.setContentType("text/plain");
      response.getWriter().println("orders: " + orders + ", audited: " + count(leaked));
    } catch (SQLException e) {
      throw new ServletException(e);
    }
  }

  private static long count(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 40 + 2")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
