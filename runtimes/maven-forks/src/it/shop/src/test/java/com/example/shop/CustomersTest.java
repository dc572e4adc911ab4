package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CustomersTest {

  @Test
  void aCustomerWithOrders() throws Exception {
    assertTrue(new Customers(Database.unpooled("customers")).hasOrders(1));
  }

  @Test
  void aCustomerWithout() throws Exception {
    assertFalse(new Customers(Database.unpooled("customers")).hasOrders(99));
  }
}
