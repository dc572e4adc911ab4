package io.poolagent.runtimes.boot4;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot 4 service as users write them: Spring Data JPA on Hibernate 7 over HikariCP,
 * PostgreSQL. It does its work at startup ({@link ShopRunner}) and exits, so a test can compare
 * its output and exit code with and without the agent. Two of its reads leak their connection
 * ({@link OrderService}).
 */
@SpringBootApplication
public class ShopApplication {

  public static void main(String[] args) {
    // exit() closes the context (and with it the Hikari pool) before the JVM ends, as a service
    // stopped normally does.
    System.exit(SpringApplication.exit(SpringApplication.run(ShopApplication.class, args)));
  }
}
