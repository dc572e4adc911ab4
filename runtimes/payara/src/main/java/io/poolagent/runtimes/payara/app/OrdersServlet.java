package io.poolagent.runtimes.payara.app;

import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
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
import javax.sql.DataSource;

/**
 * A servlet as a Jakarta EE tutorial writes it: the pool defined by the application over the H2
 * driver Payara bundles, injected; one borrow closed properly, one leaked. The leaked connection
 * stays referenced, so it is still open when Payara stops.
 */
@DataSourceDefinition(
    name = "java:app/jdbc/orders",
    className = "org.h2.jdbcx.JdbcDataSource",
    url = "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1",
    user = "sa",
    password = "",
    minPoolSize = 2,
    maxPoolSize = 8)
@WebServlet("/orders")
public class OrdersServlet extends HttpServlet {

  private static final List<Connection> FORGOTTEN = new ArrayList<>();

  @Resource(lookup = "java:app/jdbc/orders")
  private DataSource dataSource;

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
