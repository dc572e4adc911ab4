package io.poolagent.testapp.imports;

import java.sql.Connection;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Imports staged on a connection, waiting for a commit that never comes. Static on purpose: it
 * keeps the leaked connections reachable until the JVM exits.
 */
public final class PendingImports {
  /** One staged batch and the connection its uncommitted work lives on. */
  public record PendingImport(int batch, int rows, Connection connection) {}

  private static final Queue<PendingImport> PENDING = new ConcurrentLinkedQueue<>();

  private PendingImports() {}

  static void add(PendingImport pending) {
    PENDING.add(pending);
  }

  public static int count() {
    return PENDING.size();
  }

  public static int rows() {
    return PENDING.stream().mapToInt(PendingImport::rows).sum();
  }
}
