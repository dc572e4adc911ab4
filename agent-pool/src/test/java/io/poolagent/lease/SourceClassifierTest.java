package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

// Pools: SourceClassifierPoolsTest, with every real pool's DataSource.
class SourceClassifierTest {

  @Test
  void h2DataSourceIsNonPooling() {
    assertThat(SourceClassifier.kind(JdbcDataSource.class)).isEqualTo(SourceKind.NON_POOLING);
    assertThat(SourceClassifier.vendor(JdbcDataSource.class)).isEqualTo("datasource");
  }

  @Test
  void anonymousDataSourceIsUnknown() {
    DataSource anonymous = new WrappingDataSource(new JdbcDataSource()) {};

    assertThat(SourceClassifier.kind(anonymous.getClass())).isEqualTo(SourceKind.UNKNOWN);
    assertThat(SourceClassifier.vendor(anonymous.getClass())).isEqualTo("datasource");
  }

  @Test
  void localDataSourceClassIsUnknown() {
    class TenantDataSource extends WrappingDataSource {
      TenantDataSource() {
        super(new JdbcDataSource());
      }
    }

    assertThat(SourceClassifier.kind(TenantDataSource.class)).isEqualTo(SourceKind.UNKNOWN);
    assertThat(SourceClassifier.kind(WrappingDataSource.class)).isEqualTo(SourceKind.UNKNOWN);
  }

  @Test
  void classesThatAreNoDataSourceAtAllAreUnknown() {
    assertThat(SourceClassifier.kind(String.class)).isEqualTo(SourceKind.UNKNOWN);
    assertThat(SourceClassifier.kind(Object.class)).isEqualTo(SourceKind.UNKNOWN);
  }

  @Test
  void theAnswerIsTheSameEveryTime() {
    for (int i = 0; i < 3; i++) {
      assertThat(SourceClassifier.kind(JdbcDataSource.class)).isEqualTo(SourceKind.NON_POOLING);
      assertThat(SourceClassifier.kind(WrappingDataSource.class)).isEqualTo(SourceKind.UNKNOWN);
    }
  }
}
