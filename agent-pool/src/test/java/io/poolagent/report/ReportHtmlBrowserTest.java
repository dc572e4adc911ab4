package io.poolagent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report.Leak;
import io.poolagent.report.Report.LeakSite;
import io.poolagent.report.html.ReportHtml;
import io.poolagent.report.html.ReportPage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The HTML report of the shared fixtures, opened from a file in a real headless Chromium. */
@ResourceLock(ReportPage.BROWSER)
class ReportHtmlBrowserTest {

  private final ReportPage browser = ReportPage.shared();

  @TempDir Path dir;

  @Test
  void theRealisticReportShowsItsTimelineLeaksAndEpisodeOfflineAndWithoutErrors() throws Exception {
    Report report = TestReports.realistic();
    ReportPage page = browser.load(written(report));
    page.assertShows(report);

    // The fixture's timeline: three intervals, the last without a maximum, a waiter count or a
    // return, so those series have two marks, not three made-up zeros.
    assertThat(page.points(0, "connections", "in-use")).isEqualTo(3);
    assertThat(page.points(0, "connections", "max-size")).isEqualTo(2);
    assertThat(page.points(0, "hold-p95", "hold")).isEqualTo(2);
    assertThat(page.all("#pool-0 .episode-detail table.holders")).hasSize(2);
    assertThat(page.text("#pool-0 .episode-detail")).contains(TestReports.EXPORT_SITE, "45 s");
    // The non-pooling source has no timeline: no chart, a sentence instead.
    assertThat(page.hasChart(1, "connections")).isFalse();
    assertThat(page.points(1, "hold", "hold")).isEqualTo(4);
    assertThat(page.text("#pool-0 .advice")).contains("Sizing:");
    // For a person to look at (CI keeps target/ of a failed build).
    page.screenshot(Path.of("target/report-page-fixture.png"));
  }

  @Test
  void aThreadNameWithMarkupIsShownAsTextAndRunsNothing() throws Exception {
    String thread = "<img src=x onerror=alert(1)><script>alert(2)</script>\"'&";
    String site = "com.acme.Evil.<init>(Evil.java:1)";
    Report report =
        TestReports.realisticWith(
            List.of(new LeakSite(site, 1, 1, 0, 0, 0)),
            List.of(
                new Leak("suspected", "p", site, thread, "2025-03-14T09:00:00Z", 1, List.of(site))),
            List.of(TestReports.hikari()));
    ReportPage page = browser.load(written(report));
    page.assertShows(report);
    assertThat(page.text("td.sample code")).isEqualTo(thread);
    assertThat(page.all("img")).isEmpty();
    assertThat(page.all("script")).isEmpty();
  }

  @Test
  void aBlindCheckpointSaysSoAtTheTop() throws Exception {
    Report report = TestReports.asCheckpoint(TestReports.blind());
    ReportPage page = browser.load(written(report));
    assertThat(page.consoleErrors()).isEmpty();
    assertThat(page.text(".banner.checkpoint")).startsWith("Checkpoint of 2025-03-14T09:27:00Z");
    assertThat(page.text(".banner.blind"))
        .contains(
            "this run is not clean",
            "bundle 7 (com.example.billing)",
            "org.h2.jdbc.JdbcConnection",
            "1 woven call failed");
  }

  /** The checks above can fail: a page that fetches anything is caught by them. */
  @Test
  void aPageThatFetchesSomethingIsCaught() throws Exception {
    Path html = written(TestReports.realistic());
    String page = Files.readString(html, StandardCharsets.UTF_8);
    Files.writeString(
        html,
        page.replace("</footer>", "<img src=\"https://example.invalid/x.png\"></footer>"),
        StandardCharsets.UTF_8);
    ReportPage opened = browser.load(html);
    assertThat(opened.consoleErrors()).anySatisfy(e -> assertThat(e).contains("example.invalid"));
  }

  private Path written(Report report) throws Exception {
    Path html = dir.resolve("pool-agent-report.html");
    ReportHtml.write(report, html);
    return html;
  }
}
