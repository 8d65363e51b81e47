package org.sockstap.examples.resp;

import java.io.IOException;

/**
 * A reply whose type byte this plugin does not know (RESP3, or not RESP at all). The byte is left
 * unread, so the rest of the connection can be relayed without losing it.
 */
final class UnknownReplyTypeException extends IOException {
  private final int type;

  UnknownReplyTypeException(int type) {
    super("unknown reply type 0x" + Integer.toHexString(type));
    this.type = type;
  }

  /** Returns the type byte, 0-255. */
  int type() {
    return type;
  }
}
