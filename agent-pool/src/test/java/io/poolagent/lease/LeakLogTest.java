package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.log.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeakLogTest {

  private static final String ORDERS = "com.example.Orders.open(Orders.java:12)";
  private static final String REPORTS = "com.example.Reports.run(Reports.java:40)";
  private static final long SECOND = 1_000_000_000L;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final LeakLog log = new LeakLog();

  @BeforeEach
  void captureTheAgentsLog() {
    AgentLog.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreTheAgentsLog() {
    AgentLog.setOutput(System.err);
  }

  @Test
  void aStormAtOneSitePrintsTheFirstLeaksThenOneCountAMinute() {
    for (int i = 0; i < 1_000; i++) {
      // A thousand leaks in 50 seconds: the first three get their line.
      log.leak("leak #" + i, ORDERS, LeakState.COLLECTED, i * SECOND / 20);
    }
    log.leak("suspected", ORDERS, LeakState.SUSPECTED, 61 * SECOND);

    assertThat(lines())
        .containsExactly(
            "[pool-agent] leak #0",
            "[pool-agent] leak #1",
            "[pool-agent] leak #2",
            "[pool-agent] further leaks at " + ORDERS
                + " are counted, one line a minute; the report lists every one",
            "[pool-agent] 998 more leak events at " + ORDERS
                + " in the last 60 s: 1 suspected, 997 collected");
  }

  @Test
  void eachSiteHasItsOwnFirstLines() {
    for (int i = 0; i < 4; i++) {
      log.leak("orders #" + i, ORDERS, LeakState.COLLECTED, i * SECOND);
      log.leak("reports #" + i, REPORTS, LeakState.SUSPECTED, i * SECOND);
    }

    assertThat(lines())
        .filteredOn(l -> !l.contains("further leaks"))
        .containsExactly(
            "[pool-agent] orders #0",
            "[pool-agent] reports #0",
            "[pool-agent] orders #1",
            "[pool-agent] reports #1",
            "[pool-agent] orders #2",
            "[pool-agent] reports #2");
  }

  /** The sweeper's flush: a site that went quiet still says what it counted. */
  @Test
  void aQuietSiteTellsItsCountAtTheNextFlushDue() {
    for (int i = 0; i < 5; i++) {
      log.leak("leak #" + i, ORDERS, LeakState.LATE_RETURN, i * SECOND);
    }
    log.flush(30 * SECOND);
    int beforeDue = lines().size();
    log.flush(70 * SECOND);

    assertThat(beforeDue).isEqualTo(4);
    assertThat(lines())
        .last()
        .isEqualTo(
            "[pool-agent] 2 more leak events at " + ORDERS + " in the last 68 s: 2 late returns");
    log.flush(200 * SECOND);
    assertThat(lines()).as("nothing counted since").hasSize(5);
  }

  @Test
  void pastTheBoundCallSitesAreCountedTogether() {
    for (int site = 0; site < LeakLog.MAX_SITES + 10; site++) {
      for (int i = 0; i < LeakLog.FIRST_LINES; i++) {
        log.leak("site " + site, "Site" + site + ".run(Site.java:1)", LeakState.COLLECTED, 0);
      }
    }

    assertThat(lines()).filteredOn(l -> l.contains(LeakLog.OTHER_SITES)).hasSize(1);
    assertThat(lines()).filteredOn(l -> l.equals("[pool-agent] site " + (LeakLog.MAX_SITES + 5)))
        .isEmpty();
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
