package io.poolagent.runtimes.quarkus;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * A Quarkus command-mode application: it does its work on start, one line of stdout per result,
 * and exits with the code {@link #run} returns, so a test can compare its output and exit code
 * with and without the agent. Its stock over JDBC leaks one connection ({@link StockService}).
 */
@QuarkusMain
public class StockMain implements QuarkusApplication {

  @Inject StockService stock;

  @Override
  public int run(String... args) throws Exception {
    stock.createTables();
    int received = stock.receive(Map.of("bolt", 120, "nut", 80, "washer", 300));
    System.out.println("received " + received + " items");
    try {
      stock.receiveUnknownSupplier();
    } catch (IllegalStateException e) {
      System.out.println("delivery rolled back: " + e.getMessage());
    }
    System.out.println("items: " + stock.itemCount());
    System.out.println("audit events: " + stock.audit("stock counted"));
    System.out.println("units counted over JDBC: " + stock.unitsBypassingTheService());
    System.out.println("stock done");
    return 0;
  }
}
