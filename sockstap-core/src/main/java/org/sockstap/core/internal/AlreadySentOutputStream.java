package org.sockstap.core.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The client's output after a relay loop already answered part of the handshake: the first
 * bytes written are checked against what was sent and dropped, the rest go through. The
 * negotiator is deterministic, so a difference means a bug, and the connection ends.
 */
final class AlreadySentOutputStream extends FilterOutputStream {
  private final byte[] sent;
  private int matched;

  AlreadySentOutputStream(OutputStream out, byte[] sent) {
    super(out);
    this.sent = sent.clone();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    int skip = Math.min(len, sent.length - matched);
    for (int i = 0; i < skip; i++) {
      if (b[off + i] != sent[matched + i]) {
        throw new IOException("the handshake answer differs from what the relay loop sent");
      }
    }
    matched += skip;
    if (len > skip) {
      out.write(b, off + skip, len - skip);
    }
  }
}
