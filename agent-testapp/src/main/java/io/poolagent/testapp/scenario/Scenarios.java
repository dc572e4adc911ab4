package io.poolagent.testapp.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The scenarios by their command-line name, in the order the help text lists them. */
public final class Scenarios {
  private static final Map<String, Scenario> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("no-leak", new NoLeakScenario());
    BY_NAME.put("method-leak", new MethodLeakScenario());
    BY_NAME.put("exception-leak", new ExceptionLeakScenario());
    BY_NAME.put("executor-leak", new ExecutorLeakScenario());
    BY_NAME.put("async-leak", new AsyncLeakScenario());
    BY_NAME.put("pool-exhausted", new PoolExhaustedScenario("pool-exhausted", false));
    BY_NAME.put("pool-lost", new PoolExhaustedScenario("pool-lost", true));
    BY_NAME.put("long-hold", new LongHoldScenario());
    BY_NAME.put("dropped", new DroppedScenario());
    BY_NAME.put("evicted", new EvictedScenario());
    BY_NAME.put("load", new LoadScenario());
    BY_NAME.put("demo", new DemoScenario());
    BY_NAME.put("soak", new SoakScenario());
  }

  private Scenarios() {}

  public static Set<String> names() {
    return Collections.unmodifiableSet(BY_NAME.keySet());
  }

  public static Scenario named(String name) {
    return BY_NAME.get(name);
  }
}
