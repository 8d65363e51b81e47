package org.sockstap.examples.load;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Opens tunnels to the target: through the SOCKS proxy (SOCKS5 with or without RFC 1929, or
 * SOCKS4/4a), or straight to the target or an HTTP proxy. The handshake bytes are built once;
 * it speaks one step at a time and waits for each reply, as the C tool does.
 *
 * <p>Thread-safe: it holds no state per tunnel. Each tunnel is a blocking {@link SocketChannel}
 * with {@code TCP_NODELAY} whose socket has the read timeout; {@code stream} switches it to
 * non-blocking mode, the other modes use its socket's streams.
 */
final class Dialer {
  /** Enough for any reply: a SOCKS5 reply with a 255-byte name is 262 bytes. */
  static final int SCRATCH_BYTES = 512;

  private final InetSocketAddress first;
  private final boolean socks;
  private final boolean socks4;
  private final int timeoutMillis;
  private final byte[] greeting;
  private final byte[] authentication;
  private final byte[] request;

  Dialer(ClientOptions options) {
    Objects.requireNonNull(options, "options");
    InetSocketAddress proxy = options.proxy();
    this.first = proxy != null ? proxy : options.target().resolved();
    this.socks = options.socks();
    this.socks4 = options.socks4();
    this.timeoutMillis = options.timeoutMillis();
    Credentials credentials = options.credentials();
    this.greeting = credentials == null ? new byte[] {5, 1, 0} : new byte[] {5, 2, 0, 2};
    this.authentication = credentials == null ? new byte[0] : authentication(credentials);
    this.request = socks4 ? socks4Request(options.target(), credentials)
        : socks5Request(options.target());
  }

  /**
   * Opens one tunnel.
   *
   * @param scratch at least {@link #SCRATCH_BYTES}, for the replies
   * @return a connected blocking channel; the caller closes it
   * @throws StageException naming the stage that failed
   */
  SocketChannel open(byte[] scratch) throws StageException {
    SocketChannel channel;
    try {
      channel = SocketChannel.open();
    } catch (IOException e) {
      throw new StageException(Failure.CONNECT);
    }
    boolean done = false;
    try {
      Socket socket = channel.socket();
      try {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        socket.setSoTimeout(timeoutMillis);
        socket.connect(first, timeoutMillis);
      } catch (IOException e) {
        throw new StageException(Failure.CONNECT);
      }
      if (socks) {
        handshake(socket.getInputStream(), socket.getOutputStream(), scratch);
      }
      done = true;
      return channel;
    } catch (IOException e) {
      // getInputStream on a socket closed under us
      throw new StageException(Failure.IO);
    } finally {
      if (!done) {
        close(channel);
      }
    }
  }

  private void handshake(InputStream in, OutputStream out, byte[] b) throws StageException {
    if (socks4) {
      step(out, request, in, b, 8, Failure.REPLY);
      if (b[1] != 0x5a) {
        throw new StageException(Failure.REPLY);
      }
      return;
    }
    step(out, greeting, in, b, 2, Failure.GREET);
    if (b[0] != 5) {
      throw new StageException(Failure.GREET);
    }
    if (b[1] == 2 && authentication.length > 0) {
      step(out, authentication, in, b, 2, Failure.AUTH);
      if (b[1] != 0) {
        throw new StageException(Failure.AUTH);
      }
    } else if (b[1] != 0) {
      throw new StageException(Failure.GREET);
    }
    step(out, request, in, b, 4, Failure.REPLY);
    if (b[0] != 5 || b[1] != 0) {
      throw new StageException(Failure.REPLY);
    }
    int rest;
    switch (b[3]) {
      case 1: rest = 4 + 2; break;
      case 4: rest = 16 + 2; break;
      case 3:
        step(out, null, in, b, 1, Failure.REPLY);
        rest = (b[0] & 0xff) + 2;
        break;
      default: throw new StageException(Failure.REPLY);
    }
    step(out, null, in, b, rest, Failure.REPLY);
  }

  /** Writes {@code message} (if any), then reads exactly {@code length} bytes into {@code b}. */
  private static void step(OutputStream out, byte @Nullable [] message,
      InputStream in, byte[] b, int length, Failure failure) throws StageException {
    try {
      if (message != null) {
        out.write(message);
      }
      readFully(in, b, length);
    } catch (IOException e) {
      throw new StageException(failure);
    }
  }

  /**
   * Reads exactly {@code length} bytes into the start of {@code b}.
   *
   * @throws EOFException if the stream ends first
   */
  static void readFully(InputStream in, byte[] b, int length) throws IOException {
    for (int have = 0; have < length; ) {
      int n = in.read(b, have, length - have);
      if (n < 0) {
        throw new EOFException("after " + have + " of " + length + " bytes");
      }
      have += n;
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
