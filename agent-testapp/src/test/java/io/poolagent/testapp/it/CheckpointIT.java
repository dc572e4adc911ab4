package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.report.ReportJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A soak test's JVM killed outright (SIGKILL: Kubernetes after its grace period, the OOM killer, a
 * CI timeout) runs no shutdown hook: what it leaves is the last checkpoint the agent wrote while
 * it ran, and that must hold its leaks and pass through {@code check}.
 */
class CheckpointIT {

  /** The three cursors the method-leak scenario keeps open, each on a connection never closed. */
  private static final int HELD = 3;

  @TempDir Path dir;

  @Test
  void aJvmKilledOutrightLeavesACheckpointWithItsLeaksThatCheckFails() throws Exception {
    Path report = dir.resolve("report.json");
    Process app =
        ChildJvm.testApp("--scenario", "method-leak", "--via", "hikari", "--linger", "120s")
            .withAgent("leakThreshold=1s,reportInterval=1s,report=" + report)
            .env("OTEL_SDK_DISABLED", "true")
            .start();
    CompletableFuture<String> out = ChildJvm.drain(app.getInputStream());
    CompletableFuture<String> err = ChildJvm.drain(app.getErrorStream());
    Report checkpoint;
    try {
      checkpoint = awaitCheckpointWithSuspects(report, app, err);
    } finally {
      app.destroyForcibly();
      assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    String context = "stdout:\n" + out.get() + "\nstderr:\n" + err.get();
    // 128 + SIGKILL: no shutdown hook ran, so the file is the checkpoint and nothing else.
    assertThat(app.exitValue()).as(context).isEqualTo(137);
    Report left = ReportJson.read(report);

    assertThat(left.finalReport()).as(context).isFalse();
    assertThat(left.leakSites())
        .as(context)
        .singleElement()
        .satisfies(
            site -> {
              assertThat(site.callSite()).isEqualTo(LeakMarkers.callSite("method-leak"));
              assertThat(site.suspected()).isEqualTo(HELD);
            });
    assertThat(left.leakSites()).isEqualTo(checkpoint.leakSites());
    ChildJvm.Result check =
        ChildJvm.command("-jar", ChildJvm.AGENT_JAR.toString(), "check", report.toString()).run();
    assertThat(check.exitCode()).as(check.describe()).isEqualTo(1);
    assertThat(check.stdout()).contains("a checkpoint of ", "(still running, or killed)");
  }

  @Test
  void theExitReplacesTheCheckpointsWithTheFinalReport() throws Exception {
    Path report = dir.resolve("report.json");
    ChildJvm.Result run =
        ChildJvm.testApp("--scenario", "method-leak", "--via", "hikari", "--linger", "3s")
            .withAgent("leakThreshold=1s,reportInterval=1s,report=" + report)
            .env("OTEL_SDK_DISABLED", "true")
            .run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    Report last = ReportJson.read(report);
    assertThat(last.finalReport()).as(run.describe()).isTrue();
    assertThat(last.totals().openAtExit()).isEqualTo(HELD);
    assertThat(last.totals().suspected()).isZero();
  }

  /** Polls the file the way a CI step would, until a checkpoint holds the held connections. */
  private static Report awaitCheckpointWithSuspects(
      Path report, Process app, CompletableFuture<String> err) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      assertThat(app.isAlive()).as("the test app ended early; stderr: " + err.getNow("")).isTrue();
      if (Files.exists(report)) {
        Report read = ReportJson.read(report);
        if (!read.finalReport() && read.totals().suspected() == HELD) {
          return read;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "no checkpoint with " + HELD + " suspected leaks at " + report + " within 90 s: "
            + (Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : "no file"));
  }
}
