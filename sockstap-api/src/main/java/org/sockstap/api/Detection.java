package org.sockstap.api;

/**
 * What a {@link ProtocolDetector} concluded from the bytes it has seen so far.
 *
 * <p>The engine calls detectors again whenever more bytes arrive, so "need more" answers are
 * cheap. Which side a detector waits for matters: when the server has spoken and no detector
 * waits for more server bytes, the engine passes the server's bytes on to the client, since a
 * client of a server-first protocol (FTP, SMTP) will not say anything before it sees the greeting.
 */
public enum Detection {
  /** The bytes are this detector's protocol. */
  RECOGNISED,
  /** The bytes are certainly not this detector's protocol; the detector is not asked again. */
  NOT_RECOGNISED,
  /** The protocol is still possible; the client's next bytes will tell. */
  NEED_CLIENT_BYTES,
  /** The protocol is still possible; the server's next bytes will tell. */
  NEED_SERVER_BYTES;

  /**
   * Returns whether the detector still considers its protocol possible.
   *
   * @return true for the two "need more" answers
   */
  public boolean isUndecided() {
    return this == NEED_CLIENT_BYTES || this == NEED_SERVER_BYTES;
  }
}
