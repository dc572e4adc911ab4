package com.example.shop;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Looks customers up; leaks its connection when a customer has no orders. */
public final class Customers {

  private final DataSource source;

  public Customers(DataSource source) {
    this.source = source;
  }

  public boolean hasOrders(int id) throws SQLException {
    Connection c = source.getConnection(); // LEAK: customers
    Statement s = c.createStatement();
    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE id = " + id);
    rs.next();
    if (rs.getInt(1) == 0) {
      return false;
    }
    c.close();
    return true;
  }
}
