package io.poolagent.testapp.scenario;

import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.orders.OrderRepository;
import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Three cursors from {@link OrderRepository}, read once and kept: 3 leaks still open at exit. */
final class MethodLeakScenario implements Scenario {
  /** Static so the cursors, and through them their connections, stay reachable until exit. */
  private static final List<ResultSet> OPEN_CURSORS = new CopyOnWriteArrayList<>();

  private static final String[] CUSTOMERS = {"customer-1", "customer-2", "customer-3"};

  @Override
  public void run(Database db, Options options, PrintStream out) throws SQLException {
    OrderRepository orders = new OrderRepository(db);
    for (String customer : CUSTOMERS) {
      ResultSet cursor = orders.openOrderCursor(customer);
      OPEN_CURSORS.add(cursor);
      if (cursor.next()) {
        out.println(
            "method-leak: "
                + customer
                + " first order "
                + cursor.getInt(1)
                + " amount "
                + cursor.getBigDecimal(2).toPlainString());
      }
    }
  }
}
