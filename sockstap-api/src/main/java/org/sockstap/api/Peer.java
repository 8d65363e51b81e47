package org.sockstap.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

/**
 * One side of a tapped connection: the SOCKS client, or a server connection.
 *
 * <p>The streams are blocking and unbuffered; wrap them as the protocol needs. Reading a stream
 * that has reached end of stream returns -1; closing the peer unblocks a read on another thread.
 */
public interface Peer {

  /**
   * Returns the stream of bytes from this peer.
   *
   * @return the input stream
   */
  InputStream input();

  /**
   * Returns the stream of bytes to this peer.
   *
   * @return the output stream
   */
  OutputStream output();

  /**
   * Half-closes the connection: this peer reads end of stream, and can still send.
   *
   * @throws IOException when the socket is already closed
   */
  void shutdownOutput() throws IOException;

  /**
   * Returns the channel {@link #output()} writes to, when there is one, so that bytes can be
   * sent without a copy through the Java heap: {@link CacheEntry#transferBody} with a disk
   * store, or {@link java.nio.channels.FileChannel#transferTo}, which the kernel turns into
   * {@code sendfile} when the channel is the socket's own.
   *
   * <p>The channel is in blocking mode, and writes to it and to {@link #output()} reach the
   * peer in the order they are made: flush whatever a wrapper of {@link #output()} still
   * buffers before writing to the channel. Use it for writing only, on the connection's
   * thread: never close it, change its blocking mode or read from it ({@link #input()} may
   * hold bytes it already read). The default, for peers that are not a socket channel, is
   * empty; callers then write to {@link #output()}.
   *
   * @return the channel under {@link #output()}, or empty
   */
  default Optional<WritableByteChannel> outputChannel() {
    return Optional.empty();
  }
}
