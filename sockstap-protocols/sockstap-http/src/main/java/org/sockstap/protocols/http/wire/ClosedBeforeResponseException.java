package org.sockstap.protocols.http.wire;

/**
 * The server closed the connection before sending a single byte of a response. On a connection
 * that already carried responses this usually means the server timed it out while it was idle,
 * so a proxy may send an idempotent request again on a new connection.
 */
public final class ClosedBeforeResponseException extends HttpParseException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception, status 502. */
  public ClosedBeforeResponseException() {
    super(502, "connection closed before the response head");
  }
}
