package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.Through;

/** HTTP/2 with prior knowledge is recognised, logged once, and relayed byte for byte. */
class Http2PriorKnowledgeTest {
  private final List<String> records = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b
      .discoverProtocols(false)
      .detector(new HttpDetector())
      .handler(new HttpHandler())
      .accessLog((protocol, line) -> records.add(line)));

  @Test
  void thePrefaceAndEverythingAfterItReachTheServerUnchanged() throws Exception {
    byte[] preface = Bytes.ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    byte[] settings = Bytes.hex("000000 04 00 00000000");
    try (LoopbackServer h2 = LoopbackServer.echo();
        Socket s = Through.socks(tap.address(), "127.0.0.1", h2.port())) {
      s.getOutputStream().write(Bytes.concat(preface, settings));
      byte[] echoed = Bytes.readExactly(s.getInputStream(), preface.length + settings.length);
      assertArrayEquals(Bytes.concat(preface, settings), echoed);
      assertEquals(0, tap.awaitNoConnectionThreads(), "HTTP/2 is relayed by the relay loops");
      s.getOutputStream().write(settings);
      assertArrayEquals(settings, Bytes.readExactly(s.getInputStream(), settings.length));
    }
    assertEquals(1, records.size(), records.toString());
    assertTrue(records.get(0).contains("\"PRI * HTTP/2.0\""), records.get(0));
  }
}
