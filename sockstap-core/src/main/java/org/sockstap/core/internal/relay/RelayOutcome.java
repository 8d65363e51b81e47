package org.sockstap.core.internal.relay;

import org.jspecify.annotations.Nullable;

/**
 * How a relay ended.
 *
 * @param kind completed, timed out or failed
 * @param detail what failed, or null
 */
public record RelayOutcome(Kind kind, @Nullable String detail) {
  /** Both directions reached end of stream. */
  public static final RelayOutcome COMPLETED = new RelayOutcome(Kind.COMPLETED, null);

  /** Neither direction moved a byte for the idle timeout. */
  public static final RelayOutcome TIMED_OUT = new RelayOutcome(Kind.TIMED_OUT, "idle timeout");

  /**
   * Returns a failure.
   *
   * @param detail what failed
   * @return the outcome
   */
  public static RelayOutcome failed(String detail) {
    return new RelayOutcome(Kind.FAILED, detail);
  }

  /** The kinds of ending. */
  public enum Kind {
    /** Normal end. */
    COMPLETED,
    /** Idle. */
    TIMED_OUT,
    /** Reset or broken. */
    FAILED
  }
}
