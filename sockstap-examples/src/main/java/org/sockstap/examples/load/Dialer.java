package org.sockstap.examples.load;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Opens tunnels to the target: through the SOCKS proxy (SOCKS5 with or without RFC 1929, or
 * SOCKS4/4a), or straight to the target or an HTTP proxy. The handshake bytes are built once;
 * it speaks one step at a time and waits for each reply, as the C tool does.
 *
 * <p>Each worker opens its tunnels through its own {@link Connector}. A tunnel is a blocking
 * {@link SocketChannel} with {@code TCP_NODELAY}, read with plain blocking reads; the worker's
 * {@link Watchdog.Guard} bounds each step by closing the channel when it overruns.
 */
final class Dialer {
  private static final int REPLY_BYTES = 512;

  private final InetSocketAddress first;
  private final boolean socks;
  private final boolean socks4;
  private final byte[] greeting;
  private final byte[] authentication;
  private final byte[] request;

  Dialer(ClientOptions options) {
    Objects.requireNonNull(options, "options");
    InetSocketAddress proxy = options.proxy();
    this.first = proxy != null ? proxy : options.target().resolved();
    this.socks = options.socks();
    this.socks4 = options.socks4();
    Credentials credentials = options.credentials();
    this.greeting = credentials == null ? new byte[] {5, 1, 0} : new byte[] {5, 2, 0, 2};
    this.authentication = credentials == null ? new byte[0] : authentication(credentials);
    this.request = socks4 ? socks4Request(options.target(), credentials)
        : socks5Request(options.target());
  }

  /**
   * Returns a connector for one worker thread.
   *
   * @param guard the worker's guard
   * @return a connector with its own buffers
   */
  Connector connector(Watchdog.Guard guard) {
    return new Connector(guard);
  }

  /** One worker's way to open tunnels: its guard and buffers. Not thread-safe. */
  final class Connector {
    private final Watchdog.Guard guard;
    private final ByteBuffer greetingOut = ByteBuffer.wrap(greeting);
    private final ByteBuffer authenticationOut = ByteBuffer.wrap(authentication);
    private final ByteBuffer requestOut = ByteBuffer.wrap(request);
    /** Enough for any reply: a SOCKS5 reply with a 255-byte name is 262 bytes. */
    private final byte[] reply = new byte[REPLY_BYTES];
    private final ByteBuffer replyIn = ByteBuffer.wrap(reply);

    private Connector(Watchdog.Guard guard) {
      this.guard = guard;
    }

    Watchdog.Guard guard() {
      return guard;
    }

    /**
     * Opens one tunnel.
     *
     * @return a connected blocking channel, still watched by the guard: the caller steps or
     *     disarms it, and closes the channel
     * @throws StageException naming the stage that failed
     */
    SocketChannel open() throws StageException {
      SocketChannel channel;
      try {
        channel = SocketChannel.open();
      } catch (IOException e) {
        throw new StageException(Failure.CONNECT);
      }
      guard.arm(channel);
      boolean done = false;
      try {
        try {
          channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
          // untimed, so the socket stays in blocking mode; the guard bounds it
          channel.connect(first);
        } catch (IOException e) {
          throw new StageException(Failure.CONNECT);
        }
        if (socks) {
          handshake(channel);
        }
        done = true;
        return channel;
      } finally {
        if (!done) {
          guard.disarm();
          close(channel);
        }
      }
    }

    private void handshake(SocketChannel channel) throws StageException {
      byte[] b = reply;
      if (socks4) {
        step(channel, requestOut, 8, Failure.REPLY);
        if (b[1] != 0x5a) {
          throw new StageException(Failure.REPLY);
        }
        return;
      }
      step(channel, greetingOut, 2, Failure.GREET);
      if (b[0] != 5) {
        throw new StageException(Failure.GREET);
      }
      if (b[1] == 2 && authentication.length > 0) {
        step(channel, authenticationOut, 2, Failure.AUTH);
        if (b[1] != 0) {
          throw new StageException(Failure.AUTH);
        }
      } else if (b[1] != 0) {
        throw new StageException(Failure.GREET);
      }
      step(channel, requestOut, 4, Failure.REPLY);
      if (b[0] != 5 || b[1] != 0) {
        throw new StageException(Failure.REPLY);
      }
      int rest;
      switch (b[3]) {
        case 1: rest = 4 + 2; break;
        case 4: rest = 16 + 2; break;
        case 3:
          step(channel, null, 1, Failure.REPLY);
          rest = (b[0] & 0xff) + 2;
          break;
        default: throw new StageException(Failure.REPLY);
      }
      step(channel, null, rest, Failure.REPLY);
    }

    /** Writes {@code message} (if any), then reads exactly {@code length} bytes of reply. */
    private void step(SocketChannel channel, @Nullable ByteBuffer message, int length,
        Failure failure) throws StageException {
      guard.step();
      try {
        if (message != null) {
          message.clear();
          writeFully(channel, message);
        }
        replyIn.clear().limit(length);
        readFully(channel, replyIn);
      } catch (IOException e) {
        throw new StageException(failure);
      }
    }
  }

  /** Writes all that remains of {@code buffer}, blocking. */
  static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /**
   * Reads until {@code buffer} is full, blocking.
   *
   * @throws EOFException if the stream ends first
   */
  static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException(buffer.remaining() + " bytes short");
      }
    }
  }

  static void close(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing to do about a failed close of a load connection
    }
  }

  static byte[] socks5Request(Target target) {
    ByteArrayOutputStream r = new ByteArrayOutputStream();
    r.write(5);
    r.write(1);
    r.write(0);
    InetAddress literal = target.literal();
    if (literal != null) {
      byte[] address = literal.getAddress();
      r.write(address.length == 4 ? 1 : 4);
      r.writeBytes(address);
    } else {
      byte[] name = target.host().getBytes(StandardCharsets.US_ASCII);
      r.write(3);
      r.write(name.length);
      r.writeBytes(name);
    }
    r.write(target.port() >> 8);
    r.write(target.port() & 0xff);
    return r.toByteArray();
  }

  /** SOCKS4, or SOCKS4a (address 0.0.0.1 and the name after the userid) for a name. */
  static byte[] socks4Request(Target target, @Nullable Credentials credentials) {
    ByteArrayOutputStream r = new ByteArrayOutputStream();
    r.write(4);
    r.write(1);
    r.write(target.port() >> 8);
    r.write(target.port() & 0xff);
    InetAddress literal = target.literal();
    boolean ipv4 = literal != null && literal.getAddress().length == 4;
    r.writeBytes(ipv4 ? literal.getAddress() : new byte[] {0, 0, 0, 1});
    if (credentials != null) {
      r.writeBytes(credentials.user().getBytes(StandardCharsets.UTF_8));
    }
    r.write(0);
    if (!ipv4) {
      r.writeBytes(target.host().getBytes(StandardCharsets.US_ASCII));
      r.write(0);
    }
    return r.toByteArray();
  }

  static byte[] authentication(Credentials credentials) {
    byte[] user = credentials.user().getBytes(StandardCharsets.UTF_8);
    byte[] password = credentials.password().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream r = new ByteArrayOutputStream();
    r.write(1);
    r.write(user.length);
    r.writeBytes(user);
    r.write(password.length);
    r.writeBytes(password);
    return r.toByteArray();
  }
}
