package io.poolagent.testapp.scenario;

import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.payments.PaymentRejectedException;
import io.poolagent.testapp.payments.PaymentService;
import java.io.PrintStream;
import java.sql.SQLException;

/** Two payments over the limit: each rejection leaks one connection, which is then collected. */
final class ExceptionLeakScenario implements Scenario {
  private static final int[] ORDERS_OVER_LIMIT = {60, 90};

  @Override
  public void run(Database db, Options options, PrintStream out) throws SQLException {
    PaymentService payments = new PaymentService(db);
    for (int orderId : ORDERS_OVER_LIMIT) {
      try {
        payments.charge(orderId);
        out.println("exception-leak: order " + orderId + " charged");
      } catch (PaymentRejectedException e) {
        out.println("exception-leak: order " + orderId + " rejected: " + e.getMessage());
      }
    }
  }
}
