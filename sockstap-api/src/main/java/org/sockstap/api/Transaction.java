package org.sockstap.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One protocol exchange on a tapped connection, as a handler reports it: an HTTP request and its
 * response, an FTP transfer, an SMTP envelope. Listeners receive it; access logs are written from
 * it.
 *
 * @param protocol the protocol name
 * @param command what the client asked for, for example {@code GET http://host/path}; never a
 *     password
 * @param outcome how it ended in the protocol's terms, for example {@code 200} or {@code 550}
 * @param bytesFromClient request bytes, including any body
 * @param bytesToClient response bytes, including any body
 * @param duration from the first request byte to the last response byte
 * @param attributes further fields (cache status, route, ...), copied
 */
public record Transaction(
    String protocol,
    String command,
    String outcome,
    long bytesFromClient,
    long bytesToClient,
    Duration duration,
    Map<String, String> attributes) {

  /** Validates and copies the fields. */
  public Transaction {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(duration, "duration");
    attributes = Map.copyOf(attributes);
    if (bytesFromClient < 0 || bytesToClient < 0) {
      throw new IllegalArgumentException(
          "bytes: " + bytesFromClient + "/" + bytesToClient + " (expected: >= 0)");
    }
  }

  /**
   * Returns a transaction with no byte counts, no duration and no attributes.
   *
   * @param protocol the protocol name
   * @param command what the client asked for
   * @param outcome how it ended
   * @return the transaction
   */
  public static Transaction of(String protocol, String command, String outcome) {
    return new Transaction(protocol, command, outcome, 0, 0, Duration.ZERO, Map.of());
  }
}
