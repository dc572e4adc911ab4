package io.poolagent.runtimes.payara.app;

import jakarta.annotation.Resource;
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
import javax.sql.DataSource;

/**
 * The server's default DataSource, {@code jdbc/__default} over the pool {@code H2Pool} that
 * Payara's own configuration defines: one borrow, closed. Unlike the application's XA pool, this
 * one connects through the driver's plain DataSource, whose connects are the pool's, not leases.
 */
@WebServlet("/default")
public class DefaultPoolServlet extends HttpServlet {

  @Resource(lookup = "jdbc/__default")
  private DataSource dataSource;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 6 * 7")) {
      rows.next();
      response.setContentType("text/plain");
      response.getWriter().println("default: " + rows.getLong(1));
    } catch (SQLException e) {
      throw new ServletException(e);
    }
  }
}
