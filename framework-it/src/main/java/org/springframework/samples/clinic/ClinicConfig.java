package org.springframework.samples.clinic;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/** Plain Spring configuration, no Boot: HikariCP on the local PostgreSQL, JDBC, transactions. */
@Configuration
@EnableTransactionManagement
public class ClinicConfig {

  /** The pool's name in the agent's report. */
  public static final String POOL = "spring-samples";

  @Bean(destroyMethod = "close")
  public HikariDataSource dataSource() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
    config.setUsername("postgres");
    config.setPoolName(POOL);
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }

  @Bean
  public JdbcTemplate jdbcTemplate(DataSource dataSource) {
    return new JdbcTemplate(dataSource);
  }

  @Bean
  public PlatformTransactionManager transactionManager(DataSource dataSource) {
    return new DataSourceTransactionManager(dataSource);
  }

  @Bean
  public VisitRepository visitRepository(JdbcTemplate jdbc, DataSource dataSource) {
    return new VisitRepository(jdbc, dataSource);
  }
}
