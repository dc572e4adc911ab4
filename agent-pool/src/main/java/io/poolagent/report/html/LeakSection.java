package io.poolagent.report.html;

import io.poolagent.report.Millis;
import io.poolagent.report.Report;
import io.poolagent.report.Report.Leak;
import io.poolagent.report.Report.LeakSite;
import io.poolagent.report.ReportSummary;
import java.util.List;

/**
 * The leaks, by call site, with exact counts per state and one sampled leak's borrow stack each,
 * folded in a {@code <details>} that the browser opens without a script.
 */
final class LeakSection {

  private LeakSection() {}

  static void append(Report report, StringBuilder page) {
    page.append("<section id=\"leaks\"><h2>Leaks by call site</h2>\n");
    List<LeakSite> sites = report.leakSites();
    if (sites.isEmpty()) {
      page.append("<p class=\"note\">No leak: no connection was held past leakThreshold.</p>\n");
      page.append("</section>\n");
      return;
    }
    page.append(
        "<table class=\"leaks\"><thead><tr><th>call site</th><th>leaks</th><th>suspected</th>"
            + "<th>late returns</th><th>collected</th><th>open at exit</th></tr></thead>\n");
    for (LeakSite site : sites) {
      boolean failing = site.counts().failing() > 0;
      page.append("<tbody class=\"leak-site ")
          .append(failing ? "failing" : "warning")
          .append("\"><tr><td class=\"site\"><code>")
          .append(Html.text(site.callSite()))
          .append("</code></td><td class=\"count\">")
          .append(site.count())
          .append("</td>");
      cell(page, "suspected", site.suspected());
      cell(page, "late", site.lateReturns());
      cell(page, "collected", site.collected());
      cell(page, "open", site.openAtExit());
      page.append("</tr>\n<tr><td colspan=\"6\" class=\"sample\">");
      Leak sample = ReportSummary.sample(report.leaks(), site.callSite());
      if (sample == null) {
        page.append("<span class=\"note\">no leak of this site is listed in the report</span>");
      } else {
        sample(sample, page);
      }
      page.append("</td></tr></tbody>\n");
    }
    page.append("</table>\n");
    if (report.leaksOmitted() > 0) {
      page.append("<p class=\"note\">")
          .append(Html.plural(report.leaksOmitted(), "more leak is", "more leaks are"))
          .append(" counted above but not listed in the report (it keeps a few per call site).")
          .append("</p>\n");
    }
    page.append("</section>\n");
  }

  private static void cell(StringBuilder page, String name, long count) {
    page.append("<td class=\"")
        .append(name)
        .append(count == 0 ? " zero" : "")
        .append("\">")
        .append(count)
        .append("</td>");
  }

  private static void sample(Leak leak, StringBuilder page) {
    String about =
        "e.g. "
            + ReportSummary.stateText(leak.state())
            + ", pool "
            + Html.text(leak.pool())
            + ", thread <code>"
            + Html.text(leak.thread())
            + "</code>, borrowed "
            + Html.text(leak.borrowedAt())
            + ", held "
            + Millis.format(leak.heldMillis());
    stack(about, leak.stack(), page);
  }

  /**
   * A borrow stack, folded under {@code about} (markup already escaped); an empty stack says why
   * there is none.
   */
  static void stack(String about, List<String> stack, StringBuilder page) {
    if (stack.isEmpty()) {
      page.append("<div class=\"about\">")
          .append(about)
          .append(
              " <span class=\"note\">(no borrow stack: not sampled, see stackSampleRate)</span>")
          .append("</div>");
      return;
    }
    page.append("<details class=\"stack\"><summary>")
        .append(about)
        .append(" <span class=\"note\">(borrow stack, ")
        .append(Html.plural(stack.size(), "frame", "frames"))
        .append(")</span></summary><ol>");
    for (String frame : stack) {
      page.append("<li><code>").append(Html.text(frame)).append("</code></li>");
    }
    page.append("</ol></details>");
  }
}
