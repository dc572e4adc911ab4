package io.poolagent.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The report's file: rewritten as a checkpoint while the JVM runs, and once, final, at its exit.
 * Each write replaces the whole file atomically ({@link ReportJson#write}), so a JVM killed at
 * any moment (SIGKILL after a grace period, the OOM killer, a CI timeout) leaves its last
 * checkpoint, whole. Once the final report is being written no checkpoint may follow it: the
 * monitor orders the two, and a checkpoint that comes too late is dropped.
 */
public final class ReportFile {

  private final Path path;
  private boolean finalWritten;

  public ReportFile(Path path) {
    this.path = path.toAbsolutePath();
  }

  public Path path() {
    return path;
  }

  /** Writes {@code checkpoint}, unless the final report was written; returns whether it was. */
  public synchronized boolean writeCheckpoint(Report checkpoint) throws IOException {
    if (finalWritten) {
      return false;
    }
    ReportJson.write(checkpoint, path);
    return true;
  }

  /** Writes the final report; no checkpoint is written after it. */
  public synchronized void writeFinal(Report report) throws IOException {
    finalWritten = true;
    ReportJson.write(report, path);
  }
}
