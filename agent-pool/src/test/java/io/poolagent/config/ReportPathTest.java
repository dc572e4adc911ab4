package io.poolagent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportPathTest {

  @Test
  void aPlainNameIsTheFileInTheWorkingDirectory() {
    assertThat(ReportPath.resolve("pool-agent-report.json", 41, "k3x9q0ab"))
        .isEqualTo(Path.of("pool-agent-report.json").toAbsolutePath());
  }

  @Test
  void pidAndUniqueIdAreFilledIn() {
    assertThat(ReportPath.resolve("target/pool-agent/report-%p-%u.json", 41, "k3x9q0ab"))
        .isEqualTo(Path.of("target/pool-agent/report-41-k3x9q0ab.json").toAbsolutePath());
    assertThat(ReportPath.resolve("/tmp/%p/%p.json", 7, "u"))
        .isEqualTo(Path.of("/tmp/7/7.json"));
    assertThat(ReportPath.resolve("100%%-%p.json", 7, "u"))
        .isEqualTo(Path.of("100%-7.json").toAbsolutePath());
  }

  @Test
  void thisJvmsNameCarriesItsPidAndTheSameIdEveryTime() {
    String name = ReportPath.resolve("r-%p-%u.json").getFileName().toString();

    assertThat(name).matches("r-" + ProcessHandle.current().pid() + "-[0-9a-z]{8}\\.json");
    // The checkpoints and the final report of one JVM go to one file.
    assertThat(ReportPath.resolve("r-%p-%u.json").getFileName().toString()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"report.json", "r-%p.json", "r-%u.json", "%%.json", "%p/%u/%%"})
  void knownPartsAreValid(String pattern) {
    assertThat(ReportPath.valid(pattern)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"r-%d.json", "r-%P.json", "r-%.json", "report%", "r-%t-%p.json"})
  void anyOtherPercentIsNot(String pattern) {
    assertThat(ReportPath.valid(pattern)).isFalse();
  }

  @Test
  void aBadPatternIsOneLineNamingTheSettingAndWhatItAccepts() {
    assertThatThrownBy(() -> SettingsParser.parse("report=leaks-%t.json", Map.of(), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(
            "invalid report='leaks-%t.json' (agent argument report); accepted: a file path, or"
                + " none; in the file name %p is the process id, %u an id unique to the JVM,"
                + " %% a literal %");
  }
}
