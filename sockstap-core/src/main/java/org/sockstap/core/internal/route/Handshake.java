package org.sockstap.core.internal.route;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;

/**
 * The client side of one upstream handshake on a blocking channel: writes requests, and reads
 * replies exactly (never a byte past what is asked for, since what follows belongs to the
 * tunnel), each read bounded by what is left of the deadline.
 *
 * <p>Reads go through the socket adaptor's stream, which honours {@code SO_TIMEOUT} (a channel
 * read does not). The stream does not buffer, so reading through it consumes nothing more than
 * the bytes returned. Writes are not bounded: handshake requests are a few hundred bytes and fit
 * in the socket's send buffer.
 */
final class Handshake {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Deadline deadline;
  private final String route;

  /**
   * Starts a handshake.
   *
   * @param channel a connected channel in blocking mode
   * @param deadline the end of the whole connect
   * @param route the route, for messages
   * @throws IOException when the socket's streams cannot be had
   */
  Handshake(SocketChannel channel, Deadline deadline, String route) throws IOException {
    this.socket = channel.socket();
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.deadline = deadline;
    this.route = route;
  }

  /**
   * Sends bytes.
   *
   * @param bytes the request
   * @throws IOException when the write fails
   */
  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * Reads one byte.
   *
   * @param step what is being read, for messages
   * @return the byte, 0 to 255
   * @throws UpstreamFailure {@code TTL_EXPIRED} when the deadline passes, {@code GENERAL_FAILURE}
   *     when the upstream closes the connection
   * @throws IOException when the read fails otherwise
   */
  int readByte(String step) throws IOException {
    socket.setSoTimeout(deadline.remainingMillis(route, step));
    int b;
    try {
      b = in.read();
    } catch (SocketTimeoutException e) {
      throw deadline.expired(route, step, e);
    }
    if (b < 0) {
      throw closed(step);
    }
    return b;
  }

  /**
   * Reads exactly {@code length} bytes.
   *
   * @param length how many
   * @param step what is being read, for messages
   * @return the bytes
   * @throws UpstreamFailure as for {@link #readByte}
   * @throws IOException when the read fails otherwise
   */
  byte[] readFully(int length, String step) throws IOException {
    byte[] buffer = new byte[length];
    int filled = 0;
    while (filled < length) {
      socket.setSoTimeout(deadline.remainingMillis(route, step));
      int n;
      try {
        n = in.read(buffer, filled, length - filled);
      } catch (SocketTimeoutException e) {
        throw deadline.expired(route, step, e);
      }
      if (n < 0) {
        throw closed(step);
      }
      filled += n;
    }
    return buffer;
  }

  /**
   * Ends the handshake, leaving the socket with no read timeout for the tunnel.
   *
   * @throws IOException when the option cannot be set
   */
  void finish() throws IOException {
    socket.setSoTimeout(0);
  }

  /**
   * Returns a failure about the upstream's answer.
   *
   * @param kind the kind
   * @param detail what was wrong
   * @return the failure
   */
  UpstreamFailure failure(UpstreamFailure.Kind kind, String detail) {
    return new UpstreamFailure(kind, route + ": " + detail);
  }

  private UpstreamFailure closed(String step) {
    return new UpstreamFailure(
        UpstreamFailure.Kind.GENERAL_FAILURE,
        route + ": the proxy closed the connection during the " + step);
  }
}
