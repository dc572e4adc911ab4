package io.poolagent.report.html;

import io.poolagent.report.Millis;
import io.poolagent.report.Report.Percentiles;

/**
 * A distribution as the report keeps it: its 50th, 95th and 99th percentiles and its maximum, one
 * bar each, on a logarithmic scale (a hold's p50 and its max are often four orders of magnitude
 * apart). The report has no histogram, so none is drawn: four bars are what is known.
 */
final class PercentileChart {

  private static final int WIDTH = 720;
  private static final int LEFT = 60;
  private static final int RIGHT = 70;
  private static final int ROW = 20;
  private static final int TOP = 6;
  private static final int AXIS = 22;
  private static final String[] NAMES = {"p50", "p95", "p99", "max"};

  private PercentileChart() {}

  /**
   * @param name the series' name on the page ({@code data-series})
   * @param what what was measured, in words, e.g. {@code hold time}
   */
  static String svg(String name, String what, Percentiles percentiles) {
    if (percentiles.count() == 0) {
      return "<p class=\"note\">No " + Html.text(what) + " recorded yet.</p>\n";
    }
    double[] values = {percentiles.p50(), percentiles.p95(), percentiles.p99(), percentiles.max()};
    double max = 0.001;
    double min = Double.MAX_VALUE;
    for (double v : values) {
      max = Math.max(max, v);
      if (v > 0) {
        min = Math.min(min, v);
      }
    }
    // Whole decades around the values, at least one, so the axis' ticks are powers of ten.
    int low = (int) Math.floor(Math.log10(Math.min(min, max)));
    int high = Math.max(low + 1, (int) Math.ceil(Math.log10(max)));
    int height = TOP + ROW * values.length + AXIS;
    double plot = WIDTH - LEFT - RIGHT;
    StringBuilder svg = new StringBuilder(2048);
    svg.append("<figure class=\"chart\"><figcaption>")
        .append(Html.text(what))
        .append(", ")
        .append(percentiles.count())
        .append(" recorded (log scale)</figcaption>\n<svg data-chart=\"")
        .append(name)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(Html.text(what))
        .append(" percentiles\">\n");
    int baseline = TOP + ROW * values.length;
    for (int decade = low; decade <= high; decade++) {
      double x = LEFT + (double) (decade - low) / (high - low) * plot;
      svg.append("<line class=\"grid\" x1=\"")
          .append(TimelineChart.num(x))
          .append("\" x2=\"")
          .append(TimelineChart.num(x))
          .append("\" y1=\"")
          .append(TOP)
          .append("\" y2=\"")
          .append(baseline)
          .append("\"/><text class=\"tick\" x=\"")
          .append(TimelineChart.num(x))
          .append("\" y=\"")
          .append(baseline + 16)
          .append("\" text-anchor=\"middle\">")
          .append(Html.text(Millis.format(Math.pow(10, decade))))
          .append("</text>\n");
    }
    svg.append("<g class=\"s-").append(name).append("\" data-series=\"").append(name);
    svg.append("\">\n");
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      double fraction = v <= 0 ? 0 : (Math.log10(v) - low) / (high - low);
      double width = Math.max(1, Math.min(1, Math.max(0, fraction)) * plot);
      int y = TOP + ROW * i;
      String label = Html.text(Millis.format(v));
      svg.append("<text class=\"tick\" x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(y + 14)
          .append("\" text-anchor=\"end\">")
          .append(NAMES[i])
          .append("</text><rect class=\"pt\" x=\"")
          .append(LEFT)
          .append("\" y=\"")
          .append(y + 3)
          .append("\" width=\"")
          .append(TimelineChart.num(width))
          .append("\" height=\"")
          .append(ROW - 6)
          .append("\"><title>")
          .append(NAMES[i])
          .append(' ')
          .append(label)
          .append("</title></rect><text class=\"value\" x=\"")
          .append(TimelineChart.num(LEFT + width + 5))
          .append("\" y=\"")
          .append(y + 14)
          .append("\">")
          .append(label)
          .append("</text>\n");
    }
    return svg.append("</g></svg></figure>\n").toString();
  }
}
