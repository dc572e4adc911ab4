package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

class OrdersTest {

  @Test
  void countsEveryOrder() throws Exception {
    try (HikariDataSource pool = Database.pool("orders")) {
      Orders orders = new Orders(pool);
      for (int i = 0; i < 5; i++) {
        assertEquals(3, orders.count());
      }
    }
  }
}
