package org.sockstap.protocols.http.wire;

import java.io.IOException;

/**
 * A message that breaks HTTP/1.x syntax or framing rules, with the status a proxy should answer.
 *
 * <p>For a request from a client the status is 400 (malformed), 413 (content too large), 414
 * (request line too long), 431 (header or trailer section too large), 501 (a transfer coding that
 * is not supported) or 505 (HTTP version not supported); the proxy answers it and closes the
 * connection, since after a framing error nothing that follows can be trusted. For a response
 * from a server the status is always 502: the proxy answers 502 (if nothing was sent to the
 * client yet) and closes the upstream connection instead of reusing it.
 *
 * <p>The message names the problem and, where there is one, the offending value in the form
 * {@code name: value (expected: rule)}, with control characters escaped as {@code \xNN}.
 */
public class HttpParseException extends IOException {

  /** Serial form version. */
  private static final long serialVersionUID = 1L;

  /** The status a proxy should answer. */
  private final int status;

  /**
   * Creates the exception.
   *
   * @param status the status a proxy should answer, 400 to 599
   * @param message what is wrong, on one line
   * @throws IllegalArgumentException if {@code status} is not 400 to 599
   */
  public HttpParseException(int status, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status: " + status + " (expected: 400-599)");
    }
    this.status = status;
  }

  /**
   * Returns the status a proxy should answer.
   *
   * @return 400, 413, 414, 431, 501 or 505 for requests; 502 for responses
   */
  public int status() {
    return status;
  }
}
