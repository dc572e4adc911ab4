package io.poolagent.report.html;

import io.poolagent.report.Report.Exhaustion;
import io.poolagent.report.Report.TimelinePoint;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * One chart of a pool's timeline, as SVG: time across, one or more series up. A timeline point is
 * an interval and its gauges are the most seen in it, so a series is drawn as a step over each
 * interval (not a line between instants, which would invent values in between), with one mark per
 * point in the middle of its interval whose tooltip has the interval and the value. A null value
 * (the agent could not read it) is a gap, never a zero. Exhaustion episodes are shaded behind.
 */
final class TimelineChart {

  static final int WIDTH = 720;
  static final int HEIGHT = 190;
  private static final int LEFT = 60;
  private static final int RIGHT = 12;
  private static final int TOP = 10;
  private static final int BOTTOM = 26;
  private static final int PLOT_W = WIDTH - LEFT - RIGHT;
  private static final int PLOT_H = HEIGHT - TOP - BOTTOM;

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAYS =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Tick steps a reader counts in, shortest first. */
  private static final long[] TIME_STEPS = {
    1_000,
    2_000,
    5_000,
    10_000,
    15_000,
    30_000,
    60_000,
    120_000,
    300_000,
    600_000,
    900_000,
    1_800_000,
    3_600_000,
    7_200_000,
    10_800_000,
    21_600_000,
    43_200_000,
    86_400_000
  };

  private record Series(
      String name, String label, boolean bars, Function<TimelinePoint, Number> value) {}

  private final String id;
  private final String title;
  private final List<TimelinePoint> points;
  private final long[] starts;
  private final long from;
  private final long to;
  private final DoubleFunction<String> format;
  private final boolean whole;
  private final List<Series> series = new ArrayList<>();
  private final List<Exhaustion> episodes = new ArrayList<>();

