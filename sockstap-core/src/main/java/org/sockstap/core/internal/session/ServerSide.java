package org.sockstap.core.internal.session;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.sockstap.api.Endpoint;
import org.sockstap.api.ServerConnection;

/** A server connection over a socket channel, with any bytes read during detection replayed. */
public final class ServerSide extends SocketPeer implements ServerConnection {
  private final Endpoint endpoint;
  private final String route;

  /**
   * Wraps a connected channel.
   *
   * @param channel the channel, blocking
   * @param endpoint where it goes
   * @param route how it was made
   * @param replay server bytes read during detection and not yet given to the client
   * @param replayOffset where they start
   * @param replayLength how many
   * @param ended whether the server had already closed its side
   * @throws IOException when the channel is closed
   */
  public ServerSide(
      SocketChannel channel,
      Endpoint endpoint,
      String route,
      byte[] replay,
      int replayOffset,
      int replayLength,
      boolean ended)
      throws IOException {
    super(channel, replay, replayOffset, replayLength, ended);
    this.endpoint = endpoint;
    this.route = route;
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public String route() {
    return route;
  }

  @Override
  public void close() throws IOException {
    channel().close();
  }
}
