package io.poolagent.report;

import static io.poolagent.report.TestReports.DOWNLOAD_SITE;
import static io.poolagent.report.TestReports.EXPORT_SITE;
import static io.poolagent.report.TestReports.ORDERS_SITE;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report.LeakSite;
import io.poolagent.report.Report.Percentiles;
import io.poolagent.report.Report.PoolSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportSummaryTest {

  @Test
  void headlineCountsFailingLeaksAndWarnsAboutLateReturns() {
    List<String> lines = ReportSummary.lines(TestReports.realistic(), "build/report.json");

    assertThat(lines.get(0))
        .isEqualTo(
            "4 connection leaks at 2 call sites: 1 suspected, 1 collected, 2 open at exit;"
                + " warning: 2 late returns");
    assertThat(lines.get(1)).isEqualTo("JSON report: build/report.json");
  }

  @Test
  void headlineListsOnlyStatesThatOccurred() {
    Report report =
        TestReports.withSites(
            List.of(
                new LeakSite(ORDERS_SITE, 3, 0, 0, 0, 3), new LeakSite(EXPORT_SITE, 2, 0, 0, 2, 0)),
            List.of());

    assertThat(ReportSummary.lines(report, null).get(0))
        .isEqualTo("5 connection leaks at 2 call sites: 2 collected, 3 open at exit");
  }

  @Test
  void cleanReportSaysSo() {
    List<String> lines = ReportSummary.lines(TestReports.clean(), null);

    assertThat(lines.get(0)).isEqualTo("no connection leaks");
    assertThat(lines).noneMatch(line -> line.contains("LEAK") || line.contains("JSON report"));
  }

  @Test
  void eachSiteShowsItsCountsWithTheMostLeakingFirst() {
    List<String> lines = ReportSummary.lines(TestReports.realistic(), null);

    assertThat(lines)
        .filteredOn(line -> line.startsWith("  LEAK") || line.startsWith("  LATE"))
        .containsExactly(
            "  LEAK x3: 1 collected, 2 open at exit  " + ORDERS_SITE,
            "  LEAK x1 suspected; also 1 late return (warning)  " + EXPORT_SITE,
            "  LATE x1 late return (warning)  " + DOWNLOAD_SITE);
  }

  @Test
  void singleStateSiteNeedsNoBreakdown() {
    Report report =
        TestReports.withSites(List.of(new LeakSite(ORDERS_SITE, 3, 0, 0, 0, 3)), List.of());

    assertThat(ReportSummary.lines(report, null))
        .contains("  LEAK x3 open at exit  " + ORDERS_SITE);
  }

  @Test
  void sampleLeakOfASiteShowsThreadHoldPoolAndBorrowStack() {
    List<String> lines = ReportSummary.lines(TestReports.realistic(), null);
    int site = lines.indexOf("  LEAK x3: 1 collected, 2 open at exit  " + ORDERS_SITE);

    assertThat(lines.get(site + 1))
        .isEqualTo(
            "    e.g. open at exit, pool HikariPool-1, thread \"http-nio-8080-exec-7\","
                + " borrowed 2025-03-14T09:26:53.589Z, held 1.52 s");
    assertThat(lines.subList(site + 2, site + 4))
        .containsExactly(
            "      at com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:100)",
            "      at " + ORDERS_SITE);
  }

  @Test
  void longStacksAreCutAfterTwentyFrames() {
    List<String> lines = ReportSummary.lines(TestReports.realistic(), null);
    int site = lines.indexOf("  LEAK x3: 1 collected, 2 open at exit  " + ORDERS_SITE);

    // The sample has 25 frames.
    List<String> frames = lines.subList(site + 2, site + 2 + ReportSummary.MAX_FRAMES);
    assertThat(frames).allMatch(line -> line.startsWith("      at "));
    assertThat(lines.get(site + 2 + ReportSummary.MAX_FRAMES)).isEqualTo("      ... 5 more");
  }

  @Test
  void sampleIsAFailingLeakRatherThanALateReturn() {
    List<String> lines = ReportSummary.lines(TestReports.realistic(), null);
    int site = lines.indexOf("  LEAK x1 suspected; also 1 late return (warning)  " + EXPORT_SITE);

    assertThat(lines.get(site + 1))
        .startsWith("    e.g. suspected, pool jdbc:h2:mem:orders, thread \"export-pool-thread-2\"")
        .endsWith("held 45 s");
  }

  @Test
  void lateReturnOnlyReportIsAWarningNotALeak() {
    Report report =
        TestReports.withSites(List.of(new LeakSite(DOWNLOAD_SITE, 2, 0, 2, 0, 0)), List.of());

    List<String> lines = ReportSummary.lines(report, null);

    assertThat(lines.get(0))
        .isEqualTo(
            "no connection leaks; warning: 2 late returns at 1 call site"
                + " (held past leakThreshold, then closed)");
    assertThat(lines).contains("  LATE x2 late returns (warning)  " + DOWNLOAD_SITE);
    assertThat(lines).noneMatch(line -> line.contains("LEAK"));
  }

  @Test
  void leakThresholdIsQuotedWhenKnown() {
    Report lateOnly =
        TestReports.realisticWith(
            List.of(new LeakSite(DOWNLOAD_SITE, 1, 0, 1, 0, 0)),
            List.of(TestReports.leak("late_return", DOWNLOAD_SITE)),
            TestReports.realistic().pools());

    assertThat(ReportSummary.lines(lateOnly, null).get(0))
        .contains("(held past leakThreshold 10s, then closed)");
  }

  @Test
  void leaksWithoutDetailsAreCounted() {
    assertThat(ReportSummary.lines(TestReports.realistic(), null))
        .contains(
            "  1 more leak is counted above but not listed in the report"
                + " (it keeps a few per call site)");
  }

  @Test
  void poolsShowTrafficAndHoldTimes() {
    List<String> lines = ReportSummary.lines(TestReports.realistic(), null);
    int pools = lines.indexOf("pools:");

    assertThat(lines.subList(pools + 1, lines.size()))
        .containsExactly(
            "  HikariPool-1 (hikari): borrows 12034, returns 12031, open 2,"
                + " hold p50 0.4 ms, p95 12 ms, max 1 min 1 s",
            "    timeline (UTC): peak in use 10/10 at 08:47:00, up to 3 waiting; 4 episodes of"
                + " exhaustion (first 08:52:10, 2 timeouts, held by ExportJob.lambda$run$0 x7,"
                + " 1 lost to collected leaks)",
            "    sizing: pool was not the bottleneck: p95 wait 0.09 ms, no timeouts;"
                + " suggested maximum 2 (now 10)",
            "    load: 0.014 connections in use on average"
                + " (3.34 borrows/s, mean hold 4.3 ms, over 59 min 59 s)",
            "  jdbc:h2:mem:orders (drivermanager): borrows 40, returns 39, open 1,"
                + " hold p50 2.5 ms, p95 8 ms, max 12.3 s",
            "    does not pool: every borrow opened a physical connection;"
                + " connect p50 3.1 ms, p95 8 ms; mode=manage would pool it");
  }

  @Test
  void aTimelineWithoutWhatThePoolDoesNotTellLeavesItOut() {
    PoolSummary pool =
        withTimeline(
            List.of(
                new Report.TimelinePoint(
                    "2025-03-14T09:07:00Z", 10_000, 2, null, null, 30, null, 0.5, 1.0, 0, 0, 0),
                new Report.TimelinePoint(
                    "2025-03-14T09:07:10Z", 10_000, 1, null, null, 30, null, 0.5, 1.0, 0, 0, 0)),
            List.of(),
            0);

    assertThat(ReportSummary.lines(TestReports.withSites(List.of(), List.of(pool)), null))
        .contains("    timeline (UTC): peak in use 2 at 09:07:00");
  }

  @Test
  void aSingleEpisodeNobodyTrackedHeldIsSaidSo() {
    Report.Exhaustion episode =
        new Report.Exhaustion(
            "2025-03-14T08:52:10.250Z", "2025-03-14T08:52:10.250Z", 1, 0, List.of(), List.of());
    PoolSummary pool = withTimeline(List.of(), List.of(episode), 0);

    assertThat(ReportSummary.lines(TestReports.withSites(List.of(), List.of(pool)), null))
        .contains(
            "    timeline (UTC): 1 episode of exhaustion (08:52:10, 1 timeout, no tracked lease"
                + " held a connection)");
  }

  @Test
  void anEpisodeSaysTheConnectionsLostToCollectedLeaks() {
    Report.Holder lost =
        new Report.Holder(
            "com.acme.Cache.warm(Cache.java:33)", 4, 60_000, List.of("main"), List.of());
    Report.Exhaustion episode =
        new Report.Exhaustion(
            "2025-03-14T08:52:10.250Z", "2025-03-14T08:52:10.250Z", 1, 0, List.of(), List.of(lost));
    PoolSummary pool = withTimeline(List.of(), List.of(episode), 0);

    assertThat(ReportSummary.lines(TestReports.withSites(List.of(), List.of(pool)), null))
        .contains(
            "    timeline (UTC): 1 episode of exhaustion (08:52:10, 1 timeout, no tracked lease"
                + " held a connection, 4 lost to collected leaks)");
  }

  @Test
  void aPoolWithNeitherTimelineNorEpisodesHasNoTimelineLine() {
    assertThat(ReportSummary.lines(TestReports.clean(), null))
        .noneMatch(line -> line.contains("timeline"));
  }

  private static PoolSummary withTimeline(
      List<Report.TimelinePoint> timeline, List<Report.Exhaustion> episodes, long omitted) {
    PoolSummary p = pool("orders", null);
    return TestReports.with(p, p.advice(), timeline, episodes, omitted);
  }

  @Test
  void eachPoolSaysWhetherItWasTheBottleneckAndHowBigItShouldBe() {
    PoolSummary tooSmall =
        pool(
            "orders",
            SizingAdvice.of(
                new SizingAdvice.Observed(
                    600_000_000_000L, 120_000, 120_000, 6_000_000_000_000L, 120, 3L, 10)));
    PoolSummary shortLived =
        pool(
            "audit",
            SizingAdvice.of(
                new SizingAdvice.Observed(2_000_000_000L, 40, 40, 400_000_000L, 0.02, 0L, null)));

    List<String> lines =
        ReportSummary.lines(TestReports.withSites(List.of(), List.of(tooSmall, shortLived)), null);

    assertThat(lines.subList(lines.indexOf("pools:") + 1, lines.size()))
        .containsExactly(
            "  orders (hikari): borrows 120000, returns 120000, open 0,"
                + " hold p50 48 ms, p95 55 ms, max 1.2 s",
            "    sizing: pool was the bottleneck: p95 wait 120 ms, 3 timeouts,"
                + " 10 of 10 connections in use on average; suggested maximum 19 (now 10)",
            "    load: 10 connections in use on average"
                + " (200 borrows/s, mean hold 50 ms, over 10 min)",
            "  audit (hikari): borrows 120000, returns 120000, open 0,"
                + " hold p50 48 ms, p95 55 ms, max 1.2 s",
            "    sizing: not enough data to advise: 40 returned leases over 2 s;"
                + " the advice needs at least 100 over at least 5 s");
  }

  private static PoolSummary pool(String name, Report.Advice advice) {
    return new PoolSummary(
        name,
        "hikari",
        true,
        120_000,
        120_000,
        0,
        0,
        new Percentiles(120_000, 48, 55, 61, 1_200),
        new Percentiles(120_000, 0.02, 120, 180, 250),
        null,
        advice,
        List.of(),
        List.of(),
        0);
  }

  /** The headline and the site's line count the same leaks; the late return is beside them. */
  @Test
  void aSitesLineCountsWhatTheHeadlineCounts() {
    LeakSite site = new LeakSite(ORDERS_SITE, 11, 0, 1, 4, 6);

    List<String> lines = ReportSummary.lines(TestReports.withSites(List.of(site), List.of()), null);

    assertThat(lines.get(0)).startsWith("10 connection leaks at 1 call site");
    assertThat(lines)
        .contains(
            "  LEAK x10: 4 collected, 6 open at exit; also 1 late return (warning)  "
                + ORDERS_SITE);
  }

  @Test
  void manySitesAreCappedWithATotalForTheRest() {
    List<LeakSite> sites = new ArrayList<>();
    for (int i = 0; i < ReportSummary.MAX_SITES + 3; i++) {
      sites.add(new LeakSite("com.acme.Site.m" + i + "(Site.java:" + i + ")", 2, 0, 0, 0, 2));
    }

    List<String> lines = ReportSummary.lines(TestReports.withSites(sites, List.of()), null);

    assertThat(lines)
        .filteredOn(line -> line.startsWith("  LEAK"))
        .hasSize(ReportSummary.MAX_SITES);
    assertThat(lines).contains("  ... 3 more call sites with 6 leaks (see the JSON report)");
  }

  @Test
  void siteWithoutStackSaysWhy() {
    Report noStacks =
        TestReports.realisticWith(
            List.of(new LeakSite("unknown", 1, 0, 0, 1, 0)),
            List.of(
                new Report.Leak(
                    "collected", "p", "unknown", "t", "2025-03-14T09:00:00Z", 5, List.of())),
            List.of());

    assertThat(ReportSummary.lines(noStacks, null))
        .containsSubsequence(
            "  LEAK x1 collected  unknown",
            "    e.g. collected, pool p, thread \"t\", borrowed 2025-03-14T09:00:00Z, held 5 ms",
            "      (no borrow stack: not sampled, see stackSampleRate)",
            "pools: none seen");
  }

  @Test
  void threadNamesCannotBreakTheSummaryApart() {
    Report report =
        new Report(
            Report.SCHEMA_VERSION,
            "0.1.0",
            "2025-03-14T09:27:00Z",
            1,
            "17",
            1,
            Map.of(),
            List.of(new LeakSite(ORDERS_SITE, 1, 0, 0, 0, 1)),
            List.of(
                new Report.Leak(
                    "open_at_exit", "p", ORDERS_SITE, "job \"nightly\"\nretry", "t", 1, List.of())),
            0,
            List.of(),
            null,
            true);

    assertThat(ReportSummary.lines(report, null))
        .contains(
            "    e.g. open at exit, pool p, thread \"job \\\"nightly\\\"\\nretry\","
                + " borrowed t, held 1 ms")
        .noneMatch(line -> line.contains("\n"));
  }
}
