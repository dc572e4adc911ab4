package io.poolagent.otel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Without the official OpenTelemetry agent there is no trace to link to, and no harm done. */
class AgentTraceContextTest {

  private AgentLogCapture log;

  @BeforeEach
  void captureLog() {
    log = new AgentLogCapture();
  }

  @AfterEach
  void restoreLog() {
    log.close();
  }

  @Test
  void withoutTheOfficialAgentThereIsNothingToCapture() {
    AgentTraceContext context = new AgentTraceContext();

    assertThat(context.capture()).isNull();
  }

  @Test
  void everyBorrowCanAskAgainWithoutErrorOrNoise() {
    AgentTraceContext context = new AgentTraceContext();

    for (int i = 0; i < 100_000; i++) {
      assertThat(context.capture()).isNull();
    }

    assertThat(log.lines()).as("nothing printed at the default log level").isEmpty();
  }

  @Test
  void manyBorrowingThreadsAtOnceGetNothingEither() throws Exception {
    AgentTraceContext context = new AgentTraceContext();
    Thread[] threads = new Thread[4];
    Object[] captured = new Object[threads.length];
    Throwable[] thrown = new Throwable[threads.length];
    for (int t = 0; t < threads.length; t++) {
      int index = t;
      threads[t] =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 10_000 && captured[index] == null; i++) {
                    captured[index] = context.capture();
                  }
                } catch (Throwable e) {
                  thrown[index] = e;
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join(Await.DEADLINE.toMillis());
    }

    assertThat(threads).noneMatch(Thread::isAlive);
    assertThat(captured).containsOnlyNulls();
    assertThat(thrown).containsOnlyNulls();
  }
}
