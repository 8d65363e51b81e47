package org.sockstap.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Reads a socket with one absolute deadline for everything read, so a peer that trickles one
 * byte at a time cannot stretch the time it is allowed (slowloris).
 */
public final class DeadlineInputStream extends InputStream {
  private final Socket socket;
  private final InputStream in;
  private final long deadlineNanos;

  /**
   * Creates the stream.
   *
   * @param socket the socket whose timeout is set before each read
   * @param deadlineNanos the {@link System#nanoTime()} after which reads fail
   * @throws IOException when the socket is closed
   */
  public DeadlineInputStream(Socket socket, long deadlineNanos) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
    if (remainingMillis <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
    return in.read(b, off, len);
  }
}
