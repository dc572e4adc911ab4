package io.poolagent.testapp.scenario;

import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.imports.ImportWorkers;
import io.poolagent.testapp.invoices.InvoiceDrafts;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Two {@code CompletableFuture} chains, each drafting an invoice in an async stage that keeps its
 * connection: 2 leaks, open at exit. The stages run where {@code thenApplyAsync} without an
 * executor puts them (the common fork-join pool, or a thread per stage where that pool has a
 * single worker), or with {@code --virtual-threads} on virtual threads.
 */
final class AsyncLeakScenario implements Scenario {
  private static final int ORDERS = 2;

  @Override
  public void run(Database db, Options options, PrintStream out) throws Exception {
    ExecutorService virtual = options.virtualThreads() ? ImportWorkers.startVirtual() : null;
    InvoiceDrafts drafts = new InvoiceDrafts(db);
    try {
      CompletableFuture<?>[] chains = new CompletableFuture<?>[ORDERS];
      for (int i = 0; i < ORDERS; i++) {
        int order = i + 1;
        CompletableFuture<Integer> ordered =
            virtual != null
                ? CompletableFuture.supplyAsync(() -> order, virtual)
                : CompletableFuture.supplyAsync(() -> order);
        chains[i] =
            (virtual != null
                    ? ordered.thenApplyAsync(drafts::draft, virtual)
                    : ordered.thenApplyAsync(drafts::draft))
                .thenAccept(draft -> {});
      }
      try {
        CompletableFuture.allOf(chains).join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
      }
    } finally {
      if (virtual != null) {
        virtual.shutdown();
      }
    }
    out.println("async-leak: " + InvoiceDrafts.count() + " invoice drafts pending");
  }
}
