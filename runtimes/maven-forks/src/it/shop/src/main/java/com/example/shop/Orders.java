package com.example.shop;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Reads orders; gives every connection back. */
public final class Orders {

  private final DataSource source;

  public Orders(DataSource source) {
    this.source = source;
  }

  public int count() throws SQLException {
    try (Connection c = source.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
