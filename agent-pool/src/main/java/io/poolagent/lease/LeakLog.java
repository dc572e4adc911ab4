package io.poolagent.lease;

import io.poolagent.log.AgentLog;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The leak lines on stderr, kept readable in a leak storm: the first {@link #FIRST_LINES} leak
 * events of a call site get a line each; after that, one line per call site per {@link
 * #INTERVAL_NANOS} says how many more there were, by state. HikariCP's own test suite made 968
 * leak lines from one test: a log a person can no longer read. The report, the counters and the
 * spans still count every leak; only this log is thinned.
 *
 * <p>Leak events are rare next to borrows, and come from the sweeper and, for a late return, from
 * the returning thread: a monitor guards the counts. Times are the events' own (their detection
 * time), so no clock is read here. Memory is bounded: at most {@link #MAX_SITES} call sites are
 * followed one by one, the others together.
 */
final class LeakLog {

  static final int FIRST_LINES = 3;
  static final long INTERVAL_NANOS = 60_000_000_000L;
  static final int MAX_SITES = 1_000;
  static final String OTHER_SITES = "other call sites";

  private final Map<String, Site> sites = new HashMap<>();

  /**
   * A leak event at {@code callSite}: {@code line} is printed if the site has printed fewer than
   * {@link #FIRST_LINES}; else the event is counted, and the site's count printed if its last line
   * is an interval old.
   */
  synchronized void leak(String line, String callSite, LeakState state, long epochNanos) {
    Site site = site(callSite);
    if (site.lines < FIRST_LINES) {
      site.lines++;
      site.lastLineNanos = epochNanos;
      AgentLog.info(line);
      if (site.lines == FIRST_LINES) {
        AgentLog.info(
            "further leaks at "
                + site.name
                + " are counted, one line a minute; the report lists every one");
      }
      return;
    }
    site.pending.merge(state, 1L, Long::sum);
    flush(site, epochNanos);
  }

  /** Prints the counts that are due: for the sweeper, so that a site gone quiet still tells. */
  synchronized void flush(long epochNanos) {
    for (Site site : sites.values()) {
      flush(site, epochNanos);
    }
  }

  private void flush(Site site, long epochNanos) {
    if (site.pending.isEmpty() || epochNanos - site.lastLineNanos < INTERVAL_NANOS) {
      return;
    }
    long seconds = (epochNanos - site.lastLineNanos) / 1_000_000_000L;
    StringBuilder line = new StringBuilder();
    long all = 0;
    for (Map.Entry<LeakState, Long> count : site.pending.entrySet()) {
      long n = count.getValue();
      all += n;
      String state =
          count.getKey() == LeakState.LATE_RETURN
              ? (n == 1 ? "late return" : "late returns")
              : count.getKey().reportName;
      line.append(line.length() == 0 ? "" : ", ").append(n).append(' ').append(state);
    }
    AgentLog.info(
        all
            + (all == 1 ? " more leak event at " : " more leak events at ")
            + site.name
            + " in the last "
            + seconds
            + " s: "
            + line);
    site.pending.clear();
    site.lastLineNanos = epochNanos;
  }

  private Site site(String callSite) {
    Site site = sites.get(callSite);
    if (site != null) {
      return site;
    }
    String name = sites.size() < MAX_SITES ? callSite : OTHER_SITES;
    site = sites.get(name);
    if (site == null) {
      site = new Site(name);
      sites.put(name, site);
    }
    return site;
  }

  /** A call site's lines, and what it counted since its last; guarded by the log's monitor. */
  private static final class Site {
    final String name;
    int lines;
    long lastLineNanos;
    final Map<LeakState, Long> pending = new EnumMap<>(LeakState.class);

    Site(String name) {
      this.name = name;
    }
  }
}
