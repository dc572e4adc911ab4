package org.springframework.samples.clinic;

import java.util.List;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A Spring program whose own classes live in Spring's namespace, as Spring's sample applications do
 * (PetClinic is {@code org.springframework.samples.petclinic}): a Spring context, HikariCP, {@code
 * JdbcTemplate} and a transaction. Its leaks must be reported at its own lines, not in Spring's
 * frames nor under them. {@code --plant-leak} adds one leak through Spring's {@code
 * DataSourceUtils}.
 */
public final class ClinicApp {

  private ClinicApp() {}

  public static void main(String[] args) throws Exception {
    try (var context = new AnnotationConfigApplicationContext(ClinicConfig.class)) {
      VisitRepository visits = context.getBean(VisitRepository.class);
      System.out.println("visits today: " + visits.countToday());
      System.out.println("visits this week, in a transaction: " + visits.countThisWeek());
      if (List.of(args).contains("--plant-leak")) {
        long raw = visits.countOnRawConnection(); // LEAK: spring-samples-caller
        System.out.println("visits counted on a raw connection: " + raw);
      }
    }
    System.out.println("clinic done");
  }
}
