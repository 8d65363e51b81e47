package org.sockstap.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

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
}
