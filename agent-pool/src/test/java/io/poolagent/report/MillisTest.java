package io.poolagent.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MillisTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0 ms",
    "0.4, 0.4 ms",
    "0.043, 0.043 ms",
    "3.14, 3.1 ms",
    "9.99, 10 ms",
    "12.25, 12 ms",
    "999.4, 999 ms",
    "999.6, 1 s",
    "1520, 1.52 s",
    "12345, 12.3 s",
    "61000, 1 min 1 s",
    "120000, 2 min",
    "3600000, 1 h",
    "11100000, 3 h 5 min",
  })
  void formatsForPeople(double millis, String expected) {
    assertThat(Millis.format(millis)).isEqualTo(expected);
  }
}
