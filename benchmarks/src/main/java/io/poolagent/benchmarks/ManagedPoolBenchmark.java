package io.poolagent.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One {@code DriverManager.getConnection()} + {@code close()} over {@link StubDriver}, a source that
 * does not pool. Without an agent, or in {@code observe} mode, each cycle is a (stub) physical
 * connect; under {@code mode=manage} the agent serves it from its managed pool, whose cost on the
 * borrow path this measures next to bare HikariCP's ({@link BorrowReturnBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ManagedPoolBenchmark {

  /** Extra frames between the benchmark and the borrow. */
  @Param({"0", "150"})
  public int depth;

  @Setup(Level.Trial)
  public void start() throws SQLException {
    StubDriver.register();
  }

  @Benchmark
  public void cycle(Blackhole bh) throws SQLException {
    borrowAt(depth, bh);
  }

  private void borrowAt(int remaining, Blackhole bh) throws SQLException {
    if (remaining > 0) {
      borrowAt(remaining - 1, bh);
      return;
    }
    try (Connection connection = DriverManager.getConnection(StubDriver.URL)) {
      bh.consume(connection);
    }
  }
}
