package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of docs/observability without Docker: the Prometheus configuration by
 * Prometheus's own tool, and the compose file for what a user would find out only at {@code docker
 * compose up} (a missing mounted file, an image that moves under them) or never (a port open to
 * the network with Grafana's anonymous admin behind it).
 */
class ObservabilityStackIT {

  private static final Path STACK =
      Path.of(System.getProperty("poolagent.dashboard")).getParent().getParent().getParent();
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private static final Pattern IMAGE = Pattern.compile("^\\s*image:\\s*(\\S+)\\s*(#.*)?$");
  private static final Pattern PORT =
      Pattern.compile("^\\s*-\\s*\"((?:[\\d.]+:)?\\d+:\\d+)\"\\s*(#.*)?$");
  private static final Pattern MOUNT = Pattern.compile("^\\s*-\\s*\\./([^:]+):/.*$");

  @Test
  void promtoolAcceptsThePrometheusConfiguration() throws Exception {
    assertThat(PROMTOOL)
        .as("promtool comes with Debian's prometheus package: apt-get install prometheus"
            + " (.ci/run does it)")
        .isExecutable();
    String config = STACK.resolve("prometheus.yml").toString();
    ChildJvm.Result check =
        ChildJvm.waitFor(
            new ProcessBuilder(PROMTOOL.toString(), "check", "config", config).start(), null);

    assertThat(check.exitCode()).as(check.describe()).isZero();
    assertThat(check.stdout()).as(check.describe()).contains("SUCCESS");
  }

  @Test
  void everyImageIsPinnedAndJaegerIsVersionTwo() throws Exception {
    List<String> images = matches(IMAGE);

    assertThat(images)
        .hasSize(3)
        .allSatisfy(image -> assertThat(image).matches("[\\w./-]+:v?\\d+\\.\\d+\\.\\d+"));
    assertThat(images).anySatisfy(image -> assertThat(image).contains("jaegertracing/jaeger:2."));
    assertThat(images).noneSatisfy(image -> assertThat(image).contains("all-in-one"));
  }

  @Test
  void everyPortIsPublishedOnLoopbackOnly() throws Exception {
    assertThat(matches(PORT))
        .contains("127.0.0.1:4318:4318", "127.0.0.1:16686:16686", "127.0.0.1:3000:3000")
        .allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
  }

  @Test
  void everyMountedFileExists() throws Exception {
    assertThat(matches(MOUNT))
        .contains("jaeger.yaml", "prometheus.yml", "grafana/provisioning", "grafana/dashboards")
        .allSatisfy(mounted -> assertThat(STACK.resolve(mounted)).exists());
  }

  private static List<String> matches(Pattern pattern) throws Exception {
    List<String> found = new ArrayList<>();
    for (String line : Files.readAllLines(STACK.resolve("docker-compose.yml"))) {
      Matcher m = pattern.matcher(line);
      if (m.matches()) {
        found.add(m.group(1));
      }
    }
    return found;
  }
}
