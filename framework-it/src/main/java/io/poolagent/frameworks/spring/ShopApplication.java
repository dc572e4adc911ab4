package io.poolagent.frameworks.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service as users write them: Spring Data JPA on Hibernate over HikariCP,
 * PostgreSQL; built here on Spring Boot 3 (Hibernate 6), and on Spring Boot 4 (Hibernate 7) by
 * {@code runtimes/spring-boot-4}. It does its work at startup ({@link ShopRunner}) and exits, so a
 * test can compare its output and exit code with and without the agent. {@code --plant-leak} adds
 * one connection leak through Spring's own API, {@code --plant-plain-leak} one through {@code
 * DataSource.getConnection()}.
 */
@SpringBootApplication
public class ShopApplication {

  public static void main(String[] args) {
    // exit() closes the context (and with it the Hikari pool) before the JVM ends, as a service
    // stopped normally does.
    System.exit(SpringApplication.exit(SpringApplication.run(ShopApplication.class, args)));
  }
}
