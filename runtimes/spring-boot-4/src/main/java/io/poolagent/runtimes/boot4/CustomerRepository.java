package io.poolagent.runtimes.boot4;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data generates it. */
public interface CustomerRepository extends JpaRepository<Customer, Long> {}
