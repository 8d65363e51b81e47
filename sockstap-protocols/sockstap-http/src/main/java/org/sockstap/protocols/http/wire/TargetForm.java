package org.sockstap.protocols.http.wire;

/** The four forms of a request target (RFC 9112 §3.2). */
public enum TargetForm {
  /** {@code /path?query}: the usual form sent to an origin server. */
  ORIGIN,
  /** {@code http://host/path}: the form sent to a proxy; its authority overrides Host. */
  ABSOLUTE,
  /** {@code host:port}: only for CONNECT. */
  AUTHORITY,
  /** {@code *}: only for a server-wide OPTIONS. */
  ASTERISK
}
