package io.poolagent.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One {@code getConnection()} + {@code close()} on HikariCP (pool of 8 over a stub DataSource that
 * does no I/O), called from a shallow stack or from 150 extra frames. Which agent, if any, watches
 * it is decided per fork by {@link BenchmarkRunner}; HikariCP's own leak detection is a parameter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BorrowReturnBenchmark {

  /** {@code off}: bare HikariCP; {@code on}: its {@code leakDetectionThreshold} set. */
  @Param({"off", "on"})
  public String hikariLeakDetection;

  /** Extra frames between the benchmark and the borrow. */
  @Param({"0", "150"})
  public int depth;

  private HikariDataSource pool;

  @Setup(Level.Trial)
  public void start() {
    HikariConfig config = new HikariConfig();
    config.setPoolName("bench");
    config.setDataSource(new StubDataSource());
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(8);
    if (hikariLeakDetection.equals("on")) {
      config.setLeakDetectionThreshold(60_000);
    }
    pool = new HikariDataSource(config);
  }

  @TearDown(Level.Trial)
  public void stop() {
    pool.close();
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
    try (Connection connection = pool.getConnection()) {
      bh.consume(connection);
    }
  }
}
