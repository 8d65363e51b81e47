package org.sockstap.core.internal.route;

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
 * A scripted SOCKS4/4a server: records each request, answers as configured, and on success relays
 * to a fixed backend whatever was asked for.
 */
final class FakeSocks4Server extends FakeServer {
  /** Where the script breaks off. */
  enum Fault {
    NONE,
    STALL_BEFORE_REPLY,
    CLOSE_IN_REPLY
  }

  /** What a client sent; {@code name} is set for SOCKS4a. */
  record Request(int version, int command, int port, byte[] address, String userId, @Nullable String name) {}

  private final @Nullable InetSocketAddress backend;
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private volatile int replyVersion;
  private volatile int code = 0x5a;
  private volatile byte[] afterReply = new byte[0];
  private volatile boolean fragmented;
  private volatile Fault fault = Fault.NONE;

  FakeSocks4Server(@Nullable InetSocketAddress backend) throws IOException {
    super("socks4");
    this.backend = backend;
    start();
  }

  FakeSocks4Server reply(int version, int code) {
    this.replyVersion = version;
    this.code = code;
    return this;
  }

  FakeSocks4Server afterReply(byte[] bytes) {
    this.afterReply = bytes;
    return this;
  }

  FakeSocks4Server fragmented() {
    this.fragmented = true;
    return this;
  }

  FakeSocks4Server fault(Fault fault) {
    this.fault = fault;
    return this;
  }

  Request request() throws InterruptedException {
    Request request = requests.poll(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no SOCKS4 request recorded");
    }
    return request;
  }

  @Override
  protected void serve(Socket socket) throws Exception {
    InputStream in = socket.getInputStream();
    int version = Wire.readByte(in);
    int command = Wire.readByte(in);
    byte[] port = Wire.readFully(in, 2);
    byte[] address = Wire.readFully(in, 4);
    String userId = new String(Wire.readUntilNul(in), StandardCharsets.UTF_8);
    String name = null;
    if (address[0] == 0 && address[1] == 0 && address[2] == 0 && address[3] != 0) {
      name = new String(Wire.readUntilNul(in), StandardCharsets.ISO_8859_1);
    }
    requests.add(
        new Request(
            version,
            command,
            ((port[0] & 0xff) << 8) | (port[1] & 0xff),
            address,
            userId,
            name));
    if (fault == Fault.STALL_BEFORE_REPLY) {
      awaitHangUp(socket);
      return;
    }
    byte[] answer = Wire.concat(Wire.bytes(replyVersion, code, 0, 0, 0, 0, 0, 0), afterReply);
    if (fault == Fault.CLOSE_IN_REPLY) {
      socket.getOutputStream().write(answer, 0, 4);
      socket.close();
      return;
    }
    if (code != 0x5a) {
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
}
