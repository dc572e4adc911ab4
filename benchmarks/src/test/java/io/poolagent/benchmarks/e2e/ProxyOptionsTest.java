package io.poolagent.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProxyOptionsTest {

  @Test
  void aBarePortListensOnLoopback() {
    ProxyOptions options =
        ProxyOptions.parse(
            new String[] {"--listen", "15432", "--target", "127.0.0.1:5432", "--delay", "5ms"});

    assertThat(options.listen().getAddress().isLoopbackAddress()).isTrue();
    assertThat(options.listen().getPort()).isEqualTo(15432);
    assertThat(options.target().getPort()).isEqualTo(5432);
    assertThat(options.delay()).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void refusesToListenBeyondLoopback() {
    String[] args = {"--listen", "0.0.0.0:15432", "--target", "127.0.0.1:5432", "--delay", "5ms"};

    assertThatThrownBy(() -> ProxyOptions.parse(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback");
  }

  @Test
  void readsDelaysAsTheTestAppWritesThem() {
    assertThat(ProxyOptions.duration("0")).isZero();
    assertThat(ProxyOptions.duration("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> ProxyOptions.duration("5 minutes"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
