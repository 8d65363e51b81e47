package org.sockstap.core.internal.route;

import org.jspecify.annotations.Nullable;
import org.sockstap.core.rules.HostRef;

/** STUB until the routes branch lands. */
public final class Router {
  /**
   * Stub.
   *
   * @param rules r
   */
  public Router(java.util.List<RouteRule> rules) {}

  /**
   * Selects.
   *
   * @param protocol p
   * @param destination d
   * @return connector
   */
  public Connector select(@Nullable String protocol, HostRef destination) {
    return DirectStub.INSTANCE;
  }

  private static final class DirectStub implements Connector {
    static final DirectStub INSTANCE = new DirectStub();

    @Override
    public java.nio.channels.SocketChannel connect(org.sockstap.api.Endpoint target,
        java.time.Duration timeout) throws java.io.IOException {
      java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open();
      try {
        ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        ch.socket().connect(new java.net.InetSocketAddress(target.host(), target.port()),
            (int) timeout.toMillis());
        return ch;
      } catch (java.net.ConnectException e) {
        ch.close();
        throw new UpstreamFailure(UpstreamFailure.Kind.CONNECTION_REFUSED, e.getMessage(), e);
      } catch (java.io.IOException e) {
        ch.close();
        throw e;
      }
    }

    @Override
    public String describe() {
      return "direct";
    }
  }
}
