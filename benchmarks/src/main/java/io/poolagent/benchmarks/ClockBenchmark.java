package io.poolagent.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the machine charges for the two things a borrow's bookkeeping cannot do cheaper than the
 * JVM: reading the clock, which timing a hold and a wait takes three times per cycle (entry and
 * exit of {@code getConnection}, and {@code close}), as bare HikariCP itself does three times; and
 * giving a new object its identity hash, which finding a lease by its connection's identity
 * costs when the pool hands out a new proxy per borrow. Not part of {@link BenchmarkRunner}'s
 * run: {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ClockBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClockBenchmark {

  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }

  /** The allocation alone, to subtract from the next. */
  @Benchmark
  public Object newObject() {
    return new Object();
  }

  @Benchmark
  public int identityHashOfANewObject() {
    return System.identityHashCode(new Object());
  }
}
