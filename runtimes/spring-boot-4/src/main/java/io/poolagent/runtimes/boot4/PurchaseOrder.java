package io.poolagent.runtimes.boot4;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

/** An order of a customer. */
@Entity
public class PurchaseOrder {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  // Lazy: loading an order gives a Hibernate proxy of its customer, a class Hibernate 7 generates
  // at run time with its own Byte Buddy, next to the agent's relocated copy.
  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  private Customer customer;

  private long amountCents;

  protected PurchaseOrder() {}

  public PurchaseOrder(Customer customer, long amountCents) {
    this.customer = customer;
    this.amountCents = amountCents;
  }

  public Long getId() {
    return id;
  }

  public Customer getCustomer() {
    return customer;
  }

  public long getAmountCents() {
    return amountCents;
  }
}
