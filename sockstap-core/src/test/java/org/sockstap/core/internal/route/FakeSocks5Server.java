package org.sockstap.core.internal.route;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A scripted SOCKS5 server (RFC 1928, RFC 1929): records each request, answers as configured, and
 * on success relays to a fixed backend whatever address was asked for, so address encodings can
 * be checked without the addresses being reachable.
 */
final class FakeSocks5Server extends FakeServer {
  /** Where the script breaks off. */
  enum Fault {
    NONE,
    STALL_BEFORE_METHOD,
    CLOSE_IN_METHOD,
    STALL_BEFORE_REPLY,
    CLOSE_IN_REPLY
  }

  /** What a client sent. */
  record Request(
      List<Integer> methods,
      @Nullable String user,
      @Nullable String password,
      int command,
      int addressType,
      byte[] address,
      int port) {

    String name() {
      return new String(address, StandardCharsets.ISO_8859_1);
    }
  }

  private final @Nullable InetSocketAddress backend;
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private volatile @Nullable String user;
  private volatile @Nullable String password;
  private volatile int method = -1;
  private volatile int reply;
  private volatile byte[] bound = Wire.bytes(0x01, 0, 0, 0, 0, 0, 0);
  private volatile byte[] afterReply = new byte[0];
  private volatile boolean fragmented;
  private volatile Fault fault = Fault.NONE;

  FakeSocks5Server(@Nullable InetSocketAddress backend) throws IOException {
    super("socks5");
    this.backend = backend;
    start();
  }

  /** Requires username/password authentication with these credentials. */
  FakeSocks5Server credentials(String user, String password) {
    this.user = user;
    this.password = password;
    return this;
  }

  /** Selects this method whatever the client offers, then waits for the client to hang up. */
  FakeSocks5Server method(int method) {
    this.method = method;
    return this;
  }

  FakeSocks5Server reply(int reply) {
    this.reply = reply;
    return this;
  }

  /** Sets ATYP, BND.ADDR and BND.PORT of the reply. */
  FakeSocks5Server bound(byte[] bound) {
    this.bound = bound;
    return this;
  }

  /** Sends these bytes right behind the reply, in the same write. */
  FakeSocks5Server afterReply(byte[] bytes) {
    this.afterReply = bytes;
    return this;
  }

  /** Writes the answers one byte at a time. */
  FakeSocks5Server fragmented() {
    this.fragmented = true;
    return this;
  }

  FakeSocks5Server fault(Fault fault) {
    this.fault = fault;
    return this;
  }

  /** Returns the next recorded request, waiting up to five seconds. */
  Request request() throws InterruptedException {
    Request request = requests.poll(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no SOCKS5 request recorded");
    }
    return request;
  }

  @Override
  protected void serve(Socket socket) throws Exception {
    InputStream in = socket.getInputStream();
    expect("greeting version", 5, Wire.readByte(in));
    byte[] offered = Wire.readFully(in, Wire.readByte(in));
    List<Integer> methods = new ArrayList<>();
    for (byte b : offered) {
      methods.add(b & 0xff);
    }
    if (fault == Fault.STALL_BEFORE_METHOD) {
      awaitHangUp(socket);
      return;
    }
    String requiredUser = user;
    int selected = method;
    if (selected < 0) {
      int wanted = requiredUser != null ? 0x02 : 0x00;
      selected = methods.contains(wanted) ? wanted : 0xff;
    }
    if (fault == Fault.CLOSE_IN_METHOD) {
      socket.getOutputStream().write(5);
      socket.close();
      return;
    }
    if (method >= 0 || (selected != 0x00 && selected != 0x02)) {
      answerAndAwaitHangUp(socket, Wire.bytes(5, selected));
      return;
    }
    Wire.write(socket, Wire.bytes(5, selected), fragmented);
    String gotUser = null;
    String gotPassword = null;
    if (selected == 0x02) {
      expect("authentication version", 1, Wire.readByte(in));
      gotUser = new String(Wire.readFully(in, Wire.readByte(in)), StandardCharsets.UTF_8);
      gotPassword = new String(Wire.readFully(in, Wire.readByte(in)), StandardCharsets.UTF_8);
      if (!gotUser.equals(requiredUser) || !gotPassword.equals(password)) {
        answerAndAwaitHangUp(socket, Wire.bytes(1, 1));
        return;
      }
      Wire.write(socket, Wire.bytes(1, 0), fragmented);
    }
    expect("request version", 5, Wire.readByte(in));
    int command = Wire.readByte(in);
    expect("reserved byte", 0, Wire.readByte(in));
    int addressType = Wire.readByte(in);
    byte[] address =
        switch (addressType) {
          case 1 -> Wire.readFully(in, 4);
          case 4 -> Wire.readFully(in, 16);
          case 3 -> Wire.readFully(in, Wire.readByte(in));
          default -> throw new AssertionError("fake socks5: address type " + addressType);
        };
    byte[] port = Wire.readFully(in, 2);
    requests.add(
        new Request(
            methods,
            gotUser,
            gotPassword,
            command,
            addressType,
            address,
            ((port[0] & 0xff) << 8) | (port[1] & 0xff)));
    if (fault == Fault.STALL_BEFORE_REPLY) {
      awaitHangUp(socket);
      return;
    }
    byte[] answer = Wire.concat(Wire.bytes(5, reply, 0), bound, afterReply);
    if (fault == Fault.CLOSE_IN_REPLY) {
      socket.getOutputStream().write(answer, 0, 5);
      socket.close();
      return;
    }
    if (reply != 0) {
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

  private static void expect(String what, int expected, int actual) {
    if (expected != actual) {
      throw new AssertionError("fake socks5: " + what + " " + actual + " (expected " + expected + ")");
    }
  }
}
