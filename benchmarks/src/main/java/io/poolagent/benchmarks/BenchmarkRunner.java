package io.poolagent.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link BorrowReturnBenchmark} in every configuration the performance targets compare, one
 * results file per configuration: without an agent (bare HikariCP, and HikariCP's own leak
 * detection), and under pool-agent with borrow stacks on and off; and {@link
 * ManagedPoolBenchmark} without an agent (a connect per borrow) and under {@code mode=manage}. One and two threads; time and
 * bytes per cycle (GC profiler). The forks run on the JVM that runs this.
 *
 * <p>Usage: {@code java -jar benchmarks/target/benchmarks.jar [AGENT_JAR] [OUTPUT_DIR]}.
 */
public final class BenchmarkRunner {

  /**
   * @param javaagent the fork's {@code -javaagent} option, or null for none
   * @param benchmarks the JMH include pattern
   */
  private record Configuration(String name, String javaagent, String benchmarks) {}

  private BenchmarkRunner() {}

  public static void main(String[] args) throws Exception {
    Path agent = Path.of(args.length > 0 ? args[0] : "agent/target/pool-agent.jar").toAbsolutePath();
    Path out = Path.of(args.length > 1 ? args[1] : "benchmarks/target").toAbsolutePath();
    if (!agent.toFile().isFile()) {
      System.err.println("no agent jar at " + agent + ": build it first (./mvnw -q -DskipTests package)");
      System.exit(2);
    }
    // JMH only says it "can not touch the result file" when the folder is missing.
    Files.createDirectories(out);
    String javaagent = "-javaagent:" + agent + "=report=none,logLevel=warn,stackSampleRate=";
    // Telemetry export is off in the forks: it adds nothing to the borrow path, only noise.
    String noExport = "-Dotel.sdk.disabled=true";
    String pooled = BorrowReturnBenchmark.class.getName();
    String managed = ManagedPoolBenchmark.class.getName();
    List<Configuration> configurations = new ArrayList<>();
    // Without an agent, ManagedPoolBenchmark is a (stub) physical connect per borrow.
    configurations.add(new Configuration("no-agent", null, pooled + "|" + managed));
    configurations.add(new Configuration("agent-stacks-on", javaagent + "1", pooled));
    configurations.add(new Configuration("agent-stacks-off", javaagent + "0", pooled));
    configurations.add(new Configuration("managed-stacks-on", javaagent + "1,mode=manage", managed));
    configurations.add(new Configuration("managed-stacks-off", javaagent + "0,mode=manage", managed));
    for (Configuration configuration : configurations) {
      for (int threads : new int[] {1, 2}) {
        String name = configuration.name() + "-" + threads + "t";
        ChainedOptionsBuilder options =
            new OptionsBuilder()
                .include(configuration.benchmarks())
                .threads(threads)
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(2))
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(out.resolve("jmh-" + name + ".json").toString());
        if (configuration.javaagent() != null) {
          // Under the agent HikariCP's own leak detection is not compared: it stays off.
          options.jvmArgsAppend(configuration.javaagent(), noExport);
          if (configuration.benchmarks().equals(pooled)) {
            options.param("hikariLeakDetection", "off");
          }
        }
        // Only a borrow's stack depends on whether its call site is marked; elsewhere the two
        // paths cost the same, and running both would only double the run.
        if (!configuration.name().equals("agent-stacks-on")) {
          options.param("callSite", "marked");
        }
        System.out.println("== " + name);
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println("== " + name + ": " + results.size() + " results in " + out + File.separator + "jmh-" + name + ".json");
      }
    }
  }
}
