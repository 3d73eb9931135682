package io.fileconsul.store;

import java.util.List;

/** The store rolled a transaction back (for Consul, HTTP 409); nothing in it was applied. */
public final class TxnRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One failed operation, {@code opIndex} into the request. */
  public record OpError(int opIndex, String what) {}

  private final transient List<OpError> errors;

  public TxnRejectedException(List<OpError> errors) {
    super("transaction rolled back: " + errors);
    this.errors = List.copyOf(errors);
  }

  public List<OpError> errors() {
    return errors;
  }

  public boolean permissionDenied() {
    return errors.stream().anyMatch(e -> e.what().contains("Permission denied"));
  }
}
