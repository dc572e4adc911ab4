package io.poolagent.runtimes.boot4;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Spring Data generates it, derived and JPQL queries included. */
public interface PurchaseOrderRepository extends JpaRepository<PurchaseOrder, Long> {

  List<PurchaseOrder> findAllByOrderByIdAsc();

  @Query("select sum(o.amountCents) from PurchaseOrder o where o.customer.name = ?1")
  Long totalCentsOf(String customerName);
}
