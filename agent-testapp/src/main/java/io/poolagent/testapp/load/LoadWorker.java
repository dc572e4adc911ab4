package io.poolagent.testapp.load;

import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.db.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One load thread: borrow, indexed select, close, until the deadline. A failed request is counted
 * and the run goes on, because a benchmark that dies on the first hiccup measures nothing.
 * Requests that start before the measurement does (the warm-up: class loading, the JIT, the pool
 * filling) are neither counted nor timed; failures are counted whenever they happen.
 */
public final class LoadWorker implements Runnable {
  private final Database db;
  private final long measureFromNanos;
  private final long deadlineNanos;
  private final Duration think;
  private final Consumer<SQLException> onError;
  private final SplittableRandom random;
  private final LatencyHistogram latencies = new LatencyHistogram();
  private final SqlStateCounts errorStates = new SqlStateCounts();
  private long requests;
  private long errors;

  public LoadWorker(
      Database db,
      long measureFromNanos,
      long deadlineNanos,
      Duration think,
      long seed,
      Consumer<SQLException> onError) {
    this.db = db;
    this.measureFromNanos = measureFromNanos;
    this.deadlineNanos = deadlineNanos;
    this.think = think;
    this.onError = onError;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public void run() {
    while (System.nanoTime() - deadlineNanos < 0) {
      long start = System.nanoTime();
      boolean measured = start - measureFromNanos >= 0;
      if (measured) {
        requests++;
      }
      try {
        request(random.nextInt(Schema.ORDER_COUNT) + 1);
        if (measured) {
          latencies.record(System.nanoTime() - start);
        }
      } catch (SQLException e) {
        errors++;
        errorStates.record(e);
        onError.accept(e);
      }
      if (!think.isZero() && !pause()) {
        return;
      }
    }
  }

  private void request(int orderId) throws SQLException {
    try (Connection conn = db.connect();
        PreparedStatement ps =
            conn.prepareStatement("SELECT customer, amount FROM testapp_orders WHERE id = ?")) {
      ps.setInt(1, orderId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
      }
    }
  }

  private boolean pause() {
    try {
      Thread.sleep(think.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Read only after the thread has been joined. */
  public LatencyHistogram latencies() {
    return latencies;
  }

  /** Read only after the thread has been joined. */
  public SqlStateCounts errorStates() {
    return errorStates;
  }

  public long requests() {
    return requests;
  }

  public long errors() {
    return errors;
  }
}
