package org.sockstap.core.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;
import org.sockstap.api.Peer;
import org.sockstap.core.internal.relay.RelayEnd;

/**
 * A peer over a socket channel in blocking mode. Its input first replays the bytes read before
 * the handler or relay took over (during the SOCKS negotiation or detection), then reads the
 * socket, and counts every byte it delivers.
 */
public class SocketPeer implements Peer {
  private final SocketChannel channel;
  private final Socket socket;
  private final ReplayInputStream input;
  private final OutputStream output;

  /**
   * Wraps a channel.
   *
   * @param channel a connected channel in blocking mode
   * @param replay bytes to deliver before the socket's
   * @param replayOffset where they start
   * @param replayLength how many
   * @param replayEndsStream whether the side had already closed (end of stream after the replay)
   * @throws IOException when the channel is closed
   */
  public SocketPeer(
      SocketChannel channel,
      byte[] replay,
      int replayOffset,
      int replayLength,
      boolean replayEndsStream)
      throws IOException {
    this.channel = channel;
    this.socket = channel.socket();
    this.input =
        new ReplayInputStream(
            socket.getInputStream(), replay, replayOffset, replayLength, replayEndsStream);
    this.output = socket.getOutputStream();
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public void shutdownOutput() throws IOException {
    if (!socket.isOutputShutdown() && channel.isOpen()) {
      channel.shutdownOutput();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The socket's own channel, so that {@code FileChannel.transferTo} can use {@code
   * sendfile}; {@link #output()} is not buffered, so nothing needs flushing here.
   */
  @Override
  public Optional<WritableByteChannel> outputChannel() {
    return Optional.of(channel);
  }

  /**
   * Returns the channel.
   *
   * @return the channel
   */
  public SocketChannel channel() {
    return channel;
  }

  /**
   * Returns how many bytes the input delivered, replayed ones included.
   *
   * @return the count
   */
  public long bytesRead() {
    return input.delivered();
  }

  /**
   * Hands the socket to the relay: the replay bytes not read yet go with it (the relay counts
   * them with what it reads; {@link #bytesRead} stays at what this peer delivered).
   *
   * @return the relay's view of this side
   */
  public RelayEnd toRelay() {
    return input.toRelay(channel);
  }

  /** Replays a prefix, then reads the socket; counts what it delivers. */
  static final class ReplayInputStream extends InputStream {
    private final InputStream socketInput;
    private final byte[] replay;
    private int position;
    private final int limit;
    private final boolean endAfterReplay;
    private volatile long delivered;

    ReplayInputStream(
        InputStream socketInput, byte[] replay, int offset, int length, boolean endAfterReplay) {
      this.socketInput = socketInput;
      this.replay = replay;
      this.position = offset;
      this.limit = offset + length;
      this.endAfterReplay = endAfterReplay;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n;
      if (position < limit) {
        n = Math.min(len, limit - position);
        System.arraycopy(replay, position, b, off, n);
        position += n;
      } else if (endAfterReplay) {
        return -1;
      } else {
        n = socketInput.read(b, off, len);
        if (n < 0) {
          return -1;
        }
      }
      delivered += n;
      return n;
    }

    @Override
    public int available() throws IOException {
      return position < limit ? limit - position : endAfterReplay ? 0 : socketInput.available();
    }

    long delivered() {
      return delivered;
    }

    RelayEnd toRelay(SocketChannel channel) {
      ByteBuffer rest = position < limit ? ByteBuffer.wrap(replay, position, limit - position) : null;
      position = limit;
      return new RelayEnd(channel, rest, endAfterReplay);
    }
  }
}
