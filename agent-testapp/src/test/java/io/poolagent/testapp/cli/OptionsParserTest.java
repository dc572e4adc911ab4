package io.poolagent.testapp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolagent.testapp.db.Via;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's own defaults and limits; every other scenario keeps the plain ones. */
class OptionsParserTest {

  private final OptionsParser parser = new OptionsParser(List.of("load", "soak"));

  @Test
  void aSoakRunsTwoPacedMinutesWithAOneSecondBorrowTimeout() throws Exception {
    Options soak = parser.parse("--scenario", "soak");

    assertThat(soak.duration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(soak.think()).isEqualTo(Duration.ofMillis(20));
    assertThat(soak.borrowTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(soak.via()).isEqualTo(Via.HIKARI);
  }

  @Test
  void aSoakWithoutAPoolIsRefusedWithThePoolsThatCanRunDry() {
    assertThatThrownBy(() -> parser.parse("--scenario", "soak", "--via", "drivermanager"))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--via: bad value 'drivermanager' for --scenario soak; accepted: a pool: hikari,"
                + " dbcp2, tomcat, c3p0, agroal, vibur, ucp, druid");
  }

  @Test
  void otherScenariosKeepThePlainDefaults() throws Exception {
    Options load = parser.parse("--scenario", "load");

    assertThat(load.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(load.think()).isZero();
    assertThat(load.borrowTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(load.via()).isEqualTo(Via.DRIVER_MANAGER);
  }

  @Test
  void aShortSoakShortensItsDefaultBorrowTimeoutToAFiftiethOfTheRun() throws Exception {
    assertThat(parser.parse("--scenario", "soak", "--duration", "40s").borrowTimeout())
        .isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void aSoakTooShortForItsPhasesIsRefusedWithTheAcceptedLength() {
    assertThatThrownBy(() -> parser.parse("--scenario", "soak", "--duration", "10s"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--duration: bad value '10s' for --scenario soak; accepted: at least 30s");
  }

  @Test
  void aBorrowTimeoutThatWouldStretchTheBurstIsRefusedWithTheLongestAccepted() {
    assertThatThrownBy(
            () ->
                parser.parse(
                    "--scenario", "soak", "--duration", "1m", "--borrow-timeout", "30s"))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--borrow-timeout: bad value '30s' for --scenario soak --duration 1m;"
                + " accepted: at most 1200ms (a fiftieth of --duration)");
  }

  @Test
  void aSoakDurationThatIsNoDurationGetsTheUsualMessage() {
    assertThatThrownBy(() -> parser.parse("--scenario", "soak", "--duration", "2 minutes"))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--duration: bad value '2 minutes'; accepted: a positive duration such as 500ms, 10s"
                + " or 2m");
  }
}
