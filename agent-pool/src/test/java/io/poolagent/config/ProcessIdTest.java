package io.poolagent.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessIdTest {

  @Test
  void isTheIdTheJdkGivesThisProcess() {
    assertThat(ProcessId.current()).isEqualTo(ProcessHandle.current().pid());
  }
}
