package io.poolagent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.log.AgentLog;
import io.poolagent.report.html.ReportHtml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML page's file: where it goes, when it is written, and what a failure to write it costs.
 */
class ReportHtmlTest {

  @TempDir Path dir;

  @AfterEach
  void restoreLog() {
    AgentLog.setOutput(System.err);
  }

  @Test
  void thePageGoesBesideTheJsonUnderTheSameName() {
    assertThat(ReportHtml.besideJson(Path.of("build/pool-agent-report.json")))
        .isEqualTo(Path.of("build/pool-agent-report.html"));
    assertThat(ReportHtml.besideJson(Path.of("/tmp/report")))
        .isEqualTo(Path.of("/tmp/report.html"));
    assertThat(ReportHtml.besideJson(Path.of("run.JSON.bak")))
        .isEqualTo(Path.of("run.JSON.bak.html"));
  }

  @Test
  void thePageForbidsEveryFetchAndHasNoScript() {
    String page = ReportHtml.render(TestReports.realistic());

    assertThat(page)
        .startsWith("<!DOCTYPE html>")
        .contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
        .doesNotContain("<script", "http://", "https://", "src=");
  }

  @Test
  void eachCheckpointRewritesThePageAndTheFinalReportReplacesIt() throws Exception {
    ReportFile file = new ReportFile(dir.resolve("pool-agent-report.json"));
    Path html = dir.resolve("pool-agent-report.html");
    assertThat(file.htmlPath()).isEqualTo(html);

    file.writeCheckpoint(TestReports.asCheckpoint(TestReports.realistic()));
    assertThat(Files.readString(html)).contains("class=\"banner checkpoint\"");

    file.writeFinal(TestReports.realistic());
    assertThat(Files.readString(html))
        .isEqualTo(ReportHtml.render(TestReports.realistic()))
        .doesNotContain("class=\"banner checkpoint\"");
    assertThat(file.writeCheckpoint(TestReports.asCheckpoint(TestReports.clean()))).isFalse();
    assertThat(Files.readString(html)).isEqualTo(ReportHtml.render(TestReports.realistic()));
    assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void aPageThatCannotBeWrittenLosesNotTheJsonAndIsSaidOnce() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
    Path json = dir.resolve("report.json");
    // A directory where the page should go, with a file in it: no page can replace it.
    Files.createDirectories(dir.resolve("report.html"));
    Files.writeString(dir.resolve("report.html").resolve("keep"), "x");
    ReportFile file = new ReportFile(json);

    file.writeCheckpoint(TestReports.asCheckpoint(TestReports.realistic()));
    file.writeFinal(TestReports.realistic());

    Report read = ReportJson.read(json);
    assertThat(read.finalReport()).isTrue();
    assertThat(read.leakSites()).isEqualTo(TestReports.realistic().leakSites());
    String said = log.toString(StandardCharsets.UTF_8);
    assertThat(said)
        .contains(
            "could not write the HTML report to " + dir.resolve("report.html").toAbsolutePath())
        .contains("the JSON report is written");
    assertThat(said.split("could not write the HTML report", -1)).hasSize(2);
  }
}
