package io.poolagent.report;

import io.poolagent.report.Report.Exhaustion;
import io.poolagent.report.Report.Holder;
import io.poolagent.report.Report.PoolSummary;
import io.poolagent.report.Report.TimelinePoint;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A pool's timeline and exhaustion episodes in one summary line: when the pool was fullest and
 * whether it ran dry, and who held it then. The JSON report (and its HTML page) has the points.
 */
final class TimelineSummary {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private TimelineSummary() {}

  /**
   * E.g. {@code timeline (UTC): peak in use 10/10 at 08:47:00, up to 3 waiting; 4 episodes of
   * exhaustion (first 08:52:10, 2 timeouts, held by ExportJob.run x7)}; null with nothing to say.
   */
  static String line(PoolSummary pool) {
    TimelinePoint peak = null;
    long pending = -1;
    for (TimelinePoint point : pool.timeline()) {
      if (peak == null || point.inUseMax() > peak.inUseMax()) {
        peak = point;
      }
      if (point.pendingMax() != null) {
        pending = Math.max(pending, point.pendingMax());
      }
    }
    long episodes = pool.exhaustions().size() + pool.exhaustionsOmitted();
    if (peak == null && episodes == 0) {
      return null;
    }
    StringBuilder line = new StringBuilder("timeline (UTC): ");
    if (peak != null) {
      line.append("peak in use ").append(peak.inUseMax());
      if (peak.maxSize() != null) {
        line.append('/').append(peak.maxSize());
      }
      line.append(" at ").append(time(peak.start()));
      if (pending > 0) {
        line.append(", up to ").append(pending).append(" waiting");
      }
    }
    if (episodes > 0) {
      line.append(peak != null ? "; " : "")
          .append(episodes)
          .append(episodes == 1 ? " episode" : " episodes")
          .append(" of exhaustion");
      if (!pool.exhaustions().isEmpty()) {
        line.append(" (")
            .append(episodes > 1 ? "first " : "")
            .append(first(pool.exhaustions().get(0)))
            .append(')');
      }
    }
    return line.toString();
  }

  private static String first(Exhaustion episode) {
    String text =
        time(episode.start())
            + ", "
            + episode.timeouts()
            + (episode.timeouts() == 1 ? " timeout" : " timeouts");
    if (episode.holders().isEmpty()) {
      text += ", no tracked lease held a connection";
    } else {
      Holder top = episode.holders().get(0);
      text += ", held by " + shortSite(top.callSite()) + " x" + top.count();
    }
    long lost = 0;
    for (Holder holder : episode.collected()) {
      lost += holder.count();
    }
    // Connections the pool still counted in use though leaks the collector took had them.
    return lost == 0 ? text : text + ", " + lost + " lost to collected leaks";
  }

  /** {@code com.acme.ExportJob.run(ExportJob.java:41)} as {@code ExportJob.run}. */
  static String shortSite(String callSite) {
    int paren = callSite.indexOf('(');
    String method = paren < 0 ? callSite : callSite.substring(0, paren);
    int dot = method.lastIndexOf('.');
    int classDot = dot <= 0 ? -1 : method.lastIndexOf('.', dot - 1);
    return method.substring(classDot + 1);
  }

  /** An ISO instant's time of day in UTC, or the text as it is if it is no instant. */
  private static String time(String instant) {
    try {
      return TIME.format(Instant.parse(instant));
    } catch (DateTimeParseException e) {
      return instant;
    }
  }
}
