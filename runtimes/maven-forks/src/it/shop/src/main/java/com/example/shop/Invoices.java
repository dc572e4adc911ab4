package com.example.shop;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Reads unpaid orders; forgets to give the connection back (the bug the agent finds). */
public final class Invoices {

  private final DataSource source;

  public Invoices(DataSource source) {
    this.source = source;
  }

  public int unpaid() throws SQLException {
    Connection c = source.getConnection(); // LEAK: invoices
    Statement s = c.createStatement();
    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE NOT paid");
    rs.next();
    return rs.getInt(1);
  }
}
