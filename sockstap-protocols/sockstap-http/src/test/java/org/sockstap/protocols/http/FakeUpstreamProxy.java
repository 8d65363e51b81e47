package org.sockstap.protocols.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small upstream HTTP proxy on loopback for tests: reads bodyless requests in absolute form on
 * kept-alive connections, records each request line and its fields, and forwards the request to
 * the origin it names (without Proxy-Authorization, as a proxy consumes it), answering with the
 * origin's status and body; or answers every request with 407 when told to.
 */
final class FakeUpstreamProxy implements AutoCloseable {
  /** Each request as seen: the request line, then the fields, one per line. */
  final List<String> seen = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  volatile boolean challenge;
  private final ServerSocket server;

  FakeUpstreamProxy() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread accept = new Thread(this::acceptLoop, "fake-upstream-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        connections.incrementAndGet();
        Thread t = new Thread(() -> serve(s), "fake-upstream-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (true) {
        List<String> head = readHead(in);
        if (head.isEmpty()) {
          return;
        }
        seen.add(String.join("\n", head));
        if (challenge) {
          byte[] body = "authenticate first".getBytes(StandardCharsets.US_ASCII);
          out.write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
              + "Proxy-Authenticate: Basic realm=\"upstream\"\r\nContent-Length: " + body.length
              + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
          continue;
        }
        out.write(forward(head));
        out.flush();
      }
    } catch (IOException e) {
      // the test is over, or SocksTap closed the connection
    }
  }

  private static byte[] forward(List<String> head) throws IOException {
    String[] line = head.get(0).split(" ");
    URI uri = URI.create(line[1]);
    StringBuilder request = new StringBuilder(line[0] + " " + uri.getRawPath()
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n");
    for (String field : head.subList(1, head.size())) {
      String name = field.substring(0, field.indexOf(':')).toLowerCase(Locale.ROOT);
      if (!name.equals("proxy-authorization") && !name.equals("connection")) {
        request.append(field).append("\r\n");
      }
    }
    request.append("Connection: close\r\n\r\n");
    byte[] response;
    try (Socket origin = new Socket(uri.getHost(), uri.getPort())) {
      origin.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      response = origin.getInputStream().readAllBytes();
    }
    String text = new String(response, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    String status = text.substring(0, text.indexOf("\r\n"));
    byte[] body = text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((status + "\r\nContent-Length: " + body.length + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String text = line.toString();
        line.setLength(0);
        if (text.endsWith("\r")) {
          text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
      } else {
        line.append((char) c);
      }
    }
    return List.of();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
