package io.poolagent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report.Advice;
import io.poolagent.report.SizingAdvice.Observed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizingAdviceTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MILLI = 1_000_000L;

  /** {@code borrows} borrows over {@code seconds}, every one returned after {@code holdMillis}. */
  private static Observed steady(
      long seconds,
      long borrows,
      long holdMillis,
      double waitP95Millis,
      Long timeouts,
      Integer max) {
    return new Observed(
        seconds * SECOND,
        borrows,
        borrows,
        borrows * holdMillis * MILLI,
        waitP95Millis,
        timeouts,
        max);
  }

  @Test
  void littlesLawGivesTheMeanInUseAndErlangCTheSuggestedMaximum() {
    // λ = 2,000 borrows / 10 s = 200/s, W = 50 ms: L = 10 connections in use on average. At 18,
    // 1.6% of random borrows would wait; at 19, 0.8%.
    Advice advice = SizingAdvice.of(steady(10, 2_000, 50, 0.02, 0L, null));

    assertThat(advice.observedSeconds()).isEqualTo(10.0);
    assertThat(advice.arrivalsPerSecond()).isEqualTo(200.0);
    assertThat(advice.meanHoldMillis()).isEqualTo(50.0);
    assertThat(advice.meanInUse()).isEqualTo(10.0);
    assertThat(advice.suggestedMaxSize()).isEqualTo(19);
    assertThat(advice.configuredMaxSize()).isNull();
    assertThat(advice.timeouts()).isZero();
    assertThat(advice.bottleneck()).isFalse();
    assertThat(advice.reason())
        .isEqualTo(
            "pool was not the bottleneck: p95 wait 0.02 ms, no timeouts; suggested maximum 19");
  }

  @Test
  void slowWaitsAndTimeoutsMakeThePoolTheBottleneck() {
    Advice advice = SizingAdvice.of(steady(10, 2_000, 50, 120, 3L, 24));

    assertThat(advice.bottleneck()).isTrue();
    assertThat(advice.reason())
        .isEqualTo(
            "pool was the bottleneck: p95 wait 120 ms, 3 timeouts; suggested maximum 19 (now 24)"
                + "; the mean load fits in 24, so bursts or long holds made borrows wait");
  }

  @Test
  void aPoolTooSmallForItsLoadIsToldItsSizeNextToTheSuggestion() {
    Advice advice = SizingAdvice.of(steady(10, 2_000, 50, 120, 3L, 10));

    assertThat(advice.bottleneck()).isTrue();
    assertThat(advice.configuredMaxSize()).isEqualTo(10);
    assertThat(advice.reason())
        .isEqualTo(
            "pool was the bottleneck: p95 wait 120 ms, 3 timeouts,"
                + " 10 of 10 connections in use on average; suggested maximum 19 (now 10)");
  }

  @Test
  void oneTimeoutIsEnoughEvenWithQuickWaits() {
    Advice advice = SizingAdvice.of(steady(10, 2_000, 50, 0.02, 1L, 50));

    assertThat(advice.bottleneck()).isTrue();
    assertThat(advice.reason()).startsWith("pool was the bottleneck: p95 wait 0.02 ms, 1 timeout;");
  }

  @ParameterizedTest
  @CsvSource({"0.99, false", "1.0, true", "250, true"})
  void aP95WaitOfAMillisecondIsABottleneck(double waitP95Millis, boolean bottleneck) {
    assertThat(SizingAdvice.of(steady(10, 2_000, 50, waitP95Millis, 0L, null)).bottleneck())
        .isEqualTo(bottleneck);
  }

  @ParameterizedTest
  @CsvSource({
    // borrows in 10 s with 50 ms holds -> L; max 10: 90% is the line
    "1780, false", // L = 8.9
    "1800, true", // L = 9.0
  })
  void nearlyEveryConfiguredConnectionInUseIsABottleneck(long borrows, boolean bottleneck) {
    Advice advice = SizingAdvice.of(steady(10, borrows, 50, 0.02, 0L, 10));

    assertThat(advice.bottleneck()).isEqualTo(bottleneck);
    assertThat(advice.suggestedMaxSize()).isEqualTo(18);
  }

  @Test
  void withoutAKnownMaximumOnlyWaitsAndTimeoutsCount() {
    // L = 9.9: saturated for a pool of 10, but nobody said it has 10.
    assertThat(SizingAdvice.of(steady(10, 1_980, 50, 0.02, 0L, null)).bottleneck()).isFalse();
  }

  @Test
  void timeoutsThatAreNotRecognisedAreNotSaidToBeZero() {
    Advice advice = SizingAdvice.of(steady(10, 2_000, 50, 0.02, null, null));

    assertThat(advice.timeouts()).isNull();
    assertThat(advice.reason())
        .isEqualTo("pool was not the bottleneck: p95 wait 0.02 ms; suggested maximum 19");
  }

  @Test
  void tooFewReturnedLeasesGiveNoNumbers() {
    Advice advice =
        SizingAdvice.of(new Observed(60 * SECOND, 120, 99, 99 * 50 * MILLI, 0.02, 0L, 10));

    assertThat(advice.observedSeconds()).isEqualTo(60.0);
    assertThat(advice.arrivalsPerSecond()).isNull();
    assertThat(advice.meanHoldMillis()).isNull();
    assertThat(advice.meanInUse()).isNull();
    assertThat(advice.suggestedMaxSize()).isNull();
    assertThat(advice.configuredMaxSize()).isEqualTo(10);
    assertThat(advice.bottleneck()).isNull();
    assertThat(advice.reason())
        .isEqualTo(
            "not enough data to advise: 99 returned leases over 1 min;"
                + " the advice needs at least 100 over at least 5 s");
  }

  @Test
  void tooShortARunGivesNoNumbers() {
    Advice advice =
        SizingAdvice.of(new Observed(4_900 * MILLI, 5_000, 5_000, 5_000 * MILLI, 0.02, 0L, null));

    assertThat(advice.suggestedMaxSize()).isNull();
    assertThat(advice.bottleneck()).isNull();
    assertThat(advice.reason())
        .isEqualTo(
            "not enough data to advise: 5000 returned leases over 4.9 s;"
                + " the advice needs at least 100 over at least 5 s");
  }

  @Test
  void aTimeoutMakesTheVerdictEvenInAShortRun() {
    Advice advice = SizingAdvice.of(new Observed(800 * MILLI, 3, 2, 1_000 * MILLI, 0.1, 1L, 2));

    assertThat(advice.bottleneck()).isTrue();
    assertThat(advice.suggestedMaxSize()).isNull();
    assertThat(advice.reason())
        .isEqualTo(
            "pool was the bottleneck: 1 timeout; not enough data to suggest a maximum size"
                + " (2 returned leases over 800 ms;"
                + " the advice needs at least 100 over at least 5 s)");
  }

  @Test
  void aNearlyIdlePoolIsStillSuggestedTwo() {
    // 1 borrow a second held 1 ms: L = 0.001, one connection would do 99.9% of the time.
    Advice advice = SizingAdvice.of(steady(600, 600, 1, 0.01, 0L, null));

    assertThat(advice.meanInUse()).isEqualTo(0.001);
    assertThat(advice.suggestedMaxSize()).isEqualTo(2);
  }

  @Test
  void numbersAreRoundedAsTheJsonWritesThem() {
    // 1,000 borrows in 7 s: 142.857.../s; 300 returned, held 100 ms in all: 0.333... ms each.
    Advice advice =
        SizingAdvice.of(new Observed(7 * SECOND, 1_000, 300, 100 * MILLI, 0.5, 0L, null));

    assertThat(advice.arrivalsPerSecond()).isEqualTo(142.857);
    assertThat(advice.meanHoldMillis()).isEqualTo(0.333);
    assertThat(advice.meanInUse()).isEqualTo(0.048);
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "0.5, 4", "1, 5", "2, 7", "5, 12", "10, 19", "20, 32", "50, 68", "100, 125"})
  void erlangCSizesOfKnownLoads(double load, int size) {
    assertThat(SizingAdvice.erlangCSize(load, 0.01)).isEqualTo(size);
  }

  @Test
  void erlangCSizeAgreesWithTheTextbookFormula() {
    for (double load = 0.05; load < 60; load += 0.37) {
      int size = SizingAdvice.erlangCSize(load, 0.01);

      assertThat(textbookErlangC(size, load))
          .as("C(%d, %.2f)", size, load)
          .isLessThanOrEqualTo(0.01);
      if (size - 1 > load) {
        assertThat(textbookErlangC(size - 1, load))
            .as("C(%d, %.2f)", size - 1, load)
            .isGreaterThan(0.01);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "0.001, 0.001", "0.04801, 0.048", "9.95, 9.95", "10, 10", "142.857, 143"})
  void decimalsKeepThreeSignificantDigits(double value, String text) {
    assertThat(SizingAdvice.decimal(value)).isEqualTo(text);
  }

  /**
   * C(c, A) = (A^c / c!) (c / (c - A)) / (sum over k < c of A^k / k! + (A^c / c!) (c / (c - A))).
   */
  private static double textbookErlangC(int servers, double load) {
    double term = 1;
    double sum = 0;
    for (int k = 0; k < servers; k++) {
      sum += term;
      term = term * load / (k + 1);
    }
    double waiting = term * servers / (servers - load);
    return waiting / (sum + waiting);
  }
}
