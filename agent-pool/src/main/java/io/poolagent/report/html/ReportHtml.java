package io.poolagent.report.html;

import io.poolagent.report.AtomicFile;
import io.poolagent.report.Millis;
import io.poolagent.report.Report;
import io.poolagent.report.Report.Coverage;
import io.poolagent.report.Report.LeftAlone;
import io.poolagent.report.Report.LoaderCoverage;
import io.poolagent.report.Report.PoolSummary;
import io.poolagent.report.ReportSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The report as one HTML page that a CI job archives and a person opens, offline: everything is in
 * the file, and its Content-Security-Policy forbids every fetch, so it opens the same from a
 * build's artifacts, an e-mail or a laptop on a plane.
 *
 * <p>The charts are SVG drawn here, not a charting library embedded in the page: no vendored
 * JavaScript to keep current (and to vet for each release), no licence or size added to the agent
 * jar, and a page that needs no script at all, so it reads the same where scripts are off (mail
 * clients, locked-down artifact viewers) and a hostile thread name has nothing to run in. Stacks
 * fold with {@code <details>}, which browsers open without a script; tooltips are SVG {@code
 * <title>}s. What the charts can show is what the report holds: interval gauges and p95s, and
 * percentiles for the distributions, never a made-up histogram.
 */
public final class ReportHtml {

  /**
   * No fetch of any kind (scripts, images, fonts, frames, connections); only the page's own style
   * sheet. A page that tried to load something would show a console error, not a request.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

  private ReportHtml() {}

  /** Where the page of the JSON report {@code json} goes: {@code X.json} → {@code X.html}. */
  public static Path besideJson(Path json) {
    String name = json.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return json.resolveSibling(base + ".html");
  }

  /**
   * Writes the page to {@code file}, as the JSON report is written: to a temporary file first, then
   * moved over {@code file}, so a reader sees the previous page or the new one, whole.
   */
  public static void write(Report report, Path file) throws IOException {
    AtomicFile.write(file, render(report).getBytes(StandardCharsets.UTF_8));
  }

  public static String render(Report report) {
    StringBuilder page = new StringBuilder(32_768);
    String headline = ReportSummary.headline(report);
    page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(CONTENT_SECURITY_POLICY)
        .append("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>pool-agent: ")
        .append(Html.text(headline))
        .append("</title>\n<style>\n")
        .append(PageStyle.CSS)
        .append("</style></head>\n<body>\n<header><h1>pool-agent report</h1>\n");
    about(report, page);
    if (!report.finalReport()) {
      page.append("<p class=\"banner checkpoint\"><strong>Checkpoint</strong> of ")
          .append(Html.text(report.generatedAt()))
          .append(": the JVM had not exited (still running, or killed). Connections open then")
          .append(" past leakThreshold count as suspected leaks.</p>\n");
    }
    Report.LeakCounts totals = report.totals();
    page.append("<p class=\"headline ")
        .append(totals.failing() > 0 ? "failing" : totals.lateReturns() > 0 ? "warning" : "clean")
        .append("\">")
        .append(Html.text(headline))
        .append("</p>\n");
    coverage(report.coverage(), page);
    contents(report, page);
    page.append("</header>\n<main>\n");
    LeakSection.append(report, page);
    page.append("<section id=\"pools\"><h2>Pools</h2>\n");
    if (report.pools().isEmpty()) {
      page.append("<p class=\"note\">No connection source was seen.</p>\n");
    }
    for (int i = 0; i < report.pools().size(); i++) {
      PoolSection.append(report.pools().get(i), i, page);
    }
    page.append("</section>\n");
    settings(report.settings(), page);
    page.append("</main>\n<footer>Written by pool-agent ")
        .append(Html.text(report.agentVersion()))
        .append(" from its JSON report, which has every field. Times are UTC. This page runs no")
        .append(" script and fetches nothing.</footer>\n</body></html>\n");
    return page.toString();
  }

  private static void about(Report report, StringBuilder page) {
    page.append("<p class=\"about\">generated ")
        .append(Html.text(report.generatedAt()))
        .append(" · pid ")
        .append(report.pid())
        .append(" · Java ")
        .append(Html.text(report.javaVersion()))
        .append(" · up ")
        .append(Millis.format(report.uptimeMillis()))
        .append(" · agent ")
        .append(Html.text(report.agentVersion()))
        .append("</p>\n");
  }

  /**
   * Right under the headline, as in the text summary: a run where the agent could not see
   * everything is not clean, whatever the headline says.
   */
  private static void coverage(Coverage coverage, StringBuilder page) {
    if (coverage == null) {
      page.append("<p class=\"note\">This report does not say what the agent could see (written")
          .append(" before coverage was recorded).</p>\n");
      return;
    }
    if (coverage.complete()) {
      page.append("<p class=\"coverage\">Coverage complete: ")
          .append(Html.plural(coverage.wovenClasses(), "JDBC class", "JDBC classes"))
          .append(" woven, none left alone, no woven call failed.</p>\n");
      return;
    }
    page.append("<div class=\"banner blind\"><p><strong>Blind spots: this run is not clean.")
        .append("</strong> ");
    if (coverage.leftAloneClasses() > 0) {
      page.append(Html.plural(coverage.leftAloneClasses(), "JDBC class was", "JDBC classes were"))
          .append(" left unwoven; connections through them were not tracked. ");
    }
    if (coverage.failedCalls() > 0) {
      page.append(Html.plural(coverage.failedCalls(), "woven call", "woven calls"))
          .append(" failed inside the agent (the application went on); leases may be missing.");
    }
    page.append("</p>\n<ul>");
    for (LoaderCoverage loader : coverage.loaders()) {
      if (loader.leftAlone() == 0) {
        continue;
      }
      page.append("<li><code>")
          .append(Html.text(loader.loader()))
          .append("</code>: ")
          .append(loader.leftAlone())
          .append(" left alone<ul>");
      for (LeftAlone left : loader.leftAloneClasses()) {
        page.append("<li><code>")
            .append(Html.text(left.className()))
            .append("</code>: ")
            .append(Html.text(left.reason()))
            .append("</li>");
      }
      page.append("</ul></li>");
    }
    page.append("</ul></div>\n");
  }

  private static void contents(Report report, StringBuilder page) {
    page.append("<nav><a href=\"#leaks\">Leaks (")
        .append(report.leakSites().size())
        .append(report.leakSites().size() == 1 ? " call site" : " call sites")
        .append(")</a>");
    List<PoolSummary> pools = report.pools();
    for (int i = 0; i < pools.size(); i++) {
      page.append(" · <a href=\"#pool-")
          .append(i)
          .append("\">")
          .append(Html.text(pools.get(i).name()))
          .append("</a>");
    }
    page.append(" · <a href=\"#settings\">Settings</a></nav>\n");
  }

  private static void settings(Map<String, String> settings, StringBuilder page) {
    page.append("<section id=\"settings\"><h2>Settings</h2><table class=\"settings\"><tbody>");
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      page.append("<tr><th>")
          .append(Html.text(setting.getKey()))
          .append("</th><td><code>")
          .append(Html.text(setting.getValue()))
          .append("</code></td></tr>");
    }
    page.append("</tbody></table></section>\n");
  }
}
