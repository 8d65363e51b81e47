package org.sockstap.core.internal.detect;

import org.jspecify.annotations.Nullable;
import org.sockstap.api.ProtocolDetector;

/**
 * What detection decided, with every byte it read.
 *
 * @param detector the winning detector, or null for the opaque relay (or, in a non-final round,
 *     not decided yet)
 * @param decidedBy how it was decided, for the log and the listeners
 * @param clientPrefix every client byte read so far, none of it sent to the server yet
 * @param serverPrefix every server byte read so far
 * @param serverForwarded how many of {@code serverPrefix} were already written to the client
 * @param clientEnded whether the client closed its side
 * @param serverEnded whether the server closed its side
 */
public record DetectionResult(
    @Nullable ProtocolDetector detector,
    String decidedBy,
    byte[] clientPrefix,
    byte[] serverPrefix,
    int serverForwarded,
    boolean clientEnded,
    boolean serverEnded) {

  /**
   * Returns whether a later round may still decide (lazy mode, before the server connect).
   *
   * @return true when undecided
   */
  public boolean undecided() {
    return detector == null && "undecided".equals(decidedBy);
  }
}
