package org.sockstap.core.internal.route;

import java.io.IOException;

/** A connect that failed for a reason the SOCKS client should be told about. */
public final class UpstreamFailure extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why a connect failed, in the terms of SOCKS5 reply codes. */
  public enum Kind {
    /** Reply 0x01: general failure (an upstream proxy answered something unusable). */
    GENERAL_FAILURE,
    /** Reply 0x02: an upstream proxy's rules refused it. */
    NOT_ALLOWED,
    /** Reply 0x03. */
    NETWORK_UNREACHABLE,
    /** Reply 0x04 (also a name that does not resolve). */
    HOST_UNREACHABLE,
    /** Reply 0x05. */
    CONNECTION_REFUSED,
    /** Reply 0x06: the connect timed out. */
    TTL_EXPIRED
  }

  private final Kind kind;

  /**
   * Creates the failure.
   *
   * @param kind the reason
   * @param message what happened, for logs
   */
  public UpstreamFailure(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /**
   * Creates the failure with a cause.
   *
   * @param kind the reason
   * @param message what happened, for logs
   * @param cause the underlying exception
   */
  public UpstreamFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /**
   * Returns the reason.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }
}
