package org.sockstap.examples.resp;

import java.io.IOException;

/** Bytes that break RESP framing, or exceed a limit; the message fits on one line. */
final class RespProtocolException extends IOException {
  RespProtocolException(String message) {
    super(message);
  }
}
