package io.poolagent.testapp.payments;

/**
 * A business rule refused a payment. It carries only a message, never a JDBC object, so it cannot
 * keep the leaked connection reachable.
 */
public final class PaymentRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  public PaymentRejectedException(String message) {
    super(message);
  }
}
