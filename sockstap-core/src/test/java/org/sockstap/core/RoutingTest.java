package org.sockstap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionListener;
import org.sockstap.api.ConnectionSummary;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.Leaks;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.Through;

/** Routes through upstream proxies, with a second SocksTap server as the upstream. */
class RoutingTest {

  @Test
  void socks5AndSocks4UpstreamsCarryTheConnection() throws Exception {
    for (String scheme : new String[] {"socks5", "socks4"}) {
      List<ConnectionInfo> upstreamSaw = new CopyOnWriteArrayList<>();
      try (SocksTapServer upstream = SocksTapServer.builder().listen("127.0.0.1", 0)
              .user("up", "pw").socks4(true)
              .listener(new ConnectionListener() {
                @Override
                public void opened(ConnectionInfo c) {
                  upstreamSaw.add(c);
                }
              }).build();
          SocksTapServer front = SocksTapServer.builder().listen("127.0.0.1", 0)
              .route("*:*=" + scheme + "://up" + (scheme.equals("socks5") ? ":pw" : "")
                  + "@127.0.0.1:" + upstream.localAddress().getPort())
              .build();
          LoopbackServer echo = LoopbackServer.echo();
          Socket s = Through.socks(front.localAddress(), "localhost", echo.port())) {
        s.getOutputStream().write(Bytes.ascii("chained\n"));
        assertEquals("chained\n", Bytes.readLine(s.getInputStream()));
        assertEquals("localhost", upstreamSaw.get(0).destination().host(),
            scheme + ": the name reaches the upstream unresolved");
        assertEquals("up", upstreamSaw.get(0).user());
        s.close();
        Leaks.assertNoneLeft(front);
        Leaks.assertNoneLeft(upstream);
      }
    }
  }

  @Test
  void anUnreachableUpstreamIsAGeneralFailureForTheClient() throws Exception {
    int closed = SocksWireTest.unusedPort();
    List<ConnectionSummary> summaries = new CopyOnWriteArrayList<>();
    try (SocksTapServer front = SocksTapServer.builder().listen("127.0.0.1", 0)
        .route("*:*=socks5://127.0.0.1:" + closed)
        .listener(new ConnectionListener() {
          @Override
          public void closed(ConnectionInfo c, ConnectionSummary s) {
            summaries.add(s);
          }
        }).build();
        org.sockstap.core.testing.SocksClient c =
            new org.sockstap.core.testing.SocksClient(front.localAddress())) {
      c.sendHex("05 01 00").expectHex("05 00");
      assertEquals(0x01, c.requestDomain5("example.test", 80));
      Leaks.assertNoneLeft(front);
      assertEquals(ConnectionSummary.Outcome.UNREACHABLE, summaries.get(0).outcome());
    }
  }
}
