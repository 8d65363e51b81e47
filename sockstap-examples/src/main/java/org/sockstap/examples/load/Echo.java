package org.sockstap.examples.load;

import java.io.IOException;
import java.net.Socket;
import java.util.Arrays;

/** One echo round trip on a tunnel, with the worker's own buffers. */
final class Echo {
  private final byte[] line;
  private final byte[] in;

  /**
   * @param size the payload, 1 to 4096 bytes, ending in a newline
   */
  Echo(int size) {
    this.line = Payload.line(size);
    this.in = new byte[size];
  }

  /**
   * Sends the payload and reads it back.
   *
   * @param socket a tunnel to an echo target
   * @return whether the same bytes came back
   * @throws IOException if the tunnel fails or times out
   */
  boolean roundTrip(Socket socket) throws IOException {
    socket.getOutputStream().write(line);
    Dialer.readFully(socket.getInputStream(), in, in.length);
    return Arrays.equals(in, 0, in.length, line, 0, line.length);
  }
}
