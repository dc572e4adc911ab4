package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.log.AgentLog;
import io.poolagent.report.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which sources get sizing advice, and what it is made of. Times are given, never waited for. */
class ConnectionSourceAdviceTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MILLI = 1_000_000L;

  @AfterEach
  void restoreLog() {
    AgentLog.setOutput(System.err);
  }

  /**
   * 200 borrows a second for 10 s, each waiting 20 µs and held 50 ms: L = 10. The p95 wait reads
   * 0.019 ms: the middle of the histogram bucket that holds 20 µs (19.456 µs).
   */
  private static Report.PoolSummary afterTenSecondsOfLoad(ConnectionSource source) {
    for (int i = 0; i < 2_000; i++) {
      source.borrowed(20_000);
      source.returned(50 * MILLI);
    }
    return source.summary(source.registeredNanos() + 10 * SECOND, new Clock());
  }

  @Test
  void aPoolIsAdvisedFromItsBorrowsHoldsAndWaits() {
    ConnectionSource source = new ConnectionSource("orders", "hikari", SourceKind.POOL);

    Report.Advice advice = afterTenSecondsOfLoad(source).advice();

    assertThat(advice.observedSeconds()).isEqualTo(10.0);
    assertThat(advice.arrivalsPerSecond()).isEqualTo(200.0);
    assertThat(advice.meanHoldMillis()).isEqualTo(50.0);
    assertThat(advice.meanInUse()).isEqualTo(10.0);
    assertThat(advice.suggestedMaxSize()).isEqualTo(19);
    assertThat(advice.configuredMaxSize()).isNull();
    // HikariCP's timeouts are recognised, so none counted is a true zero.
    assertThat(advice.timeouts()).isZero();
    assertThat(advice.bottleneck()).isFalse();
    assertThat(advice.reason())
        .isEqualTo(
            "pool was not the bottleneck: p95 wait 0.019 ms, no timeouts; suggested maximum 19");
  }

  @Test
  void theConfiguredMaximumIsUsedWhenSomeoneKnowsIt() {
    ConnectionSource source = new ConnectionSource("orders", "hikari", SourceKind.POOL);
    source.setConfiguredMaxSize(() -> 10);

    Report.Advice advice = afterTenSecondsOfLoad(source).advice();

    assertThat(advice.configuredMaxSize()).isEqualTo(10);
    assertThat(advice.bottleneck()).isTrue();
    assertThat(advice.reason())
        .isEqualTo(
            "pool was the bottleneck: p95 wait 0.019 ms, 10 of 10 connections in use on average;"
                + " suggested maximum 19 (now 10)");
  }

  @Test
  void aMaximumThatIsNotKnownYetOrFailsIsLeftOut() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
    ConnectionSource notStarted = new ConnectionSource("a", "hikari", SourceKind.POOL);
    notStarted.setConfiguredMaxSize(() -> 0);
    ConnectionSource closing = new ConnectionSource("b", "hikari", SourceKind.POOL);
    closing.setConfiguredMaxSize(
        () -> {
          throw new IllegalStateException("pool closed");
        });

    assertThat(afterTenSecondsOfLoad(notStarted).advice().configuredMaxSize()).isNull();
    Report.Advice advice = afterTenSecondsOfLoad(closing).advice();
    assertThat(advice.configuredMaxSize()).isNull();
    assertThat(advice.suggestedMaxSize()).isEqualTo(19);
    assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void timeoutsArePartOfTheVerdict() {
    ConnectionSource source = new ConnectionSource("orders", "hikari", SourceKind.POOL);
    source.timedOut();
    source.timedOut();

    Report.Advice advice = afterTenSecondsOfLoad(source).advice();

    assertThat(advice.timeouts()).isEqualTo(2);
    assertThat(advice.bottleneck()).isTrue();
    assertThat(advice.reason())
        .startsWith("pool was the bottleneck: p95 wait 0.019 ms, 2 timeouts;");
  }

  @Test
  void timeoutsOfAPoolWhoseTimeoutsAreNotRecognisedAreUnknown() {
    ConnectionSource source = new ConnectionSource("pg", "pgjdbc-pool", SourceKind.POOL);

    assertThat(afterTenSecondsOfLoad(source).advice().timeouts()).isNull();
  }

  @Test
  void sourcesThatDoNotPoolGetNoAdvice() {
    ConnectionSource driverManager =
        new ConnectionSource(
            "DriverManager(jdbc:h2:mem:x)", "drivermanager", SourceKind.DRIVER_MANAGER);
    ConnectionSource dataSource =
        new ConnectionSource("JdbcDataSource(jdbc:h2:mem:x)", "datasource", SourceKind.NON_POOLING);
    // Even when told a maximum: a source that opens a connection per borrow has no pool to size.
    dataSource.setConfiguredMaxSize(() -> 10);

    assertThat(afterTenSecondsOfLoad(driverManager).advice()).isNull();
    assertThat(afterTenSecondsOfLoad(dataSource).advice()).isNull();
  }

  @Test
  void anUnknownSourceIsAdvisedOnlyOnceItSaysItIsAPoolWithAMaximum() {
    // An application's wrapper or a pool the agent does not know: its waits may be physical
    // connects, so a verdict would be a guess.
    ConnectionSource unknown =
        new ConnectionSource("TenantDataSource", "datasource", SourceKind.UNKNOWN);
    assertThat(afterTenSecondsOfLoad(unknown).advice()).isNull();

    ConnectionSource managed = new ConnectionSource("managed", "managed", SourceKind.UNKNOWN);
    managed.setConfiguredMaxSize(() -> 50);
    assertThat(afterTenSecondsOfLoad(managed).advice().configuredMaxSize()).isEqualTo(50);
  }

  @Test
  void theObservedTimeStartsAtRegistration() {
    ConnectionSource source = new ConnectionSource("orders", "hikari", SourceKind.POOL);
    source.borrowed(20_000);
    source.returned(50 * MILLI);

    Report.Advice advice =
        source.summary(source.registeredNanos() + 2_500 * MILLI, new Clock()).advice();

    assertThat(advice.observedSeconds()).isEqualTo(2.5);
    assertThat(advice.suggestedMaxSize()).isNull();
    assertThat(advice.bottleneck()).isNull();
    assertThat(advice.reason())
        .isEqualTo(
            "not enough data to advise: 1 returned lease over 2.5 s;"
                + " the advice needs at least 100 over at least 5 s");
  }
}
