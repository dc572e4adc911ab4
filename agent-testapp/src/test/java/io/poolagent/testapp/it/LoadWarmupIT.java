package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code load} scenario's {@code --warmup}: the benchmarks compare steady states, so what runs
 * during the warm-up must be neither counted nor timed, yet it must really run.
 */
class LoadWarmupIT {

  private static final Pattern RESULT =
      Pattern.compile("load: requests=(\\d+) errors=0 throughput=([0-9.]+)/s ");

  @TempDir Path dir;

  @Test
  void requestsDuringTheWarmupRunButAreNotMeasured() throws Exception {
    Path reportFile = dir.resolve("report.json");
    ChildJvm.Result result =
        ChildJvm.testApp(
                "--scenario", "load", "--db", "h2", "--via", "hikari", "--threads", "2",
                "--warmup", "2s", "--duration", "1s")
            .in(dir)
            .withAgent("report=" + reportFile)
            .env("OTEL_SDK_DISABLED", "true")
            .run();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    Matcher line = RESULT.matcher(result.stdout());
    assertThat(line.find()).as(result.describe()).isTrue();
    long requests = Long.parseLong(line.group(1));
    double throughput = Double.parseDouble(line.group(2));

    // The throughput is over the measured second, not the three the run took.
    assertThat(requests / throughput).isBetween(0.9, 2.0);
    // The agent saw every borrow: the warm-up's as well as the measured ones.
    Report report = ChildJvm.readReport(reportFile, result);
    assertThat(report.pools())
        .filteredOn(pool -> pool.name().equals("testapp-hikari"))
        .singleElement()
        .satisfies(pool -> assertThat(pool.borrows()).isGreaterThan(requests));
  }
}
