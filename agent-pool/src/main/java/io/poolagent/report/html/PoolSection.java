package io.poolagent.report.html;

import io.poolagent.report.Millis;
import io.poolagent.report.Report.Advice;
import io.poolagent.report.Report.Exhaustion;
import io.poolagent.report.Report.Holder;
import io.poolagent.report.Report.PoolSummary;
import io.poolagent.report.Report.TimelinePoint;
import io.poolagent.report.SizingAdvice;
import java.util.List;

/**
 * One connection source: its counts, the sizing advice, its timeline as charts, its hold and wait
 * distributions, and each exhaustion episode with who held the connections.
 */
final class PoolSection {

  private PoolSection() {}

  static void append(PoolSummary pool, int index, StringBuilder page) {
    page.append("<section class=\"pool\" id=\"pool-")
        .append(index)
        .append("\"><h3>")
        .append(Html.text(pool.name()))
        .append(" <span class=\"kind\">(")
        .append(Html.text(pool.kind()))
        .append(")</span></h3>\n<p class=\"counts\">borrows ")
        .append(pool.borrows())
        .append(", returns ")
        .append(pool.returns())
        .append(pool.evicted() > 0 ? ", evicted " + pool.evicted() : "")
        .append(", open ")
        .append(pool.open())
        .append(pool.reclaimed() != null ? ", reclaimed " + pool.reclaimed() : "")
        .append("</p>\n");
    if (!pool.pooling()) {
      page.append(
          "<p class=\"note\">Does not pool: every borrow opened a physical connection; the wait"
              + " below is the cost of connecting.</p>\n");
    }
    if (pool.advice() != null) {
      advice(pool.advice(), page);
    }
    timeline(pool, page);
    page.append("<div class=\"distributions\">\n")
        .append(PercentileChart.svg("hold", "Hold time", pool.holdMillis()))
        .append(
            PercentileChart.svg(
                "wait",
                pool.pooling() ? "Wait in getConnection" : "Connect time",
                pool.acquireMillis()))
        .append("</div>\n");
    exhaustions(pool, page);
    page.append("</section>\n");
  }

  private static void advice(Advice advice, StringBuilder page) {
    page.append("<div class=\"advice")
        .append(Boolean.TRUE.equals(advice.bottleneck()) ? " bottleneck" : "")
        .append("\"><p><strong>Sizing:</strong> ")
        .append(Html.text(advice.reason()))
        .append("</p>\n<dl>");
    term(page, "observed", Millis.format(advice.observedSeconds() * 1000));
    term(page, "borrows per second", decimal(advice.arrivalsPerSecond()));
    term(
        page,
        "mean hold",
        advice.meanHoldMillis() == null ? null : Millis.format(advice.meanHoldMillis()));
    term(page, "connections in use on average", decimal(advice.meanInUse()));
    term(page, "suggested maximum size", text(advice.suggestedMaxSize()));
    term(page, "configured maximum size", text(advice.configuredMaxSize()));
    term(page, "timeouts", text(advice.timeouts()));
    term(page, "bottleneck", text(advice.bottleneck()));
    page.append("</dl></div>\n");
  }

  private static void term(StringBuilder page, String name, String value) {
    page.append("<dt>")
        .append(name)
        .append("</dt><dd>")
        .append(value == null ? "<span class=\"note\">not known</span>" : Html.text(value))
        .append("</dd>");
  }

