package io.poolagent.runtimes.wildfly.app;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A web application as WildFly's users write one: the server's own datasource injected by its JNDI
 * name. {@code /query} borrows and closes, as it should; {@code /leak} forgets to close.
 */
@WebServlet(urlPatterns = {"/query", "/leak"})
public class ExampleServlet extends HttpServlet {

  @Resource(lookup = "java:jboss/datasources/ExampleDS")
  private DataSource dataSource;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("text/plain");
    try {
      String body = request.getServletPath().equals("/leak") ? leak() : query();
      response.getWriter().print(body);
    } catch (SQLException e) {
      response.setStatus(500);
      response.getWriter().print("database error: " + e);
    }
  }

  private String query() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT 6 * 7")) {
      rs.next();
      return "the answer is " + rs.getInt(1) + "\n";
    }
  }

  private String leak() throws SQLException {
    Connection connection = dataSource.getConnection(); // LEAK: servlet
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT 1")) {
      rs.next();
      return "borrowed and kept: " + rs.getInt(1) + "\n";
    }
  }
}
