package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcUrlsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // query string
        "jdbc:postgresql://db:5432/shop?user=app&password=s3cret | jdbc:postgresql://db:5432/shop",
        "jdbc:mariadb://db/shop?password=s3cret&useSsl=true       | jdbc:mariadb://db/shop",
        // H2 and SQL Server style ;KEY=value settings
        "jdbc:h2:mem:shop;USER=app;PASSWORD=s3cret                | jdbc:h2:mem:shop",
        "jdbc:h2:tcp://db:9092/mem:shop;PASSWORD=s3cret           | jdbc:h2:tcp://db:9092/mem:shop",
        "jdbc:sqlserver://db:1433;user=app;password=s3cret        | jdbc:sqlserver://db:1433",
        // user info before the host
        "jdbc:mysql://app:s3cret@db:3306/shop                     | jdbc:mysql://db:3306/shop",
        "jdbc:postgresql://app:s3cret@db:5432/shop?ssl=true       | jdbc:postgresql://db:5432/shop",
        "jdbc:mysql://app:p@ss@s3cret@db/shop                     | jdbc:mysql://db/shop",
      })
  void stripsEverythingThatMayHoldASecret(String url, String redacted) {
    assertThat(JdbcUrls.redact(url)).isEqualTo(redacted);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:oracle:thin:scott/s3cret@db:1521:ORCL",
        "jdbc:oracle:thin:scott/s3cret@//db:1521/ORCL",
        "jdbc:oracle:thin:scott/s3cret@(DESCRIPTION=(ADDRESS=(HOST=db)(PORT=1521)))"
      })
  void stripsOracleThinUserAndPassword(String url) {
    String redacted = JdbcUrls.redact(url);

    assertThat(redacted).startsWith("jdbc:oracle:thin:").doesNotContain("s3cret", "scott");
    assertThat(redacted).contains("1521");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:h2:mem:shop",
        "jdbc:h2:./data/shop",
        "jdbc:postgresql://db:5432/shop",
        "jdbc:mariadb://db:3306/shop",
        "jdbc:mysql://db/shop",
        "jdbc:sqlite:/var/lib/shop.db",
        "jdbc:derby:memory:shop"
      })
  void leavesPlainUrlsIntact(String url) {
    assertThat(JdbcUrls.redact(url)).isEqualTo(url);
  }

  /**
   * Oracle's own URL syntax puts an {@code @} before the host whether or not credentials come
   * first; without credentials there is nothing to strip and the URL users configured should read
   * the same in the report.
   */
  @ParameterizedTest
  @ValueSource(strings = {"jdbc:oracle:thin:@db:1521:ORCL", "jdbc:oracle:thin:@//db:1521/ORCL"})
  void leavesPlainOracleUrlsIntact(String url) {
    assertThat(JdbcUrls.redact(url)).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://db/shop?password=s3cret",
        "jdbc:h2:mem:shop;PASSWORD=s3cret",
        "jdbc:mysql://app:s3cret@db/shop",
        "jdbc:oracle:thin:app/s3cret@db:1521:ORCL",
        "jdbc:sqlserver://db;password=s3cret",
        "jdbc:h2:mem:shop;USER=app;PASSWORD=s3cret;MODE=PostgreSQL",
        "jdbc:postgresql://app:s3cret@db/shop?password=s3cret",
        "jdbc:db2://db:50000/SHOP:user=app;password=s3cret;"
      })
  void neverReturnsTheSecret(String url) {
    assertThat(JdbcUrls.redact(url)).doesNotContain("s3cret");
  }

  /**
   * IBM Db2's URL (a driver the agent knows: {@code com.ibm.db2.} frames are infrastructure) puts
   * its properties after the database name and a {@code :}, each ended by {@code ;}, in any order.
   */
  @Test
  void stripsDb2PropertiesWhicheverComesFirst() {
    assertThat(JdbcUrls.redact("jdbc:db2://db:50000/SHOP:password=s3cret;user=app;"))
        .doesNotContain("s3cret");
  }

  @Test
  void noUrlIsUnknown() {
    assertThat(JdbcUrls.redact(null)).isEqualTo("unknown");
  }
}
