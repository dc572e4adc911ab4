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

  /**
   * {@code marked}: the benchmark calls {@code getConnection} itself, application code whose call
   * site the agent's weaver marks, so borrows share their site's stack. {@code unmarked}: through a
   * method reference, code the weaver never sees, as a borrow through a framework would be: each
   * borrow captures its own stack.
   */
  @Param({"marked", "unmarked"})
  public String callSite;

  private HikariDataSource pool;
  /** Null for {@code marked}: one field test on the measured path, the same for every configuration. */
  private ConnectionSupplier unmarked;

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
    unmarked = callSite.equals("unmarked") ? pool::getConnection : null;
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
    if (unmarked != null) {
      try (Connection connection = unmarked.get()) {
        bh.consume(connection);
      }
      return;
    }
    try (Connection connection = pool.getConnection()) {
      bh.consume(connection);
    }
  }

  /** A borrow the weaver cannot see: the call is in the class the JVM spins for the reference. */
  @FunctionalInterface
  interface ConnectionSupplier {
    Connection get() throws SQLException;
  }
}
