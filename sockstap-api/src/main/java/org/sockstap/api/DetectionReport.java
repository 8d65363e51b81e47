package org.sockstap.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the protocol of a connection was decided.
 *
 * @param protocol the protocol recognised, or {@code null} when the connection is relayed
 *     opaquely
 * @param decidedBy how: {@code client-bytes}, {@code server-bytes}, {@code port-tiebreak},
 *     {@code no-match}, {@code timeout}, {@code prefix-full}, {@code not-tapped}, ...
 * @param clientBytes how many client bytes were examined
 * @param serverBytes how many server bytes were examined
 */
public record DetectionReport(
    @Nullable String protocol, String decidedBy, int clientBytes, int serverBytes) {

  /** Validates the fields. */
  public DetectionReport {
    Objects.requireNonNull(decidedBy, "decidedBy");
  }
}