  /**
   * @param id the chart's name on the page ({@code data-chart})
   * @param format how a value of this chart reads, on the axis and in the tooltips
   * @param whole whether the values are counts, whose axis has no fractions
   */
  TimelineChart(
      String id,
      String title,
      List<TimelinePoint> points,
      DoubleFunction<String> format,
      boolean whole) {
    this.id = id;
    this.whole = whole;
    this.title = title;
    this.points = points;
    this.format = format;
    starts = new long[points.size()];
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < points.size(); i++) {
      starts[i] = epochMillis(points.get(i).start());
      min = Math.min(min, starts[i]);
      max = Math.max(max, starts[i] + Math.max(0, points.get(i).millis()));
    }
    from = min;
    to = max > min ? max : min + 1_000;
  }

  /** A series drawn as a step over each interval. */
  TimelineChart step(String name, String label, Function<TimelinePoint, Number> value) {
    series.add(new Series(name, label, false, value));
    return this;
  }

  /** A series drawn as a bar over each interval: counts of the interval's own. */
  TimelineChart bars(String name, String label, Function<TimelinePoint, Number> value) {
    series.add(new Series(name, label, true, value));
    return this;
  }

  TimelineChart episodes(List<Exhaustion> exhaustions) {
    episodes.addAll(exhaustions);
    return this;
  }

  /** Whether any series has a value to draw: a chart of nothing but gaps is left out. */
  boolean hasValues() {
    for (Series s : series) {
      for (TimelinePoint p : points) {
        if (s.value.apply(p) != null) {
          return true;
        }
      }
    }
    return false;
  }

  String svg() {
    double max = maxValue();
    double step = tickStep(max, whole);
    double top = Math.max(1, Math.ceil(max / step)) * step;
    StringBuilder svg = new StringBuilder(4096);
    svg.append("<figure class=\"chart\"><figcaption>")
        .append(Html.text(title))
        .append(legend())
        .append("</figcaption>\n<svg data-chart=\"")
        .append(id)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"")
        .append(Html.text(title))
        .append("\">\n");
    episodeBands(svg);
    yAxis(svg, top, step);
    xAxis(svg);
    for (Series s : series) {
      seriesMarks(svg, s, top);
    }
    return svg.append("</svg></figure>\n").toString();
  }

  private String legend() {
    StringBuilder legend = new StringBuilder(" <span class=\"legend\">");
    for (Series s : series) {
      legend
          .append("<span class=\"key s-")
          .append(s.name)
          .append("\"></span>")
          .append(Html.text(s.label))
          .append(' ');
    }
    if (!episodes.isEmpty()) {
      legend.append("<span class=\"key episode\"></span>exhaustion");
    }
    return legend.append("</span>").toString();
  }

  private double maxValue() {
    double max = 0;
    for (Series s : series) {
      for (TimelinePoint p : points) {
        Number v = s.value.apply(p);
        if (v != null && Double.isFinite(v.doubleValue())) {
          max = Math.max(max, v.doubleValue());
        }
      }
    }
    return max;
  }

  private void episodeBands(StringBuilder svg) {
    for (Exhaustion e : episodes) {
      long start = epochMillis(e.start());
      long end = epochMillis(e.end());
      double x0 = x(start);
      double width = Math.max(3, x(end) - x0);
      svg.append("<rect class=\"episode\" x=\"")
          .append(num(x0))
          .append("\" y=\"")
          .append(TOP)
          .append("\" width=\"")
          .append(num(width))
          .append("\" height=\"")
          .append(PLOT_H)
          .append("\"><title>exhaustion ")
          .append(Html.text(e.start()))
          .append(": ")
          .append(Html.plural(e.timeouts(), "borrow", "borrows"))
          .append(" timed out, ")
          .append(e.held())
          .append(" connections held</title></rect>\n");
    }
  }

  private void yAxis(StringBuilder svg, double top, double step) {
    long ticks = Math.round(top / step);
    for (long i = 0; i <= ticks; i++) {
      double value = i * step;
      double y = y(value, top);
      svg.append("<line class=\"grid\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(LEFT + PLOT_W)
          .append("\" y1=\"")
          .append(num(y))
          .append("\" y2=\"")
          .append(num(y))
          .append("\"/><text class=\"tick\" x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(num(y + 4))
          .append("\" text-anchor=\"end\">")
          .append(Html.text(format.apply(value)))
          .append("</text>\n");
    }
  }

  private void xAxis(StringBuilder svg) {
    long span = to - from;
    long step = TIME_STEPS[TIME_STEPS.length - 1];
    for (long candidate : TIME_STEPS) {
      if (span / candidate <= 6) {
        step = candidate;
        break;
      }
    }
    DateTimeFormatter label = span > 86_400_000 ? DAYS : step < 60_000 ? SECONDS : MINUTES;
    int baseline = TOP + PLOT_H;
    svg.append("<line class=\"axis\" x1=\"")
        .append(LEFT)
        .append("\" x2=\"")
        .append(LEFT + PLOT_W)
        .append("\" y1=\"")
        .append(baseline)
        .append("\" y2=\"")
        .append(baseline)
        .append("\"/>\n");
    for (long t = Math.floorDiv(from + step - 1, step) * step; t <= to; t += step) {
      double x = x(t);
      svg.append("<line class=\"axis\" x1=\"")
          .append(num(x))
          .append("\" x2=\"")
          .append(num(x))
          .append("\" y1=\"")
          .append(baseline)
          .append("\" y2=\"")
          .append(baseline + 4)
          .append("\"/><text class=\"tick\" x=\"")
          .append(num(x))
          .append("\" y=\"")
          .append(baseline + 17)
          // A label at the plot's right edge ends there rather than spilling out of the chart.
          .append("\" text-anchor=\"")
          .append(x > WIDTH - RIGHT - 30 ? "end" : "middle")
          .append("\">")
          .append(label.format(Instant.ofEpochMilli(t)))
          .append("</text>\n");
    }
  }

  private void seriesMarks(StringBuilder svg, Series s, double top) {
    svg.append("<g class=\"s-").append(s.name).append("\" data-series=\"").append(s.name);
    svg.append("\">\n");
    StringBuilder path = new StringBuilder();
    StringBuilder marks = new StringBuilder();
    long previousEnd = Long.MIN_VALUE;
    for (int i = 0; i < points.size(); i++) {
      TimelinePoint p = points.get(i);
      Number value = s.value.apply(p);
      if (value == null) {
        previousEnd = Long.MIN_VALUE;
        continue;
      }
      double v = value.doubleValue();
      long end = starts[i] + Math.max(0, p.millis());
      double x0 = x(starts[i]);
      double x1 = x(end);
      double y = y(v, top);
      String tooltip =
          "<title>"
              + time(starts[i])
              + "–"
              + time(end)
              + " UTC: "
              + Html.text(format.apply(v))
              + " "
              + Html.text(s.label)
              + "</title>";
      if (s.bars) {
        double height = TOP + PLOT_H - y;
        marks
            .append("<rect class=\"pt\" x=\"")
            .append(num(x0 + 1))
            .append("\" y=\"")
            .append(num(y))
            .append("\" width=\"")
            .append(num(Math.max(1, x1 - x0 - 2)))
            .append("\" height=\"")
            .append(num(height))
            .append("\">")
            .append(tooltip)
            .append("</rect>\n");
        continue;
      }
      // Joined to the previous interval where it ends where this one starts.
      path.append(previousEnd == starts[i] ? "V" : "M" + num(x0) + " ")
          .append(num(y))
          .append(" H")
          .append(num(x1))
          .append(' ');
      previousEnd = end;
      marks
          .append("<circle class=\"pt\" cx=\"")
          .append(num((x0 + x1) / 2))
          .append("\" cy=\"")
          .append(num(y))
          .append("\" r=\"3.5\">")
          .append(tooltip)
          .append("</circle>\n");
    }
    if (path.length() > 0) {
      svg.append("<path d=\"").append(path.toString().trim()).append("\"/>\n");
    }
    svg.append(marks).append("</g>\n");
  }

  private double x(long epochMillis) {
    return LEFT + (double) (epochMillis - from) / (to - from) * PLOT_W;
  }

  private static double y(double value, double top) {
    return TOP + PLOT_H - (top <= 0 ? 0 : value / top * PLOT_H);
  }

  private static String time(long epochMillis) {
    return SECONDS.format(Instant.ofEpochMilli(epochMillis));
  }

  /**
   * The distance between the value axis' ticks: 1, 2 or 5 times a power of ten, about a quarter of
   * {@code max}, so that ticks read; at least 1 for counts (no half connection).
   */
  static double tickStep(double max, boolean whole) {
    double raw = max / 4;
    if (!(raw > 0)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = 10 * power;
    for (double factor : new double[] {1, 2, 5}) {
      if (factor * power >= raw) {
        step = factor * power;
        break;
      }
    }
    return whole ? Math.max(1, Math.rint(step)) : step;
  }

  /** An interval start the report wrote; a start that is not an instant puts it at time 0. */
  static long epochMillis(String instant) {
    if (instant == null) {
      return 0;
    }
    try {
      return Instant.parse(instant).toEpochMilli();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  /** Coordinates to a tenth of a unit: finer is invisible and only makes the file bigger. */
  static String num(double value) {
    long tenths = Math.round(value * 10);
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : Double.toString(tenths / 10.0);
  }
}
