package io.poolagent.agent.live;

import io.poolagent.lease.PoolExhaustion;
import io.poolagent.lease.PoolLeases;
import java.util.ArrayList;
import java.util.List;

/** One pool in {@link LeasesMXBean#getPools()}: a JMX composite, read through its getters. */
public final class PoolLeasesView {

  private final PoolLeases pool;

  PoolLeasesView(PoolLeases pool) {
    this.pool = pool;
  }

  public String getPool() {
    return pool.pool();
  }

  public String getKind() {
    return pool.kind();
  }

  /** Leases of this pool open now. */
  public int getHeld() {
    return pool.held();
  }

  public List<HolderView> getHolders() {
    return views(pool.holders());
  }

  /** Connections lost to leaks the collector took, which a pool like HikariCP still counts. */
  public int getCollectedCount() {
    return pool.collectedCount();
  }

  public List<HolderView> getCollected() {
    return views(pool.collected());
  }

  private static List<HolderView> views(List<PoolExhaustion.Holder> holders) {
    List<HolderView> views = new ArrayList<>(holders.size());
    for (PoolExhaustion.Holder holder : holders) {
      views.add(new HolderView(holder));
    }
    return views;
  }

  /** One call site's connections. */
  public static final class HolderView {

    private final PoolExhaustion.Holder holder;

    HolderView(PoolExhaustion.Holder holder) {
      this.holder = holder;
    }

    public String getCallSite() {
      return holder.callSite();
    }

    public int getCount() {
      return holder.count();
    }

    /** The longest hold; for collected connections, how long ago the first was borrowed. */
    public long getLongestHeldMillis() {
      return holder.longestHeldNanos() / 1_000_000;
    }

    public List<String> getThreads() {
      return holder.threads();
    }

    /** One borrow stack from this call site, innermost first; empty when none was sampled. */
    public List<String> getStack() {
      return holder.stack();
    }
  }
}
