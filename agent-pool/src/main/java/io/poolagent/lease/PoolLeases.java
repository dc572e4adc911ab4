package io.poolagent.lease;

import java.util.ArrayList;
import java.util.List;

/**
 * A live look at one connection source: who holds its connections now, by call site, and the
 * connections it lost to leaks the collector took, which a pool that does not reclaim them still
 * counts in use.
 *
 * @param kind the source's kind as the report names it, e.g. {@code hikari}
 * @param held leases of this source open now
 * @param holders those leases by call site, most connections first
 * @param collected collected leaks of this source by call site, most first; empty for a source
 *     that does not pool or that reclaims them
 */
public record PoolLeases(
    String pool,
    String kind,
    int held,
    List<PoolExhaustion.Holder> holders,
    List<PoolExhaustion.Holder> collected) {

  /** Connections lost to collected leaks. */
  public int collectedCount() {
    return Holders.count(collected);
  }

  /** What {@code java -jar pool-agent.jar leases PID} prints. */
  public static List<String> lines(List<PoolLeases> pools) {
    List<String> lines = new ArrayList<>();
    if (pools.isEmpty()) {
      lines.add("no connection borrowed yet: no pool, DataSource or DriverManager URL seen");
    }
    for (PoolLeases pool : pools) {
      lines.add(
          "pool "
              + pool.pool()
              + " ("
              + pool.kind()
              + "): "
              + (pool.held() == 0
                  ? "no connection held now"
                  : pool.held()
                      + (pool.held() == 1 ? " connection" : " connections")
                      + " held now, by call site:"));
      Holders.appendLines(lines, pool.holders(), false);
      if (!pool.collected().isEmpty()) {
        lines.add(ExhaustionExplainer.collectedLine(pool.pool(), pool.collectedCount()));
        Holders.appendLines(lines, pool.collected(), true);
      }
    }
    return lines;
  }
}
