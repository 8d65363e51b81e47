package org.sockstap.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;

/** Opens connections through a SOCKS server with the JDK's own SOCKS client. */
public final class Through {
  private Through() {}

  /**
   * Connects through the proxy (SOCKS5, the JDK's default) to a host and port; the name is
   * passed to the proxy unresolved.
   *
   * @param proxy the SOCKS server
   * @param host the destination host
   * @param port the destination port
   * @return the connected socket, with a 10 s read timeout
   * @throws IOException when the proxy refuses
   */
  public static Socket socks(InetSocketAddress proxy, String host, int port) throws IOException {
    Socket socket = new Socket(new Proxy(Proxy.Type.SOCKS, proxy));
    socket.setSoTimeout(10_000);
    socket.connect(InetSocketAddress.createUnresolved(host, port), 5000);
    return socket;
  }
}
