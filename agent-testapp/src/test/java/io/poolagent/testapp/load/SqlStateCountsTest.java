package io.poolagent.testapp.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlStateCountsTest {

  @Test
  void nothingFailedPrintsNone() {
    assertThat(new SqlStateCounts()).hasToString("none");
  }

  @Test
  void countsByStateInAStableOrderAcrossWorkers() {
    SqlStateCounts first = new SqlStateCounts();
    first.record(new SQLException("sorry, too many clients already", "53300"));
    first.record(new SQLException("connection reset", "08006"));
    SqlStateCounts second = new SqlStateCounts();
    second.record(new SQLException("sorry, too many clients already", "53300"));

    first.add(second);

    assertThat(first).hasToString("08006=1 53300=2");
  }

  @Test
  void aWrapperWithoutStateCountsUnderItsCausesState() {
    SQLException refused = new SQLException("too many connections for role", "53300");

    assertThat(SqlStateCounts.stateOf(new SQLTransientConnectionException("timeout", refused)))
        .isEqualTo("53300");
    assertThat(SqlStateCounts.stateOf(new SQLException("no state at all")))
        .isEqualTo(SqlStateCounts.UNKNOWN);
  }
}
