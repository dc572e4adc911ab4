package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report.Exhaustion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timeouts grouped into episodes, by a fake clock. */
class ExhaustionEpisodesTest {

  private static final long SECOND = 1_000_000_000L;
  private static final String SITE = "com.acme.batch.ExportJob.run(ExportJob.java:41)";

  private final Clock clock = new Clock();
  private final long t0 = clock.originNanos();
  private final ExhaustionEpisodes episodes = new ExhaustionEpisodes();

  @Test
  void timeoutsOfAPoolKeptDryAreOneEpisodeWithTheFirstExplanation() {
    // Three threads time out one after the other, each having waited 30 s; the second explained.
    episodes.timedOut(t0, t0 + 30 * SECOND, null);
    episodes.timedOut(t0 + 5 * SECOND, t0 + 35 * SECOND, explained(7));
    // Began waiting 9 s after the last timeout: the pool may not have recovered in between.
    episodes.timedOut(t0 + 44 * SECOND, t0 + 74 * SECOND, explained(3));

    List<Exhaustion> report = episodes.report(clock).episodes();

    assertThat(report).singleElement().satisfies(e -> {
      assertThat(Instant.parse(e.start())).isEqualTo(clock.instantOf(t0 + 30 * SECOND));
      assertThat(Instant.parse(e.end())).isEqualTo(clock.instantOf(t0 + 74 * SECOND));
      assertThat(e.timeouts()).isEqualTo(3);
      assertThat(e.held()).isEqualTo(7);
      assertThat(e.holders()).singleElement().satisfies(h -> {
        assertThat(h.callSite()).isEqualTo(SITE);
        assertThat(h.count()).isEqualTo(7);
        assertThat(h.longestHeldMillis()).isEqualTo(42_000);
        assertThat(h.threads()).containsExactly("export-1");
        assertThat(h.stack()).containsExactly(SITE);
      });
      assertThat(e.collected()).isEmpty();
    });
    assertThat(episodes.report(clock).omitted()).isZero();
  }

  @Test
  void aBorrowThatBeganWaitingPastTheGapStartsANewEpisode() {
    episodes.timedOut(t0, t0 + SECOND, explained(2));
    long later = t0 + SECOND + ExhaustionEpisodes.GAP_NANOS + 1;
    episodes.timedOut(later, later + SECOND, explained(4));

    List<Exhaustion> report = episodes.report(clock).episodes();

    assertThat(report).hasSize(2);
    assertThat(report).extracting(Exhaustion::held).containsExactly(2L, 4L);
    assertThat(report).extracting(Exhaustion::timeouts).containsExactly(1L, 1L);
  }

  @Test
  void theFirstAndTheLatestEpisodesAreKeptAndTheRestCounted() {
    int all = ExhaustionEpisodes.FIRST + ExhaustionEpisodes.LATEST + 15;
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < all; i++) {
      long at = t0 + i * 60 * SECOND;
      starts.add(at);
      episodes.timedOut(at, at + SECOND, explained(i + 1));
    }

    List<Exhaustion> report = episodes.report(clock).episodes();

    assertThat(report).hasSize(ExhaustionEpisodes.FIRST + ExhaustionEpisodes.LATEST);
    assertThat(episodes.report(clock).omitted()).isEqualTo(15);
    List<Long> held = new ArrayList<>();
    for (int i = 0; i < ExhaustionEpisodes.FIRST; i++) {
      held.add((long) i + 1);
    }
    for (int i = all - ExhaustionEpisodes.LATEST; i < all; i++) {
      held.add((long) i + 1);
    }
    assertThat(report).extracting(Exhaustion::held).containsExactlyElementsOf(held);
  }

  @Test
  void anEpisodeKeepsTheCallSitesHoldingTheMost() {
    List<PoolExhaustion.Holder> holders = new ArrayList<>();
    for (int i = 0; i < ExhaustionEpisodes.MAX_HOLDERS + 5; i++) {
      holders.add(new PoolExhaustion.Holder("site" + i, 20 - i, SECOND, List.of("t"), List.of()));
    }
    episodes.timedOut(
        t0,
        t0 + SECOND,
        new PoolExhaustion("orders", 0, "timeout", 200, holders, holders, null));

    Exhaustion episode = episodes.report(clock).episodes().get(0);

    assertThat(episode.held()).isEqualTo(200);
    assertThat(episode.holders()).hasSize(ExhaustionEpisodes.MAX_HOLDERS);
    assertThat(episode.holders().get(0).callSite()).isEqualTo("site0");
    assertThat(episode.collected()).hasSize(ExhaustionEpisodes.MAX_HOLDERS);
    assertThat(episode.collected().get(0).callSite()).isEqualTo("site0");
  }

  private static PoolExhaustion explained(int held) {
    return new PoolExhaustion(
        "orders",
        0,
        "SQLTransientConnectionException: orders - Connection is not available",
        held,
        List.of(
            new PoolExhaustion.Holder(SITE, held, 42 * SECOND, List.of("export-1"), List.of(SITE))),
        List.of(),
        null);
  }
}
