package io.poolagent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"500ms, 500", "10s, 10000", "2m, 120000", "1h, 3600000", "0ms, 0", "' 10s ', 10000"})
  void parsesAWholeNumberWithAUnit(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10",
        "s",
        "ms",
        "-1s",
        "1.5s",
        "",
        "10 s",
        "10sec",
        "1d",
        "+5s",
        "99999999999999s"
      })
  void rejectsAnythingElse(String text) {
    assertThat(Durations.parse(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "500, 500ms",
    "10000, 10s",
    "120000, 2m",
    "3600000, 1h",
    "90000, 90s",
    "1500, 1500ms",
    "7200000, 2h",
    "0, 0ms"
  })
  void formatsTheShortestExactText(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "10s", "2m", "1h", "90s", "1500ms", "30s"})
  void formatReadsBackAsTheSameDuration(String text) {
    Duration parsed = Durations.parse(text);

    assertThat(Durations.format(parsed)).isEqualTo(text);
    assertThat(Durations.parse(Durations.format(parsed))).isEqualTo(parsed);
  }
}
