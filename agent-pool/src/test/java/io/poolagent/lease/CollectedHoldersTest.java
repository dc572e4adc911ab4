package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pool's connections lost to collected leaks, kept as counts by call site however many leak. */
class CollectedHoldersTest {

  private final CollectedHolders lost = new CollectedHolders();

  @Test
  void countsByCallSiteWithTheFirstBorrowAFewThreadsAndOneShortStack() {
    List<String> deepStack = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      deepStack.add("com.acme.Frame.f" + i + "(Frame.java:" + i + ")");
    }
    for (int i = 0; i < 8; i++) {
      lost.add(event("com.acme.Cache.warm(Cache.java:33)", "worker-" + i, deepStack), 1_000 + i);
    }
    lost.add(event("com.acme.Job.run(Job.java:9)", "main", List.of()), 500);

    List<PoolExhaustion.Holder> holders = lost.holders(11_000);

    assertThat(holders).hasSize(2);
    PoolExhaustion.Holder cache = holders.get(0);
    assertThat(cache.callSite()).isEqualTo("com.acme.Cache.warm(Cache.java:33)");
    assertThat(cache.count()).isEqualTo(8);
    assertThat(cache.longestHeldNanos()).as("since the first borrow").isEqualTo(10_000);
    assertThat(cache.threads()).hasSize(Holders.MAX_THREADS).startsWith("worker-0");
    assertThat(cache.stack()).hasSize(Holders.MAX_FRAMES).first().isEqualTo(deepStack.get(0));
    assertThat(holders.get(1).count()).isEqualTo(1);
    assertThat(Holders.count(holders)).isEqualTo(9);
  }

  @Test
  void callSitesBeyondTheLimitAreCountedTogether() {
    int sites = CollectedHolders.MAX_SITES + 50;
    for (int i = 0; i < sites; i++) {
      lost.add(event("com.acme.Gen.m" + i + "(Gen.java:1)", "main", List.of()), i);
    }
    lost.add(event("com.acme.Gen.m0(Gen.java:1)", "main", List.of()), 0);

    List<PoolExhaustion.Holder> holders = lost.holders(1_000);

    assertThat(holders).hasSize(CollectedHolders.MAX_SITES + 1);
    assertThat(Holders.count(holders)).isEqualTo(sites + 1);
    assertThat(holders)
        .filteredOn(h -> h.callSite().equals(LeakLedger.OTHER_SITES))
        .singleElement()
        .satisfies(h -> assertThat(h.count()).isEqualTo(50));
    assertThat(holders)
        .as("a site already kept keeps counting once the limit is reached")
        .filteredOn(h -> h.callSite().equals("com.acme.Gen.m0(Gen.java:1)"))
        .singleElement()
        .satisfies(h -> assertThat(h.count()).isEqualTo(2));
  }

  private static LeakEvent event(String callSite, String thread, List<String> stack) {
    return new LeakEvent(
        LeakState.COLLECTED, LeakState.OPEN, "orders", callSite, thread, 0, 0, 0, stack, null);
  }
}
