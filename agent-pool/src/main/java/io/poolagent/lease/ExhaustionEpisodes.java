package io.poolagent.lease;

import io.poolagent.report.Report;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One pool's episodes of exhaustion, for the report's {@code exhaustions}: its timed-out borrows,
 * grouped. Fed on the thread whose borrow just timed out, after the pool's whole timeout: a rare,
 * already slow path, so a monitor is fine here.
 *
 * <p>A timeout continues the current episode when its borrow began to wait at most {@link
 * #GAP_NANOS} after the episode's last timeout. A timed-out borrow proves the pool dry from its
 * start to its timeout, so this joins spans the pool was known dry, across holes of at most the
 * gap: one looping request timing out every 30 s (HikariCP's default timeout) is one long episode,
 * not one per timeout. The gap is the explainer's quiet period ({@link
 * ExhaustionExplainer#QUIET_NANOS}): a new episode then begins after the explainer has been quiet
 * for that long, so its first timeout is the one the explainer explains, and the episode carries
 * who held the connections when the pool first ran dry.
 *
 * <p>Memory is bounded: the first {@link #FIRST} episodes are kept (how the trouble began), and the
 * {@link #LATEST} most recent (how it stands); those in between are only counted, and at most
 * {@link #MAX_HOLDERS} call sites are kept per episode, those holding the most connections.
 */
final class ExhaustionEpisodes {

  static final long GAP_NANOS = ExhaustionExplainer.QUIET_NANOS;
  static final int FIRST = 10;
  static final int LATEST = 10;
  static final int MAX_HOLDERS = 10;

  private final List<Episode> first = new ArrayList<>();
  private final Deque<Episode> latest = new ArrayDeque<>();
  private long omitted;
  private Episode current;

  /**
   * A borrow that started waiting at {@code waitStartNanos} timed out at {@code nowNanos}.
   *
   * @param explained who held the pool's connections then, or null: not explained (the explainer
   *     was quiet); the episode's first explained timeout gives its holders
   */
  synchronized void timedOut(long waitStartNanos, long nowNanos, PoolExhaustion explained) {
    if (current == null || waitStartNanos - current.endNanos > GAP_NANOS) {
      current = new Episode(nowNanos);
      keep(current);
    }
    current.timeouts++;
    // Timed-out threads race to here: the episode spans the earliest and the latest of them.
    current.startNanos = Math.min(current.startNanos, nowNanos);
    current.endNanos = Math.max(current.endNanos, nowNanos);
    if (current.holders == null && explained != null) {
      current.held = explained.held();
      current.holders = holders(explained.holders());
      current.collected = holders(explained.collected());
    }
  }

  private void keep(Episode episode) {
    if (first.size() < FIRST) {
      first.add(episode);
      return;
    }
    latest.addLast(episode);
    if (latest.size() > LATEST) {
      latest.removeFirst();
      omitted++;
    }
  }

  /**
   * The kept episodes, oldest first, and how many happened but are not listed (those between
   * the first and the latest kept): read together, so that they add up.
   */
  synchronized Listed report(Clock clock) {
    List<Report.Exhaustion> report = new ArrayList<>(first.size() + latest.size());
    for (Episode episode : first) {
      report.add(episode.toReport(clock));
    }
    for (Episode episode : latest) {
      report.add(episode.toReport(clock));
    }
    return new Listed(report, omitted);
  }

  record Listed(List<Report.Exhaustion> episodes, long omitted) {}

  private static List<Report.Holder> holders(List<PoolExhaustion.Holder> all) {
    List<Report.Holder> holders = new ArrayList<>(Math.min(MAX_HOLDERS, all.size()));
    for (PoolExhaustion.Holder holder : all.subList(0, Math.min(MAX_HOLDERS, all.size()))) {
      holders.add(
          new Report.Holder(
              holder.callSite(),
              holder.count(),
              holder.longestHeldNanos() / 1_000_000,
              holder.threads(),
              holder.stack()));
    }
    return List.copyOf(holders);
  }

  /** Guarded by the episodes' monitor. */
  private static final class Episode {
    long startNanos;
    long endNanos;
    long timeouts;
    long held;
    /** Null until a timeout of the episode is explained. */
    List<Report.Holder> holders;
    /** The pool's connections lost to collected leaks then; null with {@code holders}. */
    List<Report.Holder> collected;

    Episode(long nowNanos) {
      startNanos = nowNanos;
      endNanos = nowNanos;
    }

    Report.Exhaustion toReport(Clock clock) {
      return new Report.Exhaustion(
          clock.instantOf(startNanos).toString(),
          clock.instantOf(endNanos).toString(),
          timeouts,
          held,
          holders == null ? List.of() : holders,
          collected == null ? List.of() : collected);
    }
  }
}
