package org.sockstap.protocols.http.wire;

import java.io.IOException;

/**
 * The connection ended before the end of a body: fewer bytes than the Content-Length, or a
 * chunked body without its last chunk or trailer section.
 *
 * <p>A truncated body is never a complete one: a proxy must abort the connection it relays the
 * body to (so the receiver cannot mistake it for a complete message) and a cache must not store
 * it. Deliberately not an {@link java.io.EOFException}, which code often treats as a normal end.
 */
public class TruncatedBodyException extends IOException {

  /** Serial form version. */
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message how much of the body arrived
   */
  public TruncatedBodyException(String message) {
    super(message);
  }
}
