package io.poolagent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolagent.report.Report.Percentiles;
import io.poolagent.report.Report.PoolSummary;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {

  @TempDir Path dir;

  @Test
  void roundTripIsExact() throws Exception {
    Report report = TestReports.realistic();

    assertThat(ReportJson.parse(ReportJson.toJson(report))).isEqualTo(report);
  }

  @Test
  void roundTripThroughAFileIsExact() throws Exception {
    Report report = TestReports.realistic();
    Path file = dir.resolve("build/reports/pool-agent-report.json");

    ReportJson.write(report, file);

    assertThat(ReportJson.read(file)).isEqualTo(report);
    assertThat(ReportJson.read(file).leaks().get(2).thread())
        .isEqualTo("wörker-1 ✓ \"export\" \\ 日本\nsecond line\ttab\u0001");
  }

  @Test
  void writeLeavesOnlyTheReportInItsDirectory() throws Exception {
    Path file = dir.resolve("report.json");

    ReportJson.write(TestReports.realistic(), file);
    ReportJson.write(TestReports.clean(), file);

    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
    assertThat(ReportJson.read(file)).isEqualTo(TestReports.clean());
    assertThat(Files.readString(file)).endsWith("}\n");
  }

  @Test
  void aCheckpointSaysSoAndAReportWithoutTheFieldIsFinal() throws Exception {
    Report checkpoint = TestReports.asCheckpoint(TestReports.realistic());
    String json = ReportJson.toJson(checkpoint);

    assertThat(json).contains("\"final\": false");
    assertThat(ReportJson.parse(json)).isEqualTo(checkpoint);
    String older =
        ReportJson.toJson(TestReports.realistic()).replace(",\n  \"final\": true", "");
    assertThat(older).doesNotContain("\"final\"");
    assertThat(ReportJson.parse(older).finalReport()).isTrue();
  }

  @Test
  void fieldNamesAndOrderAreTheRecordComponents() throws Exception {
    Map<?, ?> json = (Map<?, ?>) Json.parse(ReportJson.toJson(TestReports.realistic()));

    assertThat(keys(json)).containsExactlyElementsOf(components(Report.class));
    assertThat(keys(first(json, "leakSites")))
        .containsExactlyElementsOf(components(Report.LeakSite.class));
    assertThat(keys(first(json, "leaks")))
        .containsExactlyElementsOf(components(Report.Leak.class));
    Map<?, ?> pool = first(json, "pools");
    assertThat(keys(pool)).containsExactlyElementsOf(components(PoolSummary.class));
    assertThat(keys((Map<?, ?>) pool.get("holdMillis")))
        .containsExactly("count", "p50", "p95", "p99", "max");
    assertThat(keys(first(pool, "timeline")))
        .containsExactlyElementsOf(components(Report.TimelinePoint.class));
    Map<?, ?> exhaustion = first(pool, "exhaustions");
    assertThat(keys(exhaustion)).containsExactlyElementsOf(components(Report.Exhaustion.class));
    assertThat(keys(first(exhaustion, "holders")))
        .containsExactlyElementsOf(components(Report.Holder.class));
  }

  @Test
  void aTimelinesUnknownGaugesAndEmptyIntervalsStayNull() throws Exception {
    String json = ReportJson.toJson(TestReports.realistic());

    // The third point: no return in it, and neither the waiters nor the maximum were readable.
    assertThat(json)
        .contains(
            "\"inUseMax\": 2,\n"
                + "          \"pendingMax\": null,\n"
                + "          \"maxSize\": null,\n"
                + "          \"borrows\": 2034,\n"
                + "          \"timeouts\": null,\n"
                + "          \"waitP95Millis\": 0.5,\n"
                + "          \"holdP95Millis\": null,");
    assertThat(ReportJson.parse(json).pools().get(0).timeline())
        .isEqualTo(TestReports.hikariTimeline());
  }

  @Test
  void adviceFieldNamesAndOrderAreItsRecordComponents() throws Exception {
    Map<?, ?> json = (Map<?, ?>) Json.parse(ReportJson.toJson(TestReports.realistic()));
    List<?> pools = (List<?>) json.get("pools");

    assertThat(keys((Map<?, ?>) ((Map<?, ?>) pools.get(0)).get("advice")))
        .containsExactlyElementsOf(components(Report.Advice.class));
    // The DriverManager source does not pool: it has no advice, and says so.
    Map<?, ?> driverManager = (Map<?, ?>) pools.get(1);
    assertThat(driverManager.containsKey("advice")).isTrue();
    assertThat(driverManager.get("advice")).isNull();
  }

  @Test
  void adviceWithoutNumbersRoundTripsWithItsNulls() throws Exception {
    Report.Advice notEnough =
        SizingAdvice.of(
            new SizingAdvice.Observed(2_000_000_000L, 40, 40, 400_000_000L, 0.02, null, 8));
    Report report = TestReports.withSites(List.of(), List.of(hikariWith(notEnough)));

    String json = ReportJson.toJson(report);

    assertThat(json)
        .contains(
            "\"observedSeconds\": 2,",
            "\"meanInUse\": null,",
            "\"suggestedMaxSize\": null,",
            "\"configuredMaxSize\": 8,",
            "\"timeouts\": null,",
            "\"bottleneck\": null,");
    assertThat(ReportJson.parse(json)).isEqualTo(report);
  }

  @Test
  void aReportWrittenBeforeTheAdviceExistedStillReads() throws Exception {
    // Schema version 1 as the agent wrote it before pools had advice and an evicted count, field
    // for field.
    String old =
        """
        {
          "schemaVersion": 1,
          "agentVersion": "0.1.0",
          "generatedAt": "2025-03-14T09:27:00Z",
          "pid": 1,
          "javaVersion": "17",
          "uptimeMillis": 1000,
          "settings": {"mode": "observe"},
          "leakSites": [],
          "leaks": [],
          "leaksOmitted": 0,
          "pools": [
            {
              "name": "main",
              "kind": "hikari",
              "pooling": true,
              "borrows": 10,
              "returns": 10,
              "open": 0,
              "holdMillis": {"count": 10, "p50": 1, "p95": 2, "p99": 3, "max": 4},
              "acquireMillis": {"count": 10, "p50": 0.1, "p95": 0.2, "p99": 0.3, "max": 0.4}
            }
          ]
        }
        """;
    Path file = dir.resolve("old-report.json");
    Files.writeString(file, old);

    Report report = ReportJson.read(file);

    assertThat(report).isEqualTo(TestReports.clean());
    assertThat(report.pools().get(0).advice()).isNull();
    assertThat(report.pools().get(0).evicted()).isZero();
    assertThat(ReportSummary.lines(report, null)).noneMatch(line -> line.contains("sizing:"));
  }

  @Test
  void wrongTypeInsideTheAdviceIsNamed() {
    String json =
        ReportJson.toJson(TestReports.realistic())
            .replace("\"suggestedMaxSize\": 2,", "\"suggestedMaxSize\": \"2\",");

    assertThatThrownBy(() -> ReportJson.parse(json))
        .hasMessage(
            "report JSON: field \"pools[0].advice.suggestedMaxSize\" must be a 32-bit integer,"
                + " found a string (\"2\")");
  }

  private static PoolSummary hikariWith(Report.Advice advice) {
    PoolSummary p = TestReports.hikari();
    return TestReports.with(p, advice, p.timeline(), p.exhaustions(), p.exhaustionsOmitted());
  }

  @Test
  void isPrettyPrintedWithTwoSpaces() {
    String json = ReportJson.toJson(TestReports.realistic());

    assertThat(json).startsWith("{\n  \"schemaVersion\": 1,\n  \"agentVersion\": \"0.1.0\",\n");
    assertThat(json).contains("\n  \"leakSites\": [\n    {\n      \"callSite\": ");
    assertThat(json)
        .contains(
            "\"thread\": \"wörker-1 ✓ \\\"export\\\" \\\\ 日本\\nsecond line\\ttab\\u0001\"");
  }

  @Test
  void aManagedPoolsReclaimedCountRoundTripsAndOtherPoolsHaveNone() throws Exception {
    PoolSummary managed =
        new PoolSummary(
            "managed(DriverManager(jdbc:postgresql://db/test))",
            "managed",
            true,
            100,
            98,
            0,
            0,
            new Percentiles(98, 1, 2, 3, 4),
            new Percentiles(100, 0.1, 0.2, 0.3, 0.4),
            2L,
            null,
            List.of(),
            List.of(),
            0);
    Report report = TestReports.withSites(List.of(), List.of(managed, TestReports.hikari()));

    String json = ReportJson.toJson(report);
    Report read = ReportJson.parse(json, "test");

    assertThat(read.pools()).extracting(PoolSummary::reclaimed).containsExactly(2L, null);
    assertThat(json).contains("\"reclaimed\": 2").contains("\"reclaimed\": null");
    assertThat(ReportSummary.lines(read, null))
        .contains(
            "  managed(DriverManager(jdbc:postgresql://db/test)) (managed): borrows 100, returns 98,"
                + " open 0, hold p50 1 ms, p95 2 ms, max 4 ms",
            "    reclaimed 2 connection(s) the application dropped without close(); the pool"
                + " refilled");
  }

  @Test
  void aPoolsEvictedCountRoundTripsAndTheSummaryShowsItWhereThereIsOne() throws Exception {
    PoolSummary evicting =
        new PoolSummary(
            "testapp-hikari",
            "hikari",
            true,
            5,
            1,
            3,
            1,
            new Percentiles(4, 1, 2, 3, 4),
            new Percentiles(5, 0.1, 0.2, 0.3, 0.4),
            null,
            null,
            List.of(),
            List.of(),
            0);
    Report report = TestReports.withSites(List.of(), List.of(evicting, TestReports.hikari()));

    String json = ReportJson.toJson(report);
    Report read = ReportJson.parse(json, "test");

    assertThat(read).isEqualTo(report);
    assertThat(json).contains("\"returns\": 1,\n      \"evicted\": 3,\n      \"open\": 1,");
    assertThat(json).contains("\"returns\": 10,\n      \"evicted\": 0,\n      \"open\": 0,");
    assertThat(ReportSummary.lines(read, null))
        .contains(
            "  testapp-hikari (hikari): borrows 5, returns 1, evicted 3, open 1,"
                + " hold p50 1 ms, p95 2 ms, max 4 ms",
            "  main (hikari): borrows 10, returns 10, open 0, hold p50 1 ms, p95 2 ms, max 4 ms");
  }

  @Test
  void millisecondsHaveAtMostThreeDecimals() throws Exception {
    Report report =
        TestReports.withSites(
            List.of(),
            List.of(
                new PoolSummary(
                    "p",
                    "hikari",
                    true,
                    1,
                    1,
                    0,
                    0,
                    new Percentiles(1, 0.123456, 2.0, 1.0 / 3, 1234.5678),
                    new Percentiles(0, 0, 0, 0, 0),
                    null,
                    null,
                    List.of(),
                    List.of(),
                    0)));

    String json = ReportJson.toJson(report);

    assertThat(json)
        .contains("\"p50\": 0.123,", "\"p95\": 2,", "\"p99\": 0.333,", "\"max\": 1234.568\n");
    assertThat(ReportJson.parse(json).pools().get(0).holdMillis())
        .isEqualTo(new Percentiles(1, 0.123, 2.0, 0.333, 1234.568));
  }

  @Test
  void unknownFieldsAreIgnored() throws Exception {
    String json =
        ReportJson.toJson(TestReports.realistic())
            .replaceFirst("\\{", "{\n  \"addedLater\": {\"x\": [1, 2]},")
            .replace("\"count\": 3,", "\"count\": 3, \"severity\": \"high\",");

    assertThat(ReportJson.parse(json)).isEqualTo(TestReports.realistic());
  }

  @Test
  void missingFieldIsNamedWithItsPathAndTheFile() throws Exception {
    Path file = dir.resolve("report.json");
    String json = ReportJson.toJson(TestReports.realistic());
    // Sites 1 and 2 have no open-at-exit leaks; the first one missing the field is reported.
    Files.writeString(file, json.replace(",\n      \"openAtExit\": 0\n", "\n"));

    assertThatThrownBy(() -> ReportJson.read(file))
        .isInstanceOf(ReportFormatException.class)
        .hasMessage(file + ": missing required field \"leakSites[1].openAtExit\"");
  }

  @Test
  void wrongTypeIsNamedWithWhatWasExpectedAndFound() {
    String json =
        ReportJson.toJson(TestReports.realistic())
            .replace("\"borrows\": 40,", "\"borrows\": \"40\",");

    assertThatThrownBy(() -> ReportJson.parse(json))
        .isInstanceOf(ReportFormatException.class)
        .hasMessage(
            "report JSON: field \"pools[1].borrows\" must be an integer, found a string (\"40\")");
  }

  @Test
  void wrongTypeDeepInsideIsNamed() {
    String json =
        ReportJson.toJson(TestReports.realistic()).replace("\"p99\": 9.75", "\"p99\": null");

    assertThatThrownBy(() -> ReportJson.parse(json))
        .hasMessage("report JSON: field \"pools[1].holdMillis.p99\" must be a number, found null");
  }

  @Test
  void newerSchemaVersionIsRejectedAsSuch() {
    // A newer layout may lack fields this version needs; the version must be the reported cause.
    String json = "{\"schemaVersion\": 2, \"somethingNew\": []}";

    assertThatThrownBy(() -> ReportJson.parse(json))
        .isInstanceOf(ReportFormatException.class)
        .hasMessageContaining("field \"schemaVersion\" is 2")
        .hasMessageContaining("newer pool-agent");
  }

  @Test
  void malformedJsonIsReportedWithFileAndPosition() throws Exception {
    Path file = dir.resolve("truncated.json");
    String json = ReportJson.toJson(TestReports.realistic());
    Files.writeString(file, json.substring(0, json.length() / 2));

    assertThatThrownBy(() -> ReportJson.read(file))
        .isInstanceOf(ReportFormatException.class)
        .hasMessageStartingWith(file + ": not valid JSON: line ")
        .hasCauseInstanceOf(JsonParseException.class);
  }

  @Test
  void topLevelMustBeAnObject() {
    assertThatThrownBy(() -> ReportJson.parse("[]"))
        .hasMessage("report JSON: expected a JSON object at the top level, found an array");
  }

  @Test
  void notUtf8IsAFormatProblem() throws Exception {
    Path file = dir.resolve("binary.json");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});

    assertThatThrownBy(() -> ReportJson.read(file))
        .isInstanceOf(ReportFormatException.class)
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void missingFileIsAnIoError() {
    assertThatThrownBy(() -> ReportJson.read(dir.resolve("absent.json")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void nullStringsSurvive() throws Exception {
    Report report = TestReports.clean();
    Report unknownVersion =
        new Report(
            report.schemaVersion(),
            null,
            report.generatedAt(),
            report.pid(),
            report.javaVersion(),
            report.uptimeMillis(),
            report.settings(),
            report.leakSites(),
            report.leaks(),
            report.leaksOmitted(),
            report.pools(),
            report.coverage(),
            report.finalReport());

    assertThat(ReportJson.parse(ReportJson.toJson(unknownVersion))).isEqualTo(unknownVersion);
    assertThat(Files.readString(write(unknownVersion), StandardCharsets.UTF_8))
        .contains("\"agentVersion\": null");
  }

  private Path write(Report report) throws Exception {
    Path file = dir.resolve("r.json");
    ReportJson.write(report, file);
    return file;
  }

  /** The record's components by their JSON names: {@code final} is a Java keyword. */
  private static List<String> components(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getName)
        .map(name -> name.equals("finalReport") ? "final" : name)
        .toList();
  }

  private static List<Object> keys(Map<?, ?> map) {
    return new ArrayList<>(map.keySet());
  }

  private static Map<?, ?> first(Map<?, ?> json, String array) {
    return (Map<?, ?>) ((List<?>) json.get(array)).get(0);
  }
}
