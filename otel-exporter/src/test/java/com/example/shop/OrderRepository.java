package com.example.shop;

import java.util.function.Supplier;

/**
 * Application code for the tests that check call sites. The tests live in {@code
 * io.poolagent.otel}, which the agent treats as its own package (its frames are never a call site),
 * so a borrow that must show an application call site is made from here.
 */
public final class OrderRepository {

  /** Where {@link #find} borrows, as the agent names call sites. */
  public static final String CALL_SITE =
      "com.example.shop.OrderRepository.find(OrderRepository.java:18)";

  /** Runs {@code borrow} from {@link #CALL_SITE} on the calling thread. */
  public <T> T find(Supplier<T> borrow) {
    return borrow.get();
  }
}
