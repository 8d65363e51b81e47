package org.sockstap.core.internal.socks;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the SOCKS negotiation through a small buffer, so a handshake written in one segment costs
 * one system call, and keeps whatever the client sent after its request (application bytes
 * pipelined behind the handshake) for the relay instead of losing it.
 */
final class HandshakeReader {
  private final InputStream in;
  private final byte[] buffer = new byte[512];
  private int start;
  private int end;
  private long consumed;

  HandshakeReader(InputStream in) {
    this.in = in;
  }

  int readUnsignedByte() throws IOException {
    fill(1);
    consumed++;
    return buffer[start++] & 0xff;
  }

  int readUnsignedShort() throws IOException {
    return (readUnsignedByte() << 8) | readUnsignedByte();
  }

  byte[] readBytes(int count) throws IOException {
    byte[] out = new byte[count];
    int copied = 0;
    while (copied < count) {
      fill(1);
      int n = Math.min(count - copied, end - start);
      System.arraycopy(buffer, start, out, copied, n);
      start += n;
      copied += n;
      consumed += n;
    }
    return out;
  }

  /**
   * Reads a NUL-terminated field of at most {@code max} bytes (the NUL excluded).
   *
   * @return the field's bytes, or null when it is longer than {@code max}
   */
  byte[] readNulTerminated(int max) throws IOException {
    byte[] field = new byte[max];
    for (int i = 0; i <= max; i++) {
      int b = readUnsignedByte();
      if (b == 0) {
        return Arrays.copyOf(field, i);
      }
      if (i == max) {
        break;
      }
      field[i] = (byte) b;
    }
    return null;
  }

  /** Returns the bytes read past the handshake and forgets them. */
  byte[] takeLeftover() {
    byte[] rest = Arrays.copyOfRange(buffer, start, end);
    start = end;
    return rest;
  }

  long consumed() {
    return consumed;
  }

  private void fill(int needed) throws IOException {
    if (end - start >= needed) {
      return;
    }
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    while (end - start < needed) {
      int n = in.read(buffer, end, buffer.length - end);
      if (n < 0) {
        throw new EOFException("client closed during the SOCKS negotiation");
      }
      end += n;
    }
  }
}
