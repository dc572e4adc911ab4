package io.poolagent.frameworks.spring;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data generates it. */
public interface CustomerRepository extends JpaRepository<Customer, Long> {}
