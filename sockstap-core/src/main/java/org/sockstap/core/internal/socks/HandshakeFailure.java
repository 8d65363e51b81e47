package org.sockstap.core.internal.socks;

import java.io.IOException;

/**
 * The SOCKS negotiation ended without a request to carry out. The client has already been
 * answered (where the protocol allows an answer); the connection is to be closed.
 */
public final class HandshakeFailure extends IOException {
  private static final long serialVersionUID = 1L;
  private final boolean authFailure;

  HandshakeFailure(String message, boolean authFailure) {
    super(message);
    this.authFailure = authFailure;
  }

  /**
   * Returns whether the client failed authentication (as opposed to breaking the protocol).
   *
   * @return true for an authentication failure
   */
  public boolean isAuthFailure() {
    return authFailure;
  }
}
