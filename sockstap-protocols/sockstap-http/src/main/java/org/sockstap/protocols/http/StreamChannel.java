package org.sockstap.protocols.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;

/**
 * A channel that writes into the connection's buffered client stream, so that a small stored
 * body joins the response head in the buffer and both leave in one write. Unlike {@link
 * java.nio.channels.Channels#newChannel(OutputStream)}, it writes a buffer's array as it is
 * and keeps no buffer of its own. Closing it only stops it; the stream stays open.
 */
final class StreamChannel implements WritableByteChannel {
  private static final int SCRATCH = 4 * 1024;

  private final OutputStream out;
  private byte[] scratch = new byte[0];
  private boolean open = true;

  StreamChannel(OutputStream out) {
    this.out = out;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
    int n = src.remaining();
    if (src.hasArray()) {
      out.write(src.array(), src.arrayOffset() + src.position(), n);
      src.position(src.limit());
      return n;
    }
    // read-only or direct: through a scratch array
    if (scratch.length == 0) {
      scratch = new byte[SCRATCH];
    }
    while (src.hasRemaining()) {
      int chunk = Math.min(scratch.length, src.remaining());
      src.get(scratch, 0, chunk);
      out.write(scratch, 0, chunk);
    }
    return n;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
