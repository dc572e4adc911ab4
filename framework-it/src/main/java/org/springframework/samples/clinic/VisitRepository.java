package org.springframework.samples.clinic;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.annotation.Transactional;

/**
 * The clinic's data access through Spring's JDBC support: {@link JdbcTemplate} alone, inside a
 * transaction (the bean is a CGLIB proxy for it), and plain JDBC on a connection from {@link
 * DataSourceUtils}. The counts come from {@code generate_series}: no table to set up.
 */
public class VisitRepository {

  private final JdbcTemplate jdbc;
  private final DataSource dataSource;

  public VisitRepository(JdbcTemplate jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
  }

  public long countToday() {
    return jdbc.queryForObject("select count(*) from generate_series(1, 3)", Long.class);
  }

  /** Two queries on the transaction's one connection, returned at commit. */
  @Transactional(readOnly = true)
  public long countThisWeek() {
    long monday = jdbc.queryForObject("select count(*) from generate_series(1, 4)", Long.class);
    return monday + jdbc.queryForObject("select count(*) from generate_series(1, 5)", Long.class);
  }

  /**
   * Counts on a connection from {@link DataSourceUtils}, outside any transaction, and never
   * releases it: the leak the agent must report here, at this class's line, although its package is
   * Spring's.
   */
  public long countOnRawConnection() throws SQLException {
    Connection conn = DataSourceUtils.getConnection(dataSource); // LEAK: spring-samples
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from generate_series(1, 6)")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
