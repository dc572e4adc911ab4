package io.poolagent.agent.instrumentation;

import io.poolagent.bootstrap.PoolAgentBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code getConnection()} and {@code getConnection(String, String)} of every {@code
 * javax.sql.DataSource}. Only the bridge is called: it is the one agent class every class loader
 * can see.
 */
public final class GetConnectionAdvice {

  private GetConnectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return PoolAgentBridge.enterBorrow();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This Object dataSource,
      @Advice.Return Object connection,
      @Advice.Thrown Throwable thrown,
      @Advice.Enter long enter) {
    PoolAgentBridge.exitBorrow(dataSource, connection, thrown, enter);
  }
}
