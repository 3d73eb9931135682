package io.fileconsul.store;

/**
 * The store refused a transaction for holding more operations than it takes, before applying any of
 * them; {@link KvStore#limits()} now says the real limit, and the caller sends smaller batches.
 */
public final class OpsLimitExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int maxOps;

  public OpsLimitExceeded(int maxOps) {
    super("the store takes at most " + maxOps + " operations per transaction");
    this.maxOps = maxOps;
  }

  public int maxOps() {
    return maxOps;
  }
}
