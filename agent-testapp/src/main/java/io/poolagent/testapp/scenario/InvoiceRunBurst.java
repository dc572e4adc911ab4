package io.poolagent.testapp.scenario;

import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.invoices.MonthEndInvoiceRun;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The month-end invoice run started all at once: as many {@code invoice-run-N} workers as the pool
 * has connections, each holding one for {@code hold}. Workers that find the pool empty wait the
 * borrow timeout and are refused, as the service's own requests are meanwhile.
 */
final class InvoiceRunBurst {
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final List<Exception> failures = new ArrayList<>();

  private InvoiceRunBurst() {}

  static InvoiceRunBurst start(Database db, int workers, Duration hold) {
    InvoiceRunBurst burst = new InvoiceRunBurst();
    for (int i = 1; i <= workers; i++) {
      Thread thread = new Thread(() -> burst.work(db, hold), "invoice-run-" + i);
      thread.setDaemon(true);
      burst.threads.add(thread);
      thread.start();
    }
    return burst;
  }

  private void work(Database db, Duration hold) {
    try {
      new MonthEndInvoiceRun(db).run(hold);
      held.incrementAndGet();
    } catch (SQLException e) {
      // The pool's timeout: the point of the burst, counted, not a failure of the run.
      refused.incrementAndGet();
    } catch (InterruptedException e) {
      synchronized (failures) {
        failures.add(e);
      }
    }
  }

  /** Waits for every worker; an interrupted one fails the run. */
  void join() throws Exception {
    for (Thread thread : threads) {
      thread.join();
    }
    synchronized (failures) {
      if (!failures.isEmpty()) {
        throw failures.get(0);
      }
    }
  }

  /** Workers that got a connection and held it. Read after {@link #join()}. */
  int held() {
    return held.get();
  }

  /** Workers the pool refused (borrow timed out). Read after {@link #join()}. */
  int refused() {
    return refused.get();
  }
}
