package io.poolagent.frameworks.jooq;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A jOOQ program over the PostgreSQL driver's own, non-pooling {@link PGSimpleDataSource}: jOOQ
 * borrows a connection for each query and each transaction and returns it. {@code --plant-leak}
 * adds one leak through jOOQ's own {@code ConnectionProvider}.
 */
public final class InventoryApp {

  private InventoryApp() {}

  public static void main(String[] args) throws Exception {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL("jdbc:postgresql://127.0.0.1:5432/test");
    dataSource.setUser("postgres");
    DSLContext dsl = DSL.using(dataSource, SQLDialect.POSTGRES);

    Inventory inventory = new Inventory(dsl);
    inventory.createTable();
    System.out.println("stocked " + inventory.stock() + " items");
    System.out.println("moved: " + inventory.move("bolt", "nut", 5));
    try {
      inventory.move("nut", "bolt", 1_000);
    } catch (IllegalStateException e) {
      System.out.println("move rolled back: " + e.getMessage());
    }
    inventory.list().forEach(line -> System.out.println("  " + line));
    System.out.println("items over 10: " + inventory.countOver(10));
    if (java.util.List.of(args).contains("--plant-leak")) {
      System.out.println("items counted on a raw connection: " + inventory.countOnRawConnection());
    }
    System.out.println("inventory done");
  }
}
