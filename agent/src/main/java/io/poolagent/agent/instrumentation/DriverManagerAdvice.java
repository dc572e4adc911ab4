package io.poolagent.agent.instrumentation;

import io.poolagent.bootstrap.PoolAgentBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the public {@code DriverManager.getConnection} methods, which are static: the
 * source of the borrow is the JDBC URL (redacted before it is ever shown).
 */
public final class DriverManagerAdvice {

  private DriverManagerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return PoolAgentBridge.enterBorrow();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(0) String url,
      @Advice.Return Object connection,
      @Advice.Thrown Throwable thrown,
      @Advice.Enter long enter) {
    PoolAgentBridge.exitBorrow(url, connection, thrown, enter);
  }
}
