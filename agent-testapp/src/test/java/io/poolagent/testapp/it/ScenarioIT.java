package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario on every database through every connection path, each in a child JVM started
 * with {@code -javaagent}, on Java 17 (all combinations) and Java 25 (every scenario on every
 * database, through HikariCP and through DriverManager).
 */
class ScenarioIT {

  static Stream<Arguments> java17() {
    return Stream.of(Scenario.values())
        .flatMap(
            s ->
                Stream.of("h2", "postgres", "mariadb")
                    .flatMap(
                        db ->
                            Stream.of("drivermanager", "datasource", "hikari")
                                .map(via -> Arguments.of(s, db, via))));
  }

  static Stream<Arguments> java25() {
    return Stream.of(Scenario.values())
        .flatMap(
            s ->
                Stream.of("h2", "postgres", "mariadb")
                    .flatMap(
                        db -> Stream.of("drivermanager", "hikari").map(via -> Arguments.of(s, db, via))));
  }

  @ParameterizedTest(name = "Java 17: {0} on {1} via {2}")
  @MethodSource("java17")
  void onJava17(Scenario scenario, String db, String via) throws Exception {
    verify(Jdk.JDK17, scenario, db, via);
  }

  @ParameterizedTest(name = "Java 25: {0} on {1} via {2}")
  @MethodSource("java25")
  void onJava25(Scenario scenario, String db, String via) throws Exception {
    verify(Jdk.JDK25, scenario, db, via);
  }

  static Stream<Arguments> virtualThreads() {
    return Stream.of(Scenario.EXECUTOR_LEAK, Scenario.ASYNC_LEAK)
        .flatMap(s -> Stream.of("drivermanager", "hikari").map(via -> Arguments.of(s, via)));
  }

  @ParameterizedTest(name = "Java 25: {0} on virtual threads via {1}")
  @MethodSource("virtualThreads")
  void leaksOnVirtualThreadsAreAttributedToTheBorrowingTask(Scenario scenario, String via)
      throws Exception {
    Report report = ScenarioRun.runAndVerify(Jdk.JDK25, scenario, "h2", via, "--virtual-threads");

    // Unnamed virtual threads have no name to show: the report gives their id.
    assertThat(report.leaks())
        .allSatisfy(leak -> assertThat(leak.thread()).matches("virtual-thread-#\\d+"));
  }

  private static void verify(Jdk jdk, Scenario scenario, String db, String via) throws Exception {
    Report report = ScenarioRun.runAndVerify(jdk, scenario, db, via);
    if (scenario == Scenario.DROPPED) {
      // Found while the app ran (it lingers 3 s after dropping them), not only at exit: the
      // sweeper is what a soak test relies on.
      assertThat(report.leaks()).allSatisfy(leak -> assertThat(leak.heldMillis()).isLessThan(2500));
    }
    if (scenario == Scenario.EXECUTOR_LEAK) {
      assertThat(report.leaks()).allSatisfy(leak -> assertThat(leak.thread()).startsWith("import-worker-"));
    }
    if (scenario == Scenario.ASYNC_LEAK) {
      // The stage ran on CompletableFuture's default executor, never on the thread that built the
      // chain; which thread that is depends on the number of CPUs.
      assertThat(report.leaks())
          .allSatisfy(leak -> assertThat(leak.thread()).isNotEqualTo("main").isNotBlank());
    }
    if (scenario == Scenario.LONG_HOLD) {
      assertThat(report.leaks()).singleElement().satisfies(l -> assertThat(l.state()).isEqualTo("late_return"));
    }
  }
}
