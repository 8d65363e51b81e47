package org.sockstap.examples.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/** One echo round trip on a tunnel, with the worker's own buffers. Not thread-safe. */
final class Echo {
  private final byte[] line;
  private final byte[] in;
  private final ByteBuffer lineOut;
  private final ByteBuffer echoIn;

  /**
   * @param size the payload, 1 to 4096 bytes, ending in a newline
   */
  Echo(int size) {
    this.line = Payload.line(size);
    this.in = new byte[size];
    this.lineOut = ByteBuffer.wrap(line);
    this.echoIn = ByteBuffer.wrap(in);
  }

  /**
   * Sends the payload and reads it back.
   *
   * @param channel a blocking tunnel to an echo target
   * @param guard started on a new step first
   * @return whether the same bytes came back
   * @throws IOException if the tunnel fails, or its guard closed it
   */
  boolean roundTrip(SocketChannel channel, Watchdog.Guard guard) throws IOException {
    guard.step();
    lineOut.clear();
    Dialer.writeFully(channel, lineOut);
    echoIn.clear();
    Dialer.readFully(channel, echoIn);
    return Arrays.equals(in, line);
  }
}
