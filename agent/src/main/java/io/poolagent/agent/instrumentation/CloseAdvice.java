package io.poolagent.agent.instrumentation;

import io.poolagent.bootstrap.PoolAgentBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code close()} of every {@code java.sql.Connection}. The lease ends when close is
 * called, before the pool's own return logic runs, so hold time is what the application held.
 */
public final class CloseAdvice {

  private CloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object connection) {
    PoolAgentBridge.closing(connection);
  }
}
