package org.sockstap.api;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a relayed connection ended.
 *
 * @param protocol the protocol it was handled as, or {@code null} when it was relayed opaquely
 *     or never got that far
 * @param outcome the kind of ending
 * @param bytesFromClient bytes received from the client after the SOCKS negotiation
 * @param bytesFromServer bytes received from the server
 * @param duration from accept to close
 * @param detail a short reason for anything but {@link Outcome#COMPLETED}, or {@code null}
 */
public record ConnectionSummary(
    @Nullable String protocol,
    Outcome outcome,
    long bytesFromClient,
    long bytesFromServer,
    Duration duration,
    @Nullable String detail) {

  /** Validates the fields. */
  public ConnectionSummary {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(duration, "duration");
  }

  /** The kind of ending of a connection. */
  public enum Outcome {
    /** Both sides finished normally. */
    COMPLETED,
    /** Refused by an access rule or a policy. */
    REJECTED,
    /** The server could not be reached (refused, unreachable, connect timeout). */
    UNREACHABLE,
    /** A side was idle too long. */
    TIMED_OUT,
    /** A side broke the protocol, reset the connection, or a handler failed. */
    FAILED,
    /** The server was closed while the connection was live. */
    SHUT_DOWN
  }
}
