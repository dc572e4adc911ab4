package io.poolagent.agent.instrumentation;

import io.poolagent.bootstrap.PoolAgentBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into HikariCP's {@code PoolBase.newConnection}, the method HikariCP itself times for its
 * metrics tracker's {@code recordConnectionCreatedMillis}: the same span, reported as the pool's
 * {@code db.client.connection.create_time}.
 *
 * <p>Why not wrap the tracker ({@code MetricsTrackerFactory}): with no tracker installed, HikariCP
 * runs a no-op delegate; any wrapper turns it into a live one that reads the clock and calls the
 * tracker on every borrow and return. Timing the physical connect costs nothing on that path and
 * leaves a tracker the application installed (Micrometer's, Dropwizard's) exactly as it was.
 */
public final class HikariConnectAdvice {

  private HikariConnectAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return System.nanoTime();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.FieldValue("poolName") String poolName,
      @Advice.Return Object connection,
      @Advice.Enter long start) {
    if (connection != null) {
      PoolAgentBridge.connectionCreated("hikari", poolName, System.nanoTime() - start);
    }
  }
}
