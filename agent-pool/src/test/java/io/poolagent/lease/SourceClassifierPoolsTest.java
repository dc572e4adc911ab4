package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every known pool's DataSource, the real class an application gets, is recognised as a pool. */
class SourceClassifierPoolsTest {

  private DataSource pool;

  @AfterEach
  void tearDown() throws Exception {
    TestPools.close(pool);
  }

  @ParameterizedTest
  @EnumSource(TestPools.class)
  void eachPoolsDataSourceIsAPoolOfItsVendor(TestPools kind) throws Exception {
    pool = kind.create(TestPools.Settings.of("jdbc:h2:mem:classifier-" + kind));

    assertThat(SourceClassifier.kind(pool.getClass())).isEqualTo(SourceKind.POOL);
    assertThat(SourceClassifier.vendor(pool.getClass())).isEqualTo(kind.vendor);
  }
}
