package org.sockstap.core.internal.route;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A scripted HTTP CONNECT proxy: records each request head, answers with a configured response
 * head, and after a 2xx relays to a fixed backend whatever was asked for.
 */
final class FakeHttpProxy extends FakeServer {
  /** Where the script breaks off. */
  enum Fault {
    NONE,
    STALL_BEFORE_RESPONSE,
    CLOSE_IN_RESPONSE
  }

  static final String OK = "HTTP/1.1 200 Connection established\r\n\r\n";

  private final @Nullable InetSocketAddress backend;
  private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
  private volatile String response = OK;
  private volatile byte[] afterResponse = new byte[0];
  private volatile boolean fragmented;
  private volatile Fault fault = Fault.NONE;

  FakeHttpProxy(@Nullable InetSocketAddress backend) throws IOException {
    super("http-proxy");
    this.backend = backend;
    start();
  }

  /** Sets the whole response head, blank line included. */
  FakeHttpProxy response(String head) {
    this.response = head;
    return this;
  }

  FakeHttpProxy afterResponse(byte[] bytes) {
    this.afterResponse = bytes;
    return this;
  }

  FakeHttpProxy fragmented() {
    this.fragmented = true;
    return this;
  }

  FakeHttpProxy fault(Fault fault) {
    this.fault = fault;
    return this;
  }

  /** Returns the next request head, waiting up to five seconds. */
  String request() throws InterruptedException {
    String request = requests.poll(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no CONNECT request recorded");
    }
    return request;
  }

  @Override
  protected void serve(Socket socket) throws Exception {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!endsWithBlankLine(head)) {
      head.write(Wire.readByte(in));
      if (head.size() > 8192) {
        throw new AssertionError("fake http proxy: request head over 8192 bytes");
      }
    }
    requests.add(head.toString(StandardCharsets.ISO_8859_1));
    if (fault == Fault.STALL_BEFORE_RESPONSE) {
      awaitHangUp(socket);
      return;
    }
    byte[] answer =
        Wire.concat(response.getBytes(StandardCharsets.ISO_8859_1), afterResponse);
    if (fault == Fault.CLOSE_IN_RESPONSE) {
      socket.getOutputStream().write(answer, 0, answer.length / 2);
      socket.close();
      return;
    }
    if (!opensTunnel(response)) {
      answerAndAwaitHangUp(socket, answer);
      return;
    }
    Wire.write(socket, answer, fragmented);
    InetSocketAddress target = backend;
    if (target == null) {
      awaitHangUp(socket);
    } else {
      relay(socket, target);
    }
  }

  /** Whether the final response (after any interim 1xx heads) is a 2xx. */
  private static boolean opensTunnel(String response) {
    String rest = response;
    while (rest.matches("(?s)HTTP/1\\.\\d 1\\d\\d.*") && rest.contains("\r\n\r\n")) {
      rest = rest.substring(rest.indexOf("\r\n\r\n") + 4);
    }
    return rest.matches("(?s)HTTP/1\\.\\d 2\\d\\d[ \r\n].*");
  }

  private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
    byte[] bytes = head.toByteArray();
    int n = bytes.length;
    return n >= 4
        && bytes[n - 4] == '\r'
        && bytes[n - 3] == '\n'
        && bytes[n - 2] == '\r'
        && bytes[n - 1] == '\n';
  }
}
