package io.poolagent.lease;

import io.poolagent.report.Report;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** All leaks of one call site: exact counts by state and a few listed samples. */
final class LeakSite {

  final String callSite;
  final Map<LeakState, Long> counts = new EnumMap<>(LeakState.class);
  final List<LeakRecord> samples = new ArrayList<>();

  LeakSite(String callSite) {
    this.callSite = callSite;
  }

  void move(LeakState from, LeakState to) {
    if (from != null && from.reportName != null) {
      counts.merge(from, -1L, Long::sum);
    }
    counts.merge(to, 1L, Long::sum);
  }

  long count(LeakState state) {
    return counts.getOrDefault(state, 0L);
  }

  long total() {
    return count(LeakState.SUSPECTED)
        + count(LeakState.LATE_RETURN)
        + count(LeakState.COLLECTED)
        + count(LeakState.OPEN_AT_EXIT);
  }

  Report.LeakSite toReport() {
    return new Report.LeakSite(
        callSite,
        total(),
        count(LeakState.SUSPECTED),
        count(LeakState.LATE_RETURN),
        count(LeakState.COLLECTED),
        count(LeakState.OPEN_AT_EXIT));
  }
}
