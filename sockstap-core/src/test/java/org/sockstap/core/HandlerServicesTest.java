package org.sockstap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.RecordingHandler;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.TextDetector;
import org.sockstap.core.testing.Through;

/** What the core gives a handler besides its sockets: configuration and the access log. */
class HandlerServicesTest {
  private final List<String> records = new CopyOnWriteArrayList<>();
  private final RecordingHandler handler = new RecordingHandler("hello", c -> {
    c.accessLog("GET /a\r\nforged line\u0000");
    org.sockstap.api.HostPattern pattern = c.hostPattern("*.example.com,!www.example.com,10.0.0.0/8");
    c.accessLog(pattern.matches("a.example.com", 443) + " " + pattern.matches("www.example.com", 443)
        + " " + pattern.matches("10.1.2.3", -1) + " " + pattern.matches("example.org", 443));
    c.relayOpaquely();
  });

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b
      .discoverProtocols(false)
      .detector(TextDetector.clientFirst("hello", "HELLO"))
      .handler(handler)
      .protocolParam("hello", "mode", "strict")
      .protocolParam("hello", "limit", "10")
      .tap("hello:::limit=20")
      .accessLog((protocol, line) -> records.add(protocol + " " + line)));

  @Test
  void paramsAreTheBuildersOverriddenByTheTapRulesAndRecordsStayOneLine() throws Exception {
    try (LoopbackServer echo = LoopbackServer.echo();
        Socket s = Through.socks(tap.address(), "127.0.0.1", echo.port())) {
      s.getOutputStream().write(Bytes.ascii("HELLO\n"));
      assertEquals("HELLO\n", Bytes.readLine(s.getInputStream()));
      assertEquals(Map.of("mode", "strict", "limit", "20"), handler.next().params());
    }
    assertEquals(List.of("hello GET /a\\x0d\\x0aforged line\\x00", "hello true false true false"),
        records);
  }
}
