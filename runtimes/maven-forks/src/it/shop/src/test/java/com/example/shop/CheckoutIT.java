package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

/** Run by Failsafe, in a JVM of its own, with the agent. */
class CheckoutIT {

  @Test
  void ordersAndInvoicesAgree() throws Exception {
    try (HikariDataSource pool = Database.pool("checkout")) {
      assertEquals(3, new Orders(pool).count());
    }
  }
}
