package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

class InvoicesTest {

  // Not closed: the pool would give back the leaked connection and hide the leak at exit.
  private static HikariDataSource pool;

  @Test
  void countsUnpaidOrders() throws Exception {
    pool = Database.pool("invoices");
    assertEquals(2, new Invoices(pool).unpaid());
  }
}
