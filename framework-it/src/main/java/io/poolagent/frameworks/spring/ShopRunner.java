package io.poolagent.frameworks.spring;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** The service's startup work; each result is one line on stdout, the same on every run. */
@Component
public class ShopRunner implements ApplicationRunner {

  private final OrderService service;

  public ShopRunner(OrderService service) {
    this.service = service;
  }

  @Override
  public void run(ApplicationArguments args) throws Exception {
    System.out.println("placed " + service.placeOrders() + " orders");
    try {
      service.placeRejectedOrder();
    } catch (IllegalStateException e) {
      System.out.println("rejected order rolled back: " + e.getMessage());
    }
    System.out.println("customers: " + service.customerCount());
    System.out.println("Ada's total: " + service.totalCentsOf("Ada") + " cents");
    System.out.println("first order's customer: " + service.firstOrderCustomer());
    System.out.println("orders counted in a transaction: " + service.orderCountInTransaction());
    if (args.containsOption("plant-leak")) {
      System.out.println("orders counted over JDBC: " + service.orderCountBypassingJpa());
    }
    if (args.containsOption("plant-plain-leak")) {
      long largest = service.largestOrderOverPlainJdbc();
      System.out.println("largest order over JDBC: " + largest + " cents");
    }
    System.out.println("shop done");
  }
}
