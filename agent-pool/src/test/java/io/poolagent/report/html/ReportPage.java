package io.poolagent.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.report.Report.LeakSite;
import io.poolagent.report.Report.PoolSummary;
import io.poolagent.report.Report.TimelinePoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The HTML report as a person sees it: opened from {@code file://} in a real headless Chromium
 * (Debian's {@code chromium} and {@code chromium-driver}), and read back from the rendered page.
 * Shared by the report's own tests and the integration tests that open a real run's page.
 */
public final class ReportPage implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /**
   * Selenium warns on every start that it has no CDP classes for this Chromium: none are needed
   * (the one CDP command here goes through chromedriver). Held, or the setting is collected.
   */
  private static final Logger CDP_VERSION_WARNING =
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_VERSION_WARNING.setLevel(Level.OFF);
  }

  /**
   * The resource lock ({@code @ResourceLock}) of the tests that use {@link #shared()}: one page at
   * a time in it, also where tests run in parallel.
   */
  public static final String BROWSER = "headless-chromium";

  private static ReportPage shared;

  private final ChromeDriver driver;

  private ReportPage(ChromeDriver driver) {
    this.driver = driver;
  }

  /** One browser for the whole test JVM, started on first use and quit when the JVM exits. */
  public static synchronized ReportPage shared() {
    if (shared == null) {
      ReportPage page = start();
      Runtime.getRuntime().addShutdownHook(new Thread(page::close, "quit-headless-chromium"));
      shared = page;
    }
    return shared;
  }

  /** A headless browser, 1280 pixels wide; {@link #load} opens pages in it one after another. */
  private static ReportPage start() {
    // Fail, not skip: a skipped browser test would let a broken page through CI unnoticed.
    for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
      assertThat(Files.isExecutable(binary))
          .as(
              binary
                  + " is missing: the HTML report is tested in headless Chromium; install it with"
                  + " apt-get install chromium chromium-driver (.ci/run does)")
          .isTrue();
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new ReportPage(new ChromeDriver(service, options));
  }

  /** Opens {@code html} from its {@code file://} URL, as a person opening the file would. */
  public ReportPage load(Path html) {
    // Away from the page before first, so that nothing found from here on can be one of its
    // elements; and its console log read away: it is not this page's.
    driver.get("about:blank");
    driver.manage().logs().get(LogType.BROWSER);
    String url = html.toAbsolutePath().toUri().toString();
    driver.get(url);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!url.equals(driver.getCurrentUrl())
        || !"complete".equals(driver.executeScript("return document.readyState;"))) {
      assertThat(System.nanoTime())
          .as("%s loaded within 30 s; showing %s", url, driver.getCurrentUrl())
          .isLessThan(deadline);
      Thread.onSpinWait();
    }
    return this;
  }

  /** Console messages at level SEVERE: script errors, blocked fetches (CSP), failed loads. */
  public List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(entry.getMessage());
      }
    }
    return errors;
  }

  /** Every resource the page asked for after the document itself (Resource Timing). */
  @SuppressWarnings("unchecked")
  public List<String> resourceRequests() {
    return (List<String>)
        driver.executeScript(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name;"
                + " });");
  }

  /** The marks of one series of one chart of the {@code pool}th pool: one per data point. */
  public int points(int pool, String chart, String series) {
    return driver
        .findElements(
            By.cssSelector(
                "#pool-"
                    + pool
                    + " svg[data-chart='"
                    + chart
                    + "'] g[data-series='"
                    + series
                    + "'] .pt"))
        .size();
  }

  public boolean hasChart(int pool, String chart) {
    return !driver
        .findElements(By.cssSelector("#pool-" + pool + " svg[data-chart='" + chart + "']"))
        .isEmpty();
  }

  /** The leak table as the page shows it: call site and the six counts, row by row. */
  @SuppressWarnings("unchecked")
  public List<List<String>> leakRows() {
    // Read in one script, as the page renders the cells' text.
    return (List<List<String>>)
        driver.executeScript(
            "return Array.from(document.querySelectorAll('tbody.leak-site')).map(function (b) {"
                + " return ['site', 'count', 'suspected', 'late', 'collected', 'open'].map("
                + " function (c) { return b.querySelector('td.' + c).innerText; }); });");
  }

  /** The same rows as the report's JSON has them. */
  public static List<List<String>> leakRows(Report report) {
    List<List<String>> rows = new ArrayList<>();
    for (LeakSite s : report.leakSites()) {
      rows.add(
          List.of(
              s.callSite(),
              Long.toString(s.count()),
              Long.toString(s.suspected()),
              Long.toString(s.lateReturns()),
              Long.toString(s.collected()),
              Long.toString(s.openAtExit())));
    }
    return rows;
  }

  /** All the text of the page, folded stacks included. */
  public String allText() {
    return (String) driver.executeScript("return document.body.textContent;");
  }

  public String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /**
   * Everything a reader relies on, checked against the JSON the page came from: nothing fetched and
   * no console error, one chart mark per timeline point of each series (a null, unknown, value has
   * none), the leak table's sites and counts, and a borrow stack that opens on a click.
   */
  public void assertShows(Report report) {
    assertThat(consoleErrors()).as("console errors").isEmpty();
    assertThat(resourceRequests()).as("requests after the page itself").isEmpty();
    List<PoolSummary> pools = report.pools();
    assertThat(all("section.pool")).as("pools on %s", describe()).hasSize(pools.size());
    for (int i = 0; i < pools.size(); i++) {
      List<TimelinePoint> timeline = pools.get(i).timeline();
      assertThat(hasChart(i, "connections"))
          .as("pool %d has a chart", i)
          .isEqualTo(!timeline.isEmpty());
      if (timeline.isEmpty()) {
        continue;
      }
      assertThat(points(i, "connections", "in-use")).isEqualTo(timeline.size());
      assertThat(points(i, "connections", "max-size"))
          .isEqualTo(known(timeline, TimelinePoint::maxSize));
      assertThat(points(i, "wait-p95", "wait"))
          .isEqualTo(known(timeline, TimelinePoint::waitP95Millis));
      assertThat(points(i, "hold-p95", "hold"))
          .isEqualTo(known(timeline, TimelinePoint::holdP95Millis));
      if (hasChart(i, "waiting")) {
        assertThat(points(i, "waiting", "pending"))
            .isEqualTo(known(timeline, TimelinePoint::pendingMax));
        assertThat(points(i, "waiting", "timeouts"))
            .isEqualTo(known(timeline, TimelinePoint::timeouts));
      }
      assertThat(all("#pool-" + i + " .episode-detail")).hasSize(pools.get(i).exhaustions().size());
    }
    assertThat(leakRows()).isEqualTo(leakRows(report));
    assertStackOpensOnClick();
  }

  private static long known(List<TimelinePoint> timeline, Function<TimelinePoint, ?> value) {
    return timeline.stream().filter(p -> value.apply(p) != null).count();
  }

  /** The page's address and its beginning, for a failed check to say what it looked at. */
  String describe() {
    String source = driver.getPageSource();
    return driver.getCurrentUrl() + ": " + source.substring(0, Math.min(600, source.length()));
  }

  /** The first borrow stack is folded, and unfolds when its summary is clicked. */
  public void assertStackOpensOnClick() {
    List<WebElement> stacks = all("details.stack");
    assertThat(stacks).as("borrow stacks on the page").isNotEmpty();
    WebElement stack = stacks.get(0);
    WebElement frames = stack.findElement(By.cssSelector("ol"));
    assertThat(frames.isDisplayed()).as("folded at first").isFalse();
    stack.findElement(By.cssSelector("summary")).click();
    assertThat(frames.isDisplayed()).as("unfolded by a click").isTrue();
    assertThat(frames.findElements(By.cssSelector("li")).get(0).getText()).isNotBlank();
  }

  /** The whole page, 1280 pixels wide, as PNG, to {@code file}. */
  public void screenshot(Path file) throws Exception {
    Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight;");
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", 0, "y", 0, "width", 1280, "height", height, "scale", 1)));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
