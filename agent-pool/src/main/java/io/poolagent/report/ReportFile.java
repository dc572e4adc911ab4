package io.poolagent.report;

import io.poolagent.log.AgentLog;
import io.poolagent.report.html.ReportHtml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The report's file: rewritten as a checkpoint while the JVM runs, and once, final, at its exit.
 * Each write replaces the whole file atomically ({@link ReportJson#write}), so a JVM killed at any
 * moment (SIGKILL after a grace period, the OOM killer, a CI timeout) leaves its last checkpoint,
 * whole. Once the final report is being written no checkpoint may follow it: the monitor orders the
 * two, and a checkpoint that comes too late is dropped.
 *
 * <p>Each write also puts the report's HTML page beside the JSON ({@link ReportHtml}), after it:
 * the page is a view of the JSON, so failing to write it loses nothing and never stops the JSON.
 */
public final class ReportFile {

  private final Path path;
  private final Path html;
  private boolean finalWritten;
  private boolean htmlFailureSaid;

  public ReportFile(Path path) {
    this.path = path.toAbsolutePath();
    this.html = ReportHtml.besideJson(this.path);
  }

  public Path path() {
    return path;
  }

  /** Where the HTML page of the report goes. */
  public Path htmlPath() {
    return html;
  }

  /** Writes {@code checkpoint}, unless the final report was written; returns whether it was. */
  public synchronized boolean writeCheckpoint(Report checkpoint) throws IOException {
    if (finalWritten) {
      return false;
    }
    ReportJson.write(checkpoint, path);
    writeHtml(checkpoint);
    return true;
  }

  /** Writes the final report; no checkpoint is written after it. */
  public synchronized void writeFinal(Report report) throws IOException {
    finalWritten = true;
    ReportJson.write(report, path);
    writeHtml(report);
  }

  /**
   * Writes the page of the report just written as JSON; on failure says so once and removes the
   * page that was there, which would otherwise show an older report than the JSON beside it.
   */
  private void writeHtml(Report report) {
    try {
      ReportHtml.write(report, html);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(html);
      } catch (IOException ignored) {
        // The warning below is what the user needs; a page that cannot be written may well not
        // be removable either.
      }
      if (!htmlFailureSaid) {
        htmlFailureSaid = true;
        AgentLog.warn(
            "could not write the HTML report to "
                + html
                + ": "
                + e
                + "; the JSON report is written");
      }
    }
  }
}
