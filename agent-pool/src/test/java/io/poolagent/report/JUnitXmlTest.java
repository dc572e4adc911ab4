package io.poolagent.report;

import static io.poolagent.report.CheckFixtures.jvm;
import static io.poolagent.report.CheckFixtures.openAtExit;
import static io.poolagent.report.CheckFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolagent.report.Report.Leak;
import io.poolagent.report.Report.LeakSite;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXParseException;

/**
 * {@code check --junit FILE}: valid against the Ant/Surefire JUnit schema CI servers read, and read
 * back by Maven's own JUnit XML reader as the test results it stands for.
 */
class JUnitXmlTest {

  @TempDir Path dir;

  private final CheckFixtures check = new CheckFixtures();

  @Test
  void everyLeakSiteThresholdAndTheBlindRunCheckIsATestCase() throws Exception {
    Path a =
        write(
            "a.json",
            jvm(
                101,
                List.of(
                    openAtExit(TestReports.ORDERS_SITE, 2),
                    openAtExit(TestReports.EXPORT_SITE, 1),
                    new LeakSite(TestReports.DOWNLOAD_SITE, 1, 0, 1, 0, 0)),
                List.of(pool("HikariPool-1", 312, 0L, 0))));
    Path b = write("b.json", TestReports.blind());
    Path baseline = Files.writeString(dir.resolve("baseline.txt"), TestReports.EXPORT_SITE + "\n");
    Path junit = dir.resolve("reports/pool-agent.xml");
    List<Threshold> limits =
        List.of(
            Threshold.parse(Threshold.Kind.WAIT_P95, "200ms"),
            Threshold.parse(Threshold.Kind.TIMEOUTS, "0"));

    int code = check.check(new CheckOptions(List.of(a, b), baseline, null, junit, limits));

    assertThat(code).isEqualTo(ReportCheck.LEAKS);
    validate(junit);
    Map<String, ReportTestCase> cases = readBack(junit);
    assertThat(cases).hasSize(6);

    ReportTestCase orders = cases.get("pool-agent.leaks." + TestReports.ORDERS_SITE);
    assertThat(orders.hasFailure()).isTrue();
    assertThat(orders.getFailureType()).isEqualTo("leak");
    assertThat(orders.getFailureMessage())
        .isEqualTo("LEAK x2 open at exit  " + TestReports.ORDERS_SITE);
    assertThat(orders.getFailureDetail())
        .contains("e.g. open at exit, pool main, thread \"main\"")
        .contains(
            "at com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:100)\n"
                + "at "
                + TestReports.ORDERS_SITE);

    assertThat(cases.get("pool-agent.leaks." + TestReports.EXPORT_SITE).hasSkipped()).isTrue();
    assertThat(cases.get("pool-agent.leaks." + TestReports.DOWNLOAD_SITE).isSuccessful()).isTrue();

    ReportTestCase wait = cases.get("pool-agent.thresholds.max-wait-p95 HikariPool-1 (pid 101)");
    assertThat(wait.hasFailure()).isTrue();
    assertThat(wait.getFailureMessage())
        .isEqualTo("pool HikariPool-1 (pid 101): wait p95 312 ms > limit 200 ms (--max-wait-p95)");
    assertThat(
            cases.get("pool-agent.thresholds.max-timeouts HikariPool-1 (pid 101)").isSuccessful())
        .isTrue();

    ReportTestCase coverage = cases.get("pool-agent.coverage.agent saw every JDBC class and call");
    assertThat(coverage.hasFailure()).isTrue();
    assertThat(coverage.getFailureType()).isEqualTo("blind");

    assertThat(Files.readString(junit))
        .contains(
            "<testsuite name=\"pool-agent check\" tests=\"6\" failures=\"3\" errors=\"0\""
                + " skipped=\"1\" time=\"0\">");
  }

  @Test
  void aCleanRunIsTwoPassedTestCases() throws Exception {
    Path junit = dir.resolve("pool-agent.xml");

    int code =
        check.check(
            new CheckOptions(
                List.of(write("a.json", TestReports.clean())), null, null, junit, List.of()));

    assertThat(code).isZero();
    validate(junit);
    assertThat(readBack(junit).values()).hasSize(2).allMatch(ReportTestCase::isSuccessful);
  }

  /** A thread may be named anything; XML 1.0 cannot hold every character, so none may break it. */
  @Test
  void anyThreadNameStaysValidXml() throws Exception {
    Leak odd =
        new Leak(
            "open_at_exit",
            "main",
            TestReports.ORDERS_SITE,
            "wörker \"1\" <&> 日本 \u0001\u0000\ud800 😀",
            "2025-03-14T09:00:00Z",
            1,
            TestReports.stack(TestReports.ORDERS_SITE, 2));
    Report report =
        TestReports.realisticWith(
            List.of(openAtExit(TestReports.ORDERS_SITE, 1)), List.of(odd), List.of());
    Path junit = dir.resolve("pool-agent.xml");

    check.check(new CheckOptions(List.of(write("a.json", report)), null, null, junit, List.of()));

    validate(junit);
    assertThat(
            readBack(junit).get("pool-agent.leaks." + TestReports.ORDERS_SITE).getFailureDetail())
        .contains("wörker \\\"1\\\"")
        .contains("<&> 日本 \\u0001\\u0000\\ud800 😀");
    assertThat(JUnitXml.escape("a\u0001b\ud800c😀\r")).isEqualTo("a\\u0001b\\ud800c😀&#13;");
  }

  /** The schema is no formality: it rejects what CI servers would misread. */
  @Test
  void theSchemaRejectsATestCaseWithoutATime() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.xml"),
            "<testsuite name=\"x\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">"
                + "<testcase name=\"y\"/></testsuite>");

    assertThatThrownBy(() -> validate(bad))
        .isInstanceOf(SAXParseException.class)
        .hasMessageContaining("time");
  }

  @Test
  void aJUnitFileThatCannotBeWrittenIsExitTwo() throws Exception {
    Path blocker = Files.writeString(dir.resolve("file"), "not a directory");
    Path junit = blocker.resolve("pool-agent.xml");

    int code =
        check.check(
            new CheckOptions(
                List.of(write("a.json", TestReports.clean())), null, null, junit, List.of()));

    assertThat(code).isEqualTo(ReportCheck.UNREADABLE);
    assertThat(check.err())
        .startsWith("pool-agent check: cannot write " + junit + ": ")
        .hasLineCount(1);
  }

  private static void validate(Path xml) throws Exception {
    URL xsd = JUnitXmlTest.class.getResource("/junit/test-report.xsd");
    Schema schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd);
    schema.newValidator().validate(new StreamSource(xml.toFile()));
  }

  /** Test cases by class name and name, as Maven's reader sees them. */
  private static Map<String, ReportTestCase> readBack(Path xml) throws Exception {
    List<ReportTestSuite> suites =
        new TestSuiteXmlParser(new NullConsoleLogger()).parse(xml.toString());
    List<ReportTestCase> cases = new ArrayList<>();
    suites.forEach(s -> cases.addAll(s.getTestCases()));
    return cases.stream()
        .collect(Collectors.toMap(ReportTestCase::getFullName, Function.identity()));
  }

  private Path write(String name, Report report) throws Exception {
    Path file = dir.resolve(name);
    ReportJson.write(report, file);
    return file;
  }
}
