package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.report.html.ReportPage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The HTML page of a real run's report: the README's demo, with the agent, in a child JVM; the page
 * it leaves beside the JSON opened in headless Chromium and read back against the JSON.
 */
@ResourceLock(ReportPage.BROWSER)
class ReportPageIT {

  /** The demo's page, kept for a person to look at (docs/report-page.png is a copy of it). */
  static final Path SCREENSHOT = Path.of("target/report-page.png");

  private final ReportPage browser = ReportPage.shared();

  @TempDir Path dir;

  @Test
  void theDemosPageShowsItsReportOfflineInABrowser() throws Exception {
    Path json = dir.resolve("pool-agent-report.json");
    ChildJvm.Result run = runWithAgent("demo", json);
    Report report = ChildJvm.readReport(json, run);
    Path html = dir.resolve("pool-agent-report.html");
    assertThat(run.stderr()).as(run.describe()).contains("[pool-agent] HTML report: " + html);
    assertThat(report.leakSites()).as("the demo leaks").isNotEmpty();

    ReportPage page = browser.load(html);
    page.assertShows(report);
    assertThat(page.text(".headline")).startsWith("9 connection leaks at 3 call sites");
    page.screenshot(SCREENSHOT);
  }

  @Test
  void anExhaustedPoolsPageShowsTheEpisodeAndWhoHeldTheConnections() throws Exception {
    Path json = dir.resolve("report.json");
    ChildJvm.Result run =
        ChildJvm.testApp(
                "--scenario", "pool-exhausted", "--via", "hikari", "--pool-size", "2",
                "--borrow-timeout", "3s")
            .in(dir)
            .withAgent("leakThreshold=30s,report=" + json)
            .env("OTEL_SDK_DISABLED", "true")
            .run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    Report report = ChildJvm.readReport(json, run);
    assertThat(report.pools().get(0).exhaustions()).as(run.describe()).isNotEmpty();

    browser.load(dir.resolve("report.html")).assertShows(report);
    assertThat(browser.text("#pool-0 .episode-detail"))
        .contains("2 connections were held at the first timeout")
        .contains(LeakMarkers.holderCallSite("pool-exhausted"));
  }

  @Test
  void theHtmlCommandWritesThePageTheAgentWrites() throws Exception {
    Path json = dir.resolve("report.json");
    ChildJvm.Result run = runWithAgent("method-leak", json);
    Path out = dir.resolve("elsewhere/page.html");

    ChildJvm.Result html =
        ChildJvm.command(
                "-jar", ChildJvm.AGENT_JAR.toString(), "html", json.toString(), out.toString())
            .run();

    assertThat(html.exitCode()).as(html.describe()).isZero();
    assertThat(html.stdout().strip()).isEqualTo(out.toAbsolutePath().toString());
    browser.load(out).assertShows(ChildJvm.readReport(json, run));
    // The same page as the agent's, word for word (drawn from the JSON's rounded values, its
    // marks may sit a fraction of a pixel apart).
    String shown = browser.allText();
    assertThat(browser.load(dir.resolve("report.html")).allText()).isEqualTo(shown);
  }

  @Test
  void theHtmlCommandRefusesWhatIsNotAReportInOneLine() throws Exception {
    Path notJson = Files.writeString(dir.resolve("notes.json"), "not a report");

    ChildJvm.Result missing =
        ChildJvm.command(
                "-jar", ChildJvm.AGENT_JAR.toString(), "html", dir.resolve("none.json").toString())
            .run();
    ChildJvm.Result invalid =
        ChildJvm.command("-jar", ChildJvm.AGENT_JAR.toString(), "html", notJson.toString()).run();
    ChildJvm.Result usage = ChildJvm.command("-jar", ChildJvm.AGENT_JAR.toString(), "html").run();

    assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(2);
    assertThat(missing.stderr().strip())
        .isEqualTo("pool-agent html: cannot read " + dir.resolve("none.json") + ": no such file");
    assertThat(invalid.exitCode()).as(invalid.describe()).isEqualTo(2);
    assertThat(invalid.stderr().strip())
        .startsWith("pool-agent html: not a valid pool-agent report: " + notJson)
        .doesNotContain("\n");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.stderr().strip())
        .isEqualTo("usage: java -jar pool-agent.jar html REPORT.json [OUT.html]");
    assertThat(dir.resolve("notes.html")).doesNotExist();
  }

  /** The test app's {@code scenario} through HikariCP, with the agent writing {@code json}. */
  private static ChildJvm.Result runWithAgent(String scenario, Path json) throws Exception {
    ChildJvm.Result run =
        ChildJvm.testApp("--scenario", scenario, "--via", "hikari")
            .withAgent("leakThreshold=1s,report=" + json)
            .env("OTEL_SDK_DISABLED", "true")
            .run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    return run;
  }
}
