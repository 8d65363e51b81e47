package org.sockstap.core.internal.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Random;

/** Byte-level helpers for fake servers and for checking tunnels. */
final class Wire {
  private Wire() {}

  static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("fake server: the client closed the connection early");
    }
    return b;
  }

  static byte[] readFully(InputStream in, int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new EOFException(
          "fake server: expected " + length + " bytes, the client sent " + bytes.length);
    }
    return bytes;
  }

  /** Reads a NUL-terminated string (SOCKS4 user id and 4a host). */
  static byte[] readUntilNul(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int b;
    while ((b = readByte(in)) != 0) {
      out.write(b);
      if (out.size() > 1024) {
        throw new IOException("fake server: no NUL within 1024 bytes");
      }
    }
    return out.toByteArray();
  }

  /**
   * Writes bytes, in one write or one byte per write with a pause between, so the client sees
   * them in separate segments.
   */
  static void write(Socket socket, byte[] bytes, boolean fragmented)
      throws IOException, InterruptedException {
    OutputStream out = socket.getOutputStream();
    if (!fragmented) {
      out.write(bytes);
      out.flush();
      return;
    }
    socket.setTcpNoDelay(true);
    for (byte b : bytes) {
      out.write(b);
      out.flush();
      Thread.sleep(2);
    }
  }

  /** Reads until the client closes; resets count as closed. */
  static void awaitClose(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[1024];
      while (in.read(buffer) >= 0) {
        // discard
      }
    } catch (IOException e) {
      // closed either way
    }
  }

  /** Reads exactly n bytes from a tunnel, failing after five seconds. */
  static byte[] readFromTunnel(SocketChannel channel, int length) throws IOException {
    channel.socket().setSoTimeout(5_000);
    byte[] bytes = channel.socket().getInputStream().readNBytes(length);
    assertEquals(length, bytes.length, "bytes from the tunnel before EOF");
    return bytes;
  }

  /**
   * Checks that the channel is a working tunnel to an {@link EchoServer}: every byte value
   * comes back in order, and a half-close comes back as EOF.
   */
  static void assertEchoes(SocketChannel channel) throws IOException {
    byte[] data = new byte[40_000];
    new Random(42).nextBytes(data);
    for (int i = 0; i < 256; i++) {
      data[i] = (byte) i;
    }
    channel.socket().getOutputStream().write(data);
    assertArrayEquals(data, readFromTunnel(channel, data.length));
    channel.shutdownOutput();
    assertEquals(-1, channel.socket().getInputStream().read(), "EOF after the echo");
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int offset = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, offset, part.length);
      offset += part.length;
    }
    return out;
  }
}