  private static String decimal(Double value) {
    return value == null ? null : SizingAdvice.decimal(value);
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static void timeline(PoolSummary pool, StringBuilder page) {
    List<TimelinePoint> points = pool.timeline();
    if (points.isEmpty()) {
      page.append(
          "<p class=\"note\">No timeline: the report was written before the agent kept one, or"
              + " before this source's first interval ended.</p>\n");
      return;
    }
    page.append("<div class=\"timeline\">\n");
    // The maximum first, so that the connections in use are drawn over it where they reach it.
    chart(
        page,
        new TimelineChart(
                "connections", "Connections in use, most per interval", points, Html::count, true)
            .step("max-size", "maximum size", TimelinePoint::maxSize)
            .step("in-use", "in use", TimelinePoint::inUseMax)
            .episodes(pool.exhaustions()),
        null);
    chart(
        page,
        new TimelineChart(
                "waiting", "Threads waiting, and borrows timed out", points, Html::count, true)
            .step("pending", "waiting (most)", TimelinePoint::pendingMax)
            .bars("timeouts", "timed out", TimelinePoint::timeouts)
            .episodes(pool.exhaustions()),
        "The agent cannot read this pool's waiters or recognise its timeouts.");
    chart(
        page,
        new TimelineChart(
                "wait-p95",
                "Wait in getConnection, p95 per interval",
                points,
                Millis::format,
                false)
            .step("wait", "p95 wait", TimelinePoint::waitP95Millis)
            .episodes(pool.exhaustions()),
        "No borrow in any interval.");
    chart(
        page,
        new TimelineChart("hold-p95", "Hold time, p95 per interval", points, Millis::format, false)
            .step("hold", "p95 hold", TimelinePoint::holdP95Millis)
            .episodes(pool.exhaustions()),
        "No connection returned in any interval.");
    page.append("</div>\n");
  }

  private static void chart(StringBuilder page, TimelineChart chart, String whenEmpty) {
    if (chart.hasValues() || whenEmpty == null) {
      page.append(chart.svg());
    } else {
      page.append("<p class=\"note\">").append(whenEmpty).append("</p>\n");
    }
  }

  private static void exhaustions(PoolSummary pool, StringBuilder page) {
    List<Exhaustion> episodes = pool.exhaustions();
    if (episodes.isEmpty()) {
      return;
    }
    page.append("<h4>Exhaustion episodes</h4>\n");
    for (Exhaustion e : episodes) {
      page.append("<div class=\"episode-detail\"><p><strong>")
          .append(Html.text(e.start()))
          .append(" – ")
          .append(Html.text(e.end()))
          .append("</strong>: ")
          .append(Html.plural(e.timeouts(), "borrow", "borrows"))
          .append(" timed out; ")
          .append(Html.plural(e.held(), "connection was", "connections were"))
          .append(" held at the first timeout.</p>\n");
      holders("Held by", e.holders(), page);
      if (!e.collected().isEmpty()) {
        holders(
            "Collected without close() but still counted by the pool (it is that much smaller for"
                + " good)",
            e.collected(),
            page);
      }
      page.append("</div>\n");
    }
    if (pool.exhaustionsOmitted() > 0) {
      page.append("<p class=\"note\">")
          .append(Html.plural(pool.exhaustionsOmitted(), "more episode", "more episodes"))
          .append(" happened but are not listed in the report.</p>\n");
    }
  }

  private static void holders(String title, List<Holder> holders, StringBuilder page) {
    page.append("<table class=\"holders\"><caption>")
        .append(title)
        .append("</caption><thead><tr><th>connections</th><th>call site and borrow stack</th>")
        .append("<th>longest held</th></tr></thead><tbody>\n");
    for (Holder h : holders) {
      page.append("<tr><td class=\"count\">").append(h.count()).append("</td><td>");
      String about =
          "<code>"
              + Html.text(h.callSite())
              + "</code>"
              + (h.threads().isEmpty() ? "" : " <span class=\"note\">threads</span> " + threads(h));
      LeakSection.stack(about, h.stack(), page);
      page.append("</td><td>").append(Millis.format(h.longestHeldMillis())).append("</td></tr>\n");
    }
    page.append("</tbody></table>\n");
  }

  private static String threads(Holder h) {
    StringBuilder text = new StringBuilder();
    for (String thread : h.threads()) {
      text.append(text.length() == 0 ? "" : ", ").append("<code>").append(Html.text(thread));
      text.append("</code>");
    }
    return text.toString();
  }
}
