package org.sockstap.examples.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionListener;
import org.sockstap.api.DetectionReport;
import org.sockstap.api.Transaction;
import org.sockstap.core.SocksTapServer;

/**
 * The plugin inside a real SocksTap server, reached with the JDK's SOCKS client: detection by the
 * engine, the handler, the deny rule parameter and the transactions a listener sees. Needs the
 * tap-rule parser of sockstap-core.
 */
class RespThroughSocksTapTest {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private FakeRedis redis;
  private SocksTapServer server;

  @BeforeEach
  void start() throws IOException {
    redis = new FakeRedis();
    server = SocksTapServer.builder()
        .listen("127.0.0.1", 0)
        .discoverProtocols(false)
        .detector(new RespDetector())
        .handler(new RespHandler())
        .tap("resp:::deny=FLUSHALL")
        .listener(new ConnectionListener() {
          @Override
          public void detected(ConnectionInfo connection, DetectionReport report) {
            events.add("detected " + report.protocol());
          }

          @Override
          public void transaction(ConnectionInfo connection, Transaction transaction) {
            events.add(transaction.command() + " " + transaction.outcome());
          }
        })
        .build();
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    redis.close();
  }

  private static String command(String... args) {
    StringBuilder text = new StringBuilder("*" + args.length + "\r\n");
    for (String arg : args) {
      text.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
    }
    return text.toString();
  }

  @Test
  void proxiesCommandsAndRefusesDeniedOnes() throws Exception {
    String replies;
    try (Socket socket = new Socket(new Proxy(Proxy.Type.SOCKS, server.localAddress()))) {
      socket.setSoTimeout(10_000);
      socket.connect(InetSocketAddress.createUnresolved("127.0.0.1", redis.port()), 10_000);
      socket.getOutputStream().write((command("PING") + command("SET", "k", "v")
          + command("FLUSHALL") + command("GET", "k")).getBytes(StandardCharsets.US_ASCII));
      socket.shutdownOutput();
      replies = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
    assertEquals("+PONG\r\n+OK\r\n-ERR command 'FLUSHALL' is denied by SocksTap policy\r\n"
        + "$1\r\nv\r\n", replies);
    assertEquals(List.of("PING", "SET", "GET"), redis.received());
    assertEquals(List.of("detected resp", "PING OK", "SET OK", "FLUSHALL DENIED", "GET OK"),
        events);
  }
}
